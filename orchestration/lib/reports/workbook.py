"""Spreadsheet output that Excel never executes: every report workbook is written through here.

A text cell starting with =, +, -, @ (or a tab/CR) is stored as an inline string with Excel's
quote prefix, never as a formula, so a commentary line like `=HYPERLINK(...)` shows as text.
Workbooks are write-only (`Workbook(write_only=True)`): rows stream to disk as they come, so a
record list of any length takes the same memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
WRAPPED = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
_STYLES: WeakKeyDictionary = WeakKeyDictionary()  # workbook -> {bold: the style's ids in it}


def _style(sheet: WriteOnlyWorksheet, bold: bool):
    """The wrapped (bold) style's ids in this sheet's workbook, looked up once per workbook:
    assigning `cell.alignment` hashes the Alignment into the workbook's style table for every
    cell, a third of a record list's writing time."""
    styles = _STYLES.setdefault(sheet.parent, {})
    if bold not in styles:
        cell = WriteOnlyCell(sheet)
        cell.alignment = WRAPPED
        if bold:
            cell.font = BOLD
        styles[bold] = cell._style
    return copy(styles[bold])  # a cell's own: quotePrefix changes it


def _cell(sheet: WriteOnlyWorksheet, value: object, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell._style = _style(sheet, bold)
    if isinstance(value, str):
        cell.data_type = "s"  # a literal string, even when it starts with '='
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def write_table(
    sheet: WriteOnlyWorksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] | None = None,
    filters: bool = True,
) -> int:
    """Header in bold, frozen below it, wrapped text, optional auto-filter; text cells are
    written as literal strings (never formulas). Returns the number of data rows written."""
    sheet.freeze_panes = "A2"  # views and column widths are written before the first row
    for i, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.append([_cell(sheet, name, bold=True) for name in header])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    if filters and count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    return count
