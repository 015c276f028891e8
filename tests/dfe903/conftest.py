"""The DfE SSDA903 tests need the validator's own environment (`make dfe903`; `make test` creates
it). In CI it must be there, so they never skip there: only a developer without it skips."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from orchestration.defs.dfe903.validation import validator_python

needs_validator = pytest.mark.skipif(
    not validator_python().exists() and not os.environ.get("CI"),
    reason="the DfE validator environment is missing: run `make dfe903`",
)

# The validator's own report, straight from its API (no scrutiny code): the oracle.
ORACLE = r"""
import json, logging, sys
logging.disable(logging.CRITICAL)
from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.rules.ruleset_utils import get_year_ruleset
from lac_validator.utils import process_uploaded_files

year, la_code, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
registry = get_year_ruleset(year)
validator = lac_validator.LacValidator(
    metadata={"collectionYear": year, "localAuthority": la_code},
    files=process_uploaded_files({"This year": paths}),
    registry=registry,
)
report = Report(validator.ds_results, registry)
issues = lac_validator.create_issue_df(report.report, report.error_report)
issues = issues.drop(columns=["columns_affected"]).drop_duplicates()
print(json.dumps({"issues": issues.to_dict(orient="records"), "evaluated": validator.dones}))
"""


def validator_report(paths: list[Path], year: str = "2026", la_code: str = "E06000059") -> dict:
    """{"issues": [{child_id, tables_affected, row_id, rule_code, rule_description}], "evaluated": [codes]}"""
    done = subprocess.run(
        [str(validator_python()), "-c", ORACLE, year, la_code, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
