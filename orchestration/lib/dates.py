"""Parse date text in the formats the contract allows, value by value, to ISO `YYYY-MM-DD`.

Allowed: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, `dd/mm/yyyy`, mixed within a column, plus Excel
serial day numbers when the file is a workbook. Anything else is left as it was so that the
schema's `date_format` check quarantines the row with the value visible in restricted storage.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
_UK = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_one(text: str, allow_serial: bool = False) -> str | None:
    """ISO date for one value, or None when it is not a date in an allowed format."""
    text = text.strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_ISO_TIME, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            year, month, day = (int(parts[i]) for i in order)
            if pattern is _ISO_TIME:
                hour, minute, second = (int(p) for p in parts[3:])
                if hour > 23 or minute > 59 or second > 59:
                    return None
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return None
    if allow_serial and _SERIAL.match(text):
        serial = float(text)
        if 1 <= serial < 2958466:  # Excel's 1900-01-01 .. 9999-12-31
            return (EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()
    return None


def parse_column(values: pd.Series, allow_serial: bool = False) -> pd.Series:
    """Parsed ISO text where a value parses, the original text where it does not."""
    present = values.dropna()
    mapping = {v: parse_one(v, allow_serial) for v in present.unique()}
    parsed = present.map(lambda v: mapping[v] if mapping[v] is not None else v)
    out = values.copy()
    out.loc[parsed.index] = parsed
    return out
