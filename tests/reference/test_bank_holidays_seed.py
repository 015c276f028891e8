"""The bank-holiday seed is the installed govuk-bank-holidays list (England and Wales), so a
package upgrade without re-running scripts/build_bank_holidays.py fails here."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "dbt_project/seeds/reference/bank_holidays_england_wales.csv"


def _script():
    spec = importlib.util.spec_from_file_location("build_bank_holidays", ROOT / "scripts/build_bank_holidays.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_matches_the_package():
    with SEED.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    script = _script()
    assert rows[0] == script.HEADER
    assert rows[1:] == script.england_and_wales()


def test_seed_holds_england_and_wales_not_scotland():
    dates = {row["holiday_date"] for row in csv.DictReader(SEED.open(encoding="utf-8"))}
    assert {"2025-04-18", "2025-04-21", "2025-08-25", "2025-12-25", "2025-12-26"} <= dates
    assert "2025-08-04" not in dates  # Scotland's summer bank holiday
    assert "2025-01-02" not in dates  # Scotland's 2nd January
