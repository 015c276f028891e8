"""Refused before any work (issue 10, item 3): exit 2, one line on stderr, and nothing rebuilt or
republished: the last published mart and reports keep their bytes and times, no warehouse,
Dagster instance or log is created.

Before the fix, `SCRUTINY_LA_CODE=E99999999` and an out-of-range `--quarter` ran the whole job
(and republished), and a raw directory without a source published an empty mart.
"""

from __future__ import annotations

import os

import pytest

from tests.harness import Extracts
from tests.ops.cli import housing_extracts, scrutiny_run


@pytest.fixture
def published(tmp_path, postcode_dir) -> tuple[Extracts, dict]:
    """Tiny extracts, and a data directory holding a 'last good' mart and report to protect."""
    extracts = housing_extracts(tmp_path, postcode_dir)
    outputs = [extracts.data / "published" / "mart.duckdb", extracts.data / "reports" / "2023-24-Q4" / "dq_report.html"]
    for path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"the last good output")
        os.utime(path, (1_700_000_000, 1_700_000_000))
    return extracts, {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in outputs}


def assert_refused(result, published: dict, extracts: Extracts, expected: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("scrutiny: ") and expected in lines[0]
    assert result.stdout == ""
    for path, (content, mtime) in published.items():
        assert (path.read_bytes(), path.stat().st_mtime_ns) == (content, mtime)
    made = {p.name for p in extracts.data.iterdir()}
    assert made == {"published", "reports", "reference"}, made  # no warehouse, instance, logs or lock


def test_an_la_code_that_is_not_upper_tier_is_refused(published):
    extracts, outputs = published
    result = scrutiny_run(extracts, SCRUTINY_LA_CODE="E99999999")
    assert_refused(
        result,
        outputs,
        extracts,
        "SCRUTINY_LA_CODE='E99999999' is not an upper-tier authority code in "
        "dbt_project/seeds/reference/district_upper_tier.csv",
    )


def test_a_district_code_is_not_an_upper_tier_code(published):
    """E07000008 (Cambridge) is a district of Cambridgeshire (E10000003), not an upper tier."""
    extracts, outputs = published
    assert_refused(scrutiny_run(extracts, SCRUTINY_LA_CODE="E07000008"), outputs, extracts, "'E07000008'")


def test_a_quarter_after_the_last_month_is_refused(published):
    """Delivery 2024-04-05: the last complete month is 2024-03, so 2024/25 Q1 (to June) cannot be had."""
    extracts, outputs = published
    result = scrutiny_run(extracts, "--quarter", "2024-25-Q1")
    assert_refused(
        result,
        outputs,
        extracts,
        "--quarter 2024-25-Q1 ends in 2024-06, after the run's last month 2024-03 (set by the newest delivery, "
        "housing/2024-04-05); the latest quarter the data can have is 2023-24-Q4",
    )


def test_a_quarter_before_the_history_is_refused(published):
    """36 months of history before 2024-03 start at 2021-03; 2019/20 Q1 ends 2019-06, before it."""
    extracts, outputs = published
    result = scrutiny_run(extracts, "--quarter", "2019-20-Q1")
    assert_refused(result, outputs, extracts, "ends in 2019-06, before the run's first month 2021-03")


def test_a_malformed_quarter_is_refused(published):
    extracts, outputs = published
    result = scrutiny_run(extracts, "--quarter", "2025-Q2")
    assert_refused(result, outputs, extracts, "quarter '2025-Q2' is not a financial quarter like 2025-26-Q2")


def test_a_missing_raw_directory_is_refused(published):
    extracts, outputs = published
    extracts.raw = extracts.raw.with_name("not-there")
    assert_refused(scrutiny_run(extracts), outputs, extracts, "the raw directory ")


def test_a_raw_directory_without_a_supported_source_says_what_it_found(published):
    """An empty raw/ used to publish an empty mart over the last good one."""
    extracts, outputs = published
    for path in sorted(extracts.raw.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (extracts.raw / "Housing extracts").mkdir()
    (extracts.raw / "reference").mkdir()
    (extracts.raw / "housing").mkdir()  # a source folder with no delivery in it
    result = scrutiny_run(extracts)
    assert_refused(
        result,
        outputs,
        extracts,
        "holds no supported source (found: Housing extracts, housing, reference); expected a folder named one of "
        "adults, commentary, early_years, education, ehcp, housing, registration, ssd, ssda903",
    )
