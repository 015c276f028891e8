"""Runs the dbt project's unit tests (RAG/DOT, cohort, distance) inside `make test`."""

import os
import subprocess

from orchestration.settings import DBT_PROJECT_DIR
from tests.harness import DBT, TEST_KEY


def test_dbt_unit_tests_pass(extracts, postcode_dir):
    build = extracts.build(postcode_dir)  # unit tests need the upstream relations to exist
    env = {
        **os.environ,
        **build.settings.dbt_env(),
        "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY,
        "DBT_LOG_PATH": str(extracts.data / "dbt_logs"),
    }
    result = subprocess.run(
        [
            DBT,
            "test",
            "--select",
            "test_type:unit",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(extracts.data / "dbt_target"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "PASS=" in result.stdout and "ERROR=0" in result.stdout
    assert int(result.stdout.split("PASS=")[1].split()[0]) >= 3
