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
    assert output_lines(settings, "2025/26 Q2") == [f"  {'scrutiny dashboard:':<40} {folder / 'dashboard.html'}"]


def test_assets_report_the_tagged_quarter_and_fail_cleanly_without_it(tmp_path):
    """Materialised as Dagster runs them: the `scrutiny/quarter` tag picks the folder; a
    quarter the mart does not hold fails the run with the reason and writes nothing."""
    import dagster as dg

    from orchestration.defs.reports.assets import (
        dashboard,
        exceptions_report,
        public_cut,
        public_cut_discloses_no_small_numbers,
    )
    from orchestration.defs.resources import ScrutinySettings
    from tests.reports.hand_built import small_mart

    settings = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    settings.mart_path.parent.mkdir(parents=True)
    small_mart(settings.mart_path)
    resources = {"scrutiny": ScrutinySettings(raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir))}
    assets = [public_cut, public_cut_discloses_no_small_numbers, exceptions_report, dashboard]
    result = dg.materialize(assets, resources=resources, tags={"scrutiny/quarter": "2025-26-Q2"})
    assert result.success
    folder = settings.data_dir / "reports" / "2025-26-Q2"
    assert sorted(p.name for p in folder.iterdir()) == ["dashboard.html", "exceptions.html", "exceptions.xlsx"]
    checks = result.get_asset_check_evaluations()
    assert [(c.check_name, c.passed) for c in checks] == [("public_cut_discloses_no_small_numbers", True)]
    missing = dg.materialize(assets, resources=resources, tags={"scrutiny/quarter": "2019-20-Q1"}, raise_on_error=False)
    assert not missing.success
    failures = [e for e in missing.all_events if e.is_step_failure]
    assert "no figures for 2019/20 Q1" in failures[0].step_failure_data.user_failure_data.description
    assert not (settings.data_dir / "reports" / "2019-20-Q1").exists()
