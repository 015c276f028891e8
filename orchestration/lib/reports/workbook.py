"""Spreadsheet output that Excel never executes: every report workbook is written through here.

A text cell starting with =, +, -, @ (or a tab/CR) is stored as an inline string with Excel's
quote prefix, never as a formula, so a commentary line like `=HYPERLINK(...)` shows as text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def write_table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] | None = None,
    filters: bool = True,
) -> int:
    """Header in bold, frozen below it, wrapped text, optional auto-filter; text cells are
    written as literal strings (never formulas). Returns the number of data rows written."""
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    last_row = sheet.max_row  # counted once: max_row scans every cell, so per row it is quadratic
    for row in rows:
        sheet.append([None] * len(header))
        last_row += 1
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=last_row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a literal string, even when it starts with '='
                if value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        count += 1
    sheet.freeze_panes = "A2"
    if filters and count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    for i, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    return count
