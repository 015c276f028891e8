"""Partitions shared by every area: financial quarters (reports, publish) and calendar months
(incremental sources). Dagster has no quarterly class; a time window on the first day of each
financial quarter (Apr, Jul, Oct, Jan) is one. Keys are the quarter's first day, `2025-07-01`."""

from __future__ import annotations

from datetime import date

import dagster as dg

from orchestration.lib.periods import quarter_of, quarter_slug

FIRST_QUARTER = "2019-04-01"

financial_quarters = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1,4,7,10 *", start=FIRST_QUARTER, fmt="%Y-%m-%d", timezone="Europe/London"
)
months = dg.MonthlyPartitionsDefinition(start_date="2019-04-01", timezone="Europe/London")


def quarter_slug_of_key(key: str) -> str:
    """'2025-07-01' -> '2025-26-Q2', the form folders and the command line use."""
    return quarter_slug(*quarter_of(date.fromisoformat(key)))
