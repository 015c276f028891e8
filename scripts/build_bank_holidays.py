"""Rebuild dbt_project/seeds/reference/bank_holidays_england_wales.csv from govuk-bank-holidays.

The working-day calendar (int_calendar_days) skips Saturdays, Sundays and these dates. The
package bundles gov.uk's list (England and Wales: 2012 to 2028 in version 0.19); by default this
reads that bundled copy and never touches the network. After upgrading the package (or with
`--online`, which asks https://www.gov.uk/bank-holidays.json and falls back to the bundled copy),
run `.venv/bin/python scripts/build_bank_holidays.py` and commit the CSV: the seed's first and last
years bound where bank holidays are known (see the DQ rule `outside_bank_holiday_years`).
"""

from __future__ import annotations

import argparse
import csv
from importlib.metadata import version
from pathlib import Path

from govuk_bank_holidays.bank_holidays import BankHolidays

OUT = Path(__file__).resolve().parents[1] / "dbt_project/seeds/reference/bank_holidays_england_wales.csv"
HEADER = ["holiday_date", "title"]


def england_and_wales(online: bool = False) -> list[list[str]]:
    """[ISO date, title] for every England and Wales bank holiday the package knows, in date order."""
    holidays = BankHolidays(use_cached_holidays=not online)
    events = holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    # gov.uk titles use a typographic apostrophe: keep the CSV plain ASCII.
    return sorted([e["date"].isoformat(), e["title"].replace("\u2019", "'")] for e in events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--online", action="store_true", help="fetch the current list from gov.uk")
    args = parser.parse_args()
    rows = england_and_wales(online=args.online)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(
        f"wrote {len(rows)} England and Wales bank holidays ({rows[0][0]} to {rows[-1][0]}) "
        f"from govuk-bank-holidays {version('govuk-bank-holidays')} to {OUT}"
    )


if __name__ == "__main__":
    main()
