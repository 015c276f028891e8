"""Which quarter a run reports and the lines the run summary prints about the pack."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.reports.outputs import output_lines, report_quarter, reports_dir
from orchestration.settings import Settings


@pytest.fixture
def mart(tmp_path):
    path = tmp_path / "mart.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table indicator_values as select * from (values "
            "('quarter', '2025/26 Q1', date '2025-06-30'), ('quarter', '2025/26 Q2', date '2025-09-30'), "
            "('month', '2025-10', date '2025-10-31')) as t(period_type, period_label, period_end)"
        )
    return path


def test_the_tag_wins_else_the_latest_complete_quarter(mart, tmp_path):
    assert report_quarter(mart, "2025-26-Q1") == "2025/26 Q1"
    assert report_quarter(mart, None) == "2025/26 Q2"  # October alone is not a complete quarter
    with pytest.raises(ValueError, match="like 2025-26-Q2"):
        report_quarter(mart, "2025-Q1")
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        con.execute("create table indicator_values (period_type varchar, period_label varchar, period_end date)")
    with pytest.raises(ValueError, match="no complete quarter"):
        report_quarter(empty, None)


def test_output_lines_name_what_exists(tmp_path):
    settings = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    folder = reports_dir(settings, "2025/26 Q2")
    assert folder == tmp_path / "data" / "reports" / "2025-26-Q2"
    assert output_lines(settings, "2025/26 Q2") == []
    folder.mkdir(parents=True)
    (folder / "dashboard.html").write_text("x")
    assert output_lines(settings, "2025/26 Q2") == [f"  {'scrutiny dashboard:':<39} {folder / 'dashboard.html'}"]
