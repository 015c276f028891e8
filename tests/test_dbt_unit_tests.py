"""Runs the dbt project's unit tests (RAG/DOT, cohort, distance) inside `make test`."""

import re

from tests.dbt_invocation import invoke
from tests.harness import TEST_KEY


def test_dbt_unit_tests_pass(extracts, postcode_dir):
    build = extracts.build(postcode_dir)  # unit tests need the upstream relations to exist
    env = {**build.settings.dbt_env(), "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
    result = invoke(["test", "--select", "test_type:unit"], env, extracts.data)
    assert result.success, result.output[-4000:]
    summary = re.search(r"PASS=(\d+) WARN=\d+ ERROR=(\d+)", result.output)
    assert summary, result.output[-2000:]
    assert int(summary.group(2)) == 0
    assert int(summary.group(1)) >= 3
