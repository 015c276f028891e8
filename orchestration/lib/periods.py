"""Financial quarters and the run's reporting periods (pure date logic)."""

from __future__ import annotations

import re
from datetime import date

QUARTER_ARG = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")


def quarter_of(day: date) -> tuple[int, int]:
    """(financial year start, quarter number): Q1 April-June ... Q4 January-March."""
    start = day.year if day.month >= 4 else day.year - 1
    return start, (day.month - 4) % 12 // 3 + 1


def quarter_label(start_year: int, quarter: int) -> str:
    """The mart's label: '2025/26 Q2'."""
    return f"{start_year}/{str(start_year + 1)[-2:]} Q{quarter}"


def quarter_slug(start_year: int, quarter: int) -> str:
    """The command line's and folders' form: '2025-26-Q2'."""
    return f"{start_year}-{str(start_year + 1)[-2:]}-Q{quarter}"


def parse_quarter(text: str) -> tuple[int, int]:
    """'2025-26-Q2' -> (2025, 2); raises ValueError with the expected form."""
    match = QUARTER_ARG.match(text.strip())
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        raise ValueError(f"quarter '{text}' is not a financial quarter like 2025-26-Q2")
    return int(match.group(1)), int(match.group(3))


def previous_quarter(day: date) -> tuple[int, int]:
    """The last financial quarter that ended before `day`."""
    start, quarter = quarter_of(day)
    return (start, quarter - 1) if quarter > 1 else (start - 1, 4)


def slug_from_label(label: str) -> str:
    """'2025/26 Q2' -> '2025-26-Q2' (the reports folder)."""
    years, quarter = label.split()
    return quarter_slug(int(years[:4]), int(quarter[1]))


def label_from_slug(text: str) -> str:
    return quarter_label(*parse_quarter(text))
