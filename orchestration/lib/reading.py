"""Read a delivered file into text columns, whatever Excel or the source system did to it.

Handles UTF-8 (with or without BOM), UTF-16 with BOM and Windows-1252 CSV, and .xlsx
(first sheet, header row possibly below title rows). Every value is kept as text with its
original file row number; parsing and validation happen later so nothing is lost here.

This in-memory reader serves the council's GIAS reference download (`reference.py`), which is
small and keeps only four columns. Delivered source tables are streamed through DuckDB by
`loading.py` instead (which shares `UnreadableFile` and the header search depth from here).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from schemas._spec import Table, normalise_name

ROW_NUMBER = "_row_number"
HEADER_SEARCH_ROWS = 30


class UnreadableFile(Exception):
    """The file cannot be read at all; the message names the file and what to do."""

    def __init__(self, path: Path, problem: str, fix: str):
        self.path, self.problem, self.fix = path, problem, fix
        super().__init__(f"{path}: {problem}. What to do: {fix}")


@dataclass
class ReadResult:
    frame: pd.DataFrame  # text columns named by normalised header, plus ROW_NUMBER
    encoding: str
    from_excel: bool
    header_row: int
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (rule_code, description)


def read_file(path: Path, table: Table) -> ReadResult:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows, encoding = _xlsx_rows(path), "xlsx"
    elif suffix == ".csv":
        rows, encoding = _csv_rows(path)
    else:
        raise UnreadableFile(path, f"'{suffix}' files are not supported", "deliver the table as .csv or .xlsx")
    return _to_frame(path, rows, encoding, table)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode by BOM, then UTF-8, then Windows-1252 (what Excel's plain 'CSV' writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                path,
                f"the UTF-16 text is damaged ({exc.reason})",
                "re-export the table as 'CSV UTF-8 (Comma delimited)'",
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            path,
            "the file is not text in UTF-8, UTF-16 or Windows-1252",
            "open it in Excel and save as 'CSV UTF-8 (Comma delimited)'",
        ) from exc


def _csv_rows(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            path,
            "the file holds binary data, not comma-separated text",
            "check it is the right file; save the table as CSV UTF-8",
        )
    text, encoding = decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for record in reader:
            rows.append((reader.line_num, record))
    except csv.Error as exc:
        raise UnreadableFile(
            path,
            f"the CSV is malformed near line {reader.line_num}",
            "check for an unclosed quote, then re-export the table",
        ) from exc
    return rows, encoding


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged workbooks
        raise UnreadableFile(
            path,
            f"the workbook cannot be opened ({type(exc).__name__})",
            "open it in Excel, check it is not password-protected, save as .xlsx",
        ) from exc
    return [(i + 1, [_excel_text(v) for v in row]) for i, row in enumerate(values)]


def _is_blank(record: list[str]) -> bool:
    return all(not str(v).strip() for v in record)


def _find_header(rows: list[tuple[int, list[str]]], table: Table) -> int:
    """Index of the header row: the first row naming most of the table's columns, so that
    title rows above a table in a workbook are skipped. Falls back to the first non-blank row."""
    wanted = set(table.keys)
    first_nonblank = None
    for i, (_, record) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_blank(record):
            continue
        if first_nonblank is None:
            first_nonblank = i
        names = {normalise_name(v) for v in record if str(v).strip()}
        if len(names & wanted) >= max(1, min(len(wanted), 2)):
            return i
    if first_nonblank is None:
        return -1
    return first_nonblank


def _to_frame(path: Path, rows, encoding: str, table: Table) -> ReadResult:
    header_at = _find_header(rows, table)
    if header_at < 0:
        raise UnreadableFile(
            path,
            "the file is blank (no header row and no data)",
            "re-export the table from the source system; an empty table still needs its header row",
        )
    header_line, header = rows[header_at]
    names = [normalise_name(v) for v in header]
    keep = [i for i, n in enumerate(names) if n]
    first: dict[str, int] = {}
    repeated = [f"columns {first[names[i]] + 1} and {i + 1}" for i in keep if first.setdefault(names[i], i) != i]
    if repeated:  # named by position: a header cell is delivered text and may hold personal data
        raise UnreadableFile(
            path,
            f"the header names the same column twice ({'; '.join(repeated[:5])})",
            "remove or rename the repeated column and re-deliver",
        )
    records, numbers = [], []
    for line, record in rows[header_at + 1 :]:
        if _is_blank(record):
            continue
        padded = list(record) + [""] * (len(names) - len(record))
        records.append([padded[i].strip() for i in keep] + [_overflow(padded, len(names))])
        numbers.append(line)
    columns = [names[i] for i in keep] + ["_overflow"]
    frame = (
        pd.DataFrame(records, columns=columns, dtype="string")
        if records
        else pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    )
    frame = frame.replace("", pd.NA)
    frame[ROW_NUMBER] = pd.Series(numbers, dtype="int64")
    expected = set(table.keys)
    present = [c for c in columns if c != "_overflow"]
    result = ReadResult(
        frame=frame,
        encoding=encoding,
        from_excel=encoding == "xlsx",
        header_row=header_line,
        extra_columns=[c for c in present if c not in expected],
        missing_columns=[c for c in table.keys if c not in present],
    )
    if encoding == "windows-1252":
        result.warnings.append(
            (
                "encoding_windows_1252",
                "file is Windows-1252, not UTF-8; read as Windows-1252 (save as CSV UTF-8 to avoid this)",
            )
        )
    if result.extra_columns:
        result.warnings.append(
            ("extra_column", f"{len(result.extra_columns)} column(s) not in the standard; kept in raw (_extra)")
        )
    return result


def _overflow(record: list[str], width: int) -> str:
    """Values beyond the header's last column: a sign of a stray comma, quarantined later."""
    extra = [v for v in record[width:] if str(v).strip()]
    return "|".join(extra)
