"""The demo council's 903 extract is near-valid: the DfE rules find exactly its documented
deliberate errors (orchestration/demo/ssda903.py), nothing else."""

from __future__ import annotations

import csv
import json
from collections import Counter

from orchestration.defs.dfe903.validation import run_validator, validator_python
from orchestration.demo import DemoContext, ssda903
from tests.dfe903.conftest import needs_validator


@needs_validator
def test_the_validator_finds_exactly_the_deliberate_errors(tmp_path):
    ssda903.generate(tmp_path, DemoContext(seed=2025, months=36))
    folder = tmp_path / "ssda903" / "2025-10-03"
    files = {table: folder / f"{table}.csv" for table in ("header", "episodes")}
    output = run_validator(validator_python(), files, "2026", "E06000059")
    found = Counter(zip(output.hits["code"], output.hits["table"], strict=True))
    assert found == Counter(ssda903.DELIBERATE_DFE_HITS), json.dumps(sorted(found.items()))
    assert output.summary["rules_evaluated"] > 100
    with files["episodes"].open(newline="") as handle:
        rows = list(csv.reader(handle))
    by_code = dict(zip(output.hits["code"], output.hits["row_number"], strict=True))
    assert rows[by_code["144"] - 1][3] == "C3"
    assert "-" in rows[by_code["147"] - 1][7]
    assert rows[by_code["218"] - 1][5] == "K2" and rows[by_code["218"] - 1][12] == ""
