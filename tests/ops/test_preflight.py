"""The run's last month and the quarters it can report, from delivery folder names alone."""

from __future__ import annotations

from datetime import date

from orchestration.lib.preflight import la_code_refusal, quarter_refusal, run_last_month
from orchestration.settings import DBT_PROJECT_DIR

SEED = DBT_PROJECT_DIR / "seeds" / "reference" / "district_upper_tier.csv"


def deliveries(raw, *folders):
    for folder in folders:
        (raw / folder).mkdir(parents=True)


def test_the_newest_snapshot_sets_the_last_month(tmp_path):
    """903 delivered 2025-10-03 and housing 2025-09-30: the newest is October, so September;
    registration's 2025-10 month does not count while a snapshot source is present; a folder
    that is not a real date (2025-13-01) is ignored."""
    deliveries(tmp_path, "ssda903/2025-10-03", "housing/2025-09-30", "registration/2025-10", "ssd/2025-13-01")
    assert run_last_month(tmp_path) == (date(2025, 9, 1), "ssda903/2025-10-03")


def test_without_a_snapshot_the_newest_incremental_month_is_the_last(tmp_path):
    deliveries(tmp_path, "registration/2025-08", "registration/2025-10", "registration/2025-13")
    assert run_last_month(tmp_path) == (date(2025, 10, 1), "registration/2025-10")


def test_quarter_bounds(tmp_path):
    """Last month 2025-09 with 12 months of history: first month 2024-09. 2025/26 Q2 (to Sep) and
    2024/25 Q2 (to Sep 2024) are in; Q3 (to Dec) is after, 2024/25 Q1 (to Jun 2024) before."""
    deliveries(tmp_path, "housing/2025-10-01")
    assert quarter_refusal("2025-26-Q2", tmp_path, 12) is None
    assert quarter_refusal("2024-25-Q2", tmp_path, 12) is None
    assert "after the run's last month 2025-09" in quarter_refusal("2025-26-Q3", tmp_path, 12)
    assert "latest quarter the data can have is 2025-26-Q2" in quarter_refusal("2025-26-Q3", tmp_path, 12)
    assert "before the run's first month 2024-09" in quarter_refusal("2024-25-Q1", tmp_path, 12)


def test_the_latest_quarter_named_is_the_last_complete_one(tmp_path):
    """Delivery 2025-12-05: last month November, so Q3 (to December) is not complete; Q2 is."""
    deliveries(tmp_path, "housing/2025-12-05")
    assert "latest quarter the data can have is 2025-26-Q2" in quarter_refusal("2025-26-Q3", tmp_path, 36)


def test_upper_tier_codes_pass_and_districts_do_not():
    assert la_code_refusal("E06000059", SEED) is None  # Dorset, a unitary
    assert la_code_refusal("E10000003", SEED) is None  # Cambridgeshire, a county
    assert la_code_refusal("E07000008", SEED) is not None  # Cambridge, a district
    assert la_code_refusal("e06000059", SEED) is not None
