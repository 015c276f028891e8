"""Stream one delivered file into DuckDB, validate it there and store it: nothing is held in Python.

A CSV is parsed by DuckDB's `read_csv` with every option fixed (no sniffing: comma, double
quote, all text, strict structure); rows it cannot split into the header's columns come back
from its rejects table with their line and are quarantined with the reason. A workbook is read
row by row (calamine) into DuckDB in batches. Validation is SQL generated from the table's
spec (`schemas/_spec.py`): the same rules, rule codes, descriptions and fixes as the spec
states, each failure tied to its file line. Paths and values only ever reach SQL as bound
parameters; the SQL text holds identifiers and the schema's own codes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.lib.reading import HEADER_SEARCH_ROWS, UnreadableFile
from orchestration.lib.scanning import Scan, scan_csv
from schemas._spec import BLANK_TOKENS, Col, Table, normalise_name

FIX = {
    "missing_column": "add the column to the extract (the header names are in the contract) and re-deliver",
    "required": "fill in the value in the source system and re-deliver",
    "date_format": "correct the date (YYYY-MM-DD or dd/mm/yyyy) and re-deliver",
    "code_list": "record a code from the standard's list in the source system and re-deliver",
    "integer": "correct the number and re-deliver",
    "number": "correct the number and re-deliver",
    "minimum": "correct the number and re-deliver",
    "json": "correct the JSON object in the source system and re-deliver",
    "too_many_values": "the row has more values than the header has columns (a stray comma?); fix the row and re-deliver",
    "too_few_values": "the row has fewer values than the header has columns (a value or comma missing?); "
    "fix the row and re-deliver",
    "malformed_quotes": 'a value has text after its closing quote; quote the whole value ("...") and re-deliver',
}
STRUCTURE_RULES = {
    "TOO MANY COLUMNS": ("too_many_values", "the row has more values than the header has columns"),
    "MISSING COLUMNS": ("too_few_values", "the row has fewer values than the header has columns"),
    "UNQUOTED VALUE": ("malformed_quotes", "a quoted value is followed by more text before the next comma"),
}
MAX_LINE_BYTES = 1 << 25  # a legal 1 MB cell loads; a 32 MB record is refused with its line
BATCH_ROWS = 50_000


@dataclass
class Loaded:
    encoding: str
    rows_read: int  # counted from the file itself, independently of the parser
    rows_loaded: int = 0
    rows_quarantined: int = 0
    warnings: list[tuple[str, str, int]] = field(default_factory=list)  # (rule, description, rows)


@dataclass
class _Staged:
    """Where one file's rows come from (`c0`..`cN` as text, numbered `_r` in order) and what the reader found."""

    path: Path
    encoding: str
    rows_read: int
    names: list[str]  # normalised header name by position ('' when the header cell is blank)
    header_line: int
    from_excel: bool
    line_sql: str  # SQL mapping `_r` (a row's place among the parsed rows) to its file line
    source: str = "_parsed"  # SQL of the parsed rows, `c0`..`cN` (from `_parsed` also `_r`, the sheet row)
    params: list = field(default_factory=list)
    scan: Scan | None = None
    header_ordinal: int = 0
    broken: list[tuple[int, str, str, list[str]]] = field(default_factory=list)  # line, rule, text, values
    quarantined: int = 0  # rows with an issue, set by the check
    warnings: list[tuple[str, str, int]] = field(default_factory=list)


def load_file(con: duckdb.DuckDBPyConnection, path: Path, table: Table, workdir: Path) -> tuple[Loaded, _Staged]:
    """Stage and check one file; the caller stores it with `store` inside its transaction."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        staged = _stage_csv(con, path, table, workdir)
    elif suffix == ".xlsx":
        staged = _stage_xlsx(con, path, table)
    else:
        raise UnreadableFile(path, f"'{suffix}' files are not supported", "deliver the table as .csv or .xlsx")
    loaded = Loaded(encoding=staged.encoding, rows_read=staged.rows_read, warnings=list(staged.warnings))
    _check(con, staged, table, loaded)
    return loaded, staged


# --- CSV -------------------------------------------------------------------------------------


def _stage_csv(con, path: Path, table: Table, workdir: Path) -> _Staged:
    scan = scan_csv(path, workdir)
    header_ordinal, header_line, header = _csv_header(path, scan, table)
    if scan.open_quote_line:
        raise UnreadableFile(
            path,
            f"a quote opened on line {scan.open_quote_line} is never closed, so the rest of the file would be one value",
            "close the quote (or remove it) on that line and re-deliver",
        )
    width = len(header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    for name in ("_rejects", "_reject_scans"):
        con.execute(f"drop table if exists {name}")
    staged = _Staged(
        path=path,
        encoding=scan.encoding,
        rows_read=scan.data_records(header_ordinal),
        names=[normalise_name(v) for v in header],
        header_line=header_line,
        from_excel=False,
        line_sql="",
        source="read_csv(?, header = false, auto_detect = false, "
        "delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
        f"columns = {columns}, skip = ?, store_rejects = true, rejects_table = '_rejects', "
        f"rejects_scan = '_reject_scans', max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES})",
        params=[str(scan.path), header_line],
        scan=scan,
        header_ordinal=header_ordinal,
    )
    if header_ordinal > 1:
        staged.warnings.append(_above_header(header_ordinal - 1 - sum(o < header_ordinal for o in scan.blank_ordinals)))
    if scan.encoding == "windows-1252":
        staged.warnings.append(
            (
                "encoding_windows_1252",
                "file is Windows-1252, not UTF-8; read as Windows-1252 (save as CSV UTF-8 to avoid this)",
                0,
            )
        )
    return staged


def _rejected_rows(con, staged: _Staged) -> list[tuple[int, list[str]]]:
    """After DuckDB's read: rows it could not split into the header's columns. A blank one is
    ignored, one with only empty values beyond the header is whole (returned, with its line, to
    be checked like any row), any other is quarantined with the reason; a rejected record that
    spans lines means a broken quote, and the file is refused. Also sets the line mapping."""
    scan, path, width = staged.scan, staged.path, len(staged.names)
    rejects = con.execute(
        "select line, min(error_type), any_value(csv_line) from _rejects group by line order by line"
    ).fetchall()
    skipped = {o for o in scan.empty_ordinals if o > staged.header_ordinal}
    whole = []
    for ordinal, error, text in rejects:
        skipped.add(ordinal)
        if not text.replace('"', "").strip(" \t\r\n,"):
            continue  # a blank row: ignored, and not counted by the scan either
        line = scan.line_of(ordinal)
        if "\n" in text.strip() or error not in STRUCTURE_RULES:
            raise UnreadableFile(
                path,
                f"the row at line {line} cannot be split into columns ({error.lower()}); a quote may be missing",
                "check the quotes on that line and re-deliver",
            )
        values = next(csv.reader(io.StringIO(text.rstrip("\r\n"))), [])
        if len(values) > width and not any(v.strip() for v in values[width:]):
            whole.append((line, values[:width]))
            continue
        rule, description = STRUCTURE_RULES[error]
        staged.broken.append((line, rule, f"{description} ({len(values)} values, {width} columns)", values))
    staged.line_sql = _line_mapping(con, scan, staged.header_ordinal, sorted(skipped))
    return whole


def _above_header(rows: int) -> tuple[str, str, int]:
    return ("rows_above_header", f"{rows} non-blank rows above the header row are titles, not data; not loaded", rows)


def _csv_header(path: Path, scan: Scan, table: Table) -> tuple[int, int, list[str]]:
    """(record ordinal, physical line, cells) of the header row within the first records."""
    csv.field_size_limit(MAX_LINE_BYTES)
    with scan.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        records = []
        try:
            for record in reader:
                records.append((len(records) + 1, reader.line_num, record))
                if len(records) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            pass  # a broken early record: the header search uses the records before it
    found = _find_header([(n, line, r) for n, line, r in records], table)
    if found is None:
        raise UnreadableFile(
            path,
            "the file is blank (no header row and no data)",
            "re-export the table from the source system; an empty table still needs its header row",
        )
    ordinal, line, header = found
    _refuse_other_delimiters(path, header, table)
    return ordinal, line, header


def _refuse_other_delimiters(path: Path, header: list[str], table: Table) -> None:
    wanted = set(table.keys)
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        names = {normalise_name(v) for cell in header for v in cell.split(delimiter)}
        if len(header) <= 2 and any(delimiter in c for c in header) and len(names & wanted) >= 2:
            raise UnreadableFile(
                path,
                f"the values are separated by {name}, not commas",
                "save the table as 'CSV UTF-8 (Comma delimited)' (in Excel: File, Save As) and re-deliver",
            )


def _line_mapping(con, scan: Scan, header_ordinal: int, skipped: list[int]) -> str:
    """SQL for the file line of `_parsed._r`: records are numbered from the header on; empty
    lines and rejected records are skipped by DuckDB (a step table), and quoted line breaks
    push later records down (another)."""
    steps = {}
    for offset, ordinal in enumerate(skipped):
        steps[ordinal - header_ordinal - offset] = offset + 1
    if steps:  # the step tables only exist when the mapping reads them (most files need neither)
        con.execute("create or replace temp table _ordinal_steps (r_from bigint, skipped bigint)")
        con.executemany("insert into _ordinal_steps values (?, ?)", list(steps.items()))
    if scan.line_steps:
        con.execute("create or replace temp table _line_steps (ordinal_from bigint, extra bigint)")
        con.executemany("insert into _line_steps values (?, ?)", scan.line_steps)
    ordinal = f"(_r + {header_ordinal} + coalesce((select max_by(skipped, r_from) from _ordinal_steps where r_from <= _r), 0))"
    if not steps:
        ordinal = f"(_r + {header_ordinal})"
    line = ordinal
    if scan.line_steps:
        line = (
            f"({ordinal} + coalesce((select max_by(extra, ordinal_from) from _line_steps "
            f"where ordinal_from <= {ordinal}), 0))"
        )
    return f"(case when _r < 0 then -_r else {line} end)"


# --- xlsx ------------------------------------------------------------------------------------


def _stage_xlsx(con, path: Path, table: Table) -> _Staged:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        head = []
        for number, row in enumerate(rows, start=1):
            head.append((number, number, [_excel_text(v) for v in row]))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    except Exception as exc:  # calamine raises several types for damaged workbooks
        raise UnreadableFile(
            path,
            f"the workbook cannot be opened ({type(exc).__name__})",
            "open it in Excel, check it is not password-protected, save as .xlsx",
        ) from None
    found = _find_header(head, table)
    if found is None:
        raise UnreadableFile(
            path,
            "the file is blank (no header row and no data)",
            "re-export the table from the source system; an empty table still needs its header row",
        )
    header_line, _, header = found
    while header and not header[-1].strip():
        header = header[:-1]  # a sheet pads every row to its widest: trailing empty header cells are not columns
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    con.execute("drop table if exists _parsed")
    con.execute(f"create temp table _parsed (_r bigint, {', '.join(f'{n} varchar' for n in names)})")
    staged = _Staged(
        path=path,
        encoding="xlsx",
        rows_read=0,
        names=[normalise_name(v) for v in header],
        header_line=header_line,
        from_excel=True,
        line_sql="abs(_r)",  # the sheet's row number (negative for a row quarantined by the reader)
    )
    above = sum(1 for n, _, r in head if n < header_line and not _blank(r))
    if above:
        staged.warnings.append(_above_header(above))

    def data_rows() -> Iterator[tuple[int, list[str]]]:
        for number, _, record in head:
            if number > header_line:
                yield number, record
        for number, row in enumerate(rows, start=len(head) + 1):
            yield number, [_excel_text(v) for v in row]

    batch: list[tuple[int, list[str]]] = []
    for number, record in data_rows():
        if _blank(record):
            continue
        staged.rows_read += 1
        if len(record) > width and any(v.strip() for v in record[width:]):
            rule, description = STRUCTURE_RULES["TOO MANY COLUMNS"]
            staged.broken.append((number, rule, f"{description} ({len(record)} values, {width} columns)", record))
            continue
        batch.append((number, (record + [""] * width)[:width]))
        if len(batch) >= BATCH_ROWS:
            _insert_batch(con, batch, names)
            batch = []
    _insert_batch(con, batch, names)
    return staged


def _insert_batch(con, batch: list[tuple[int, list[str]]], names: list[str]) -> None:
    if not batch:
        return
    arrays = {"_r": pa.array([n for n, _ in batch], pa.int64())}
    for i, name in enumerate(names):
        arrays[name] = pa.array([r[i] for _, r in batch], pa.string())
    incoming = pa.table(arrays)  # noqa: F841 (read by DuckDB's replacement scan)
    con.execute("insert into _parsed select * from incoming")


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


def _blank(record: list[str]) -> bool:
    return all(not str(v).strip() for v in record)


def _find_header(rows: list[tuple[int, int, list[str]]], table: Table) -> tuple[int, int, list[str]] | None:
    """The first row naming most of the table's columns (title rows above a table are
    skipped); else the first non-blank row. Rows are (ordinal, line, cells)."""
    wanted = set(table.keys)
    first = None
    for row in rows:
        record = row[2]
        if _blank(record):
            continue
        first = first or row
        names = {normalise_name(v) for v in record if str(v).strip()}
        if len(names & wanted) >= max(1, min(len(wanted), 2)):
            return row
    return first


# --- validation in SQL -----------------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# What Python's str.strip() removes (every character with str.isspace()): tabs and non-breaking
# spaces pad values in spreadsheet exports as often as spaces do, and DuckDB's trim() alone
# leaves tabs. A row of nothing else is blank here and in the record count (scanning.py).
WHITESPACE = "".join(chr(c) for c in (*range(0x9, 0xE), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B)))
WHITESPACE += "\u2028\u2029\u202f\u205f\u3000"


def _trimmed(cell: str) -> str:
    """`cell` without leading or trailing WHITESPACE, NULL when nothing is left. Most values
    start and end with a printable ASCII character, which no WHITESPACE is, so they are kept
    as they are (substr finds the last character faster than right). The rest are trimmed by
    one regular expression: ~4x faster than trim() plus trim() with a character list on a
    padded file, and a tenth of the SQL to plan for every cell of every file."""
    untouched = f"ascii({cell}) between 33 and 126 and ascii(substr({cell}, -1)) between 33 and 126"
    trimmed = f"nullif(regexp_replace({cell}, '^{_SPACES}+|{_SPACES}+$', '', 'g'), '')"
    return f"(case when {cell} is null then null when {untouched} then {cell} else {trimmed} end)"


_SPACES = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"  # RE2 class of WHITESPACE, ASCII text


def _literal(text: str) -> str:
    """A literal from the schema's own text (codes, descriptions), never from a file."""
    return "'" + text.replace("'", "''") + "'"


def _date_sql(text: str, allow_serial: bool) -> str:
    """ISO text of a date in an allowed format (dates.py states them), else NULL. Exact
    patterns first, then DuckDB's date cast, which rejects days that do not exist."""
    cases = [
        f"when regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') and {text}[1:4] <> '0000' "
        f"then try_cast({text} as date)",
        f"when regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}} [0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}') "
        f"and {text}[1:4] <> '0000' and {text}[12:13]::int < 24 and {text}[15:16]::int < 60 "
        f"and {text}[18:19]::int < 60 then try_cast({text}[1:10] as date)",
        f"when regexp_full_match({text}, '[0-9]{{2}}/[0-9]{{2}}/[0-9]{{4}}') and {text}[7:10] <> '0000' "
        f"then try_cast({text}[7:10] || '-' || {text}[4:5] || '-' || {text}[1:2] as date)",
    ]
    if allow_serial:
        cases.append(
            f"when regexp_full_match({text}, '[0-9]{{1,6}}([.][0-9]+)?') and {text}::double >= 1 "
            f"and {text}::double < 2958466 then date '1899-12-30' + cast(floor({text}::double) as integer)"
        )
    return f"(case {' '.join(cases)} end)::varchar"


def _text_sql(col: Col, position: int | None) -> str:
    """The delivered text of a schema column, trimmed; blank and (outside free text) the
    contract's NULL tokens become NULL."""
    if position is None:
        return "null::varchar"
    text = f"_u{position}"
    if col.kind == "free_text":
        return text
    tokens = ", ".join(_literal(t) for t in BLANK_TOKENS)
    return f"(case when length({text}) <= 4 and upper({text}) in ({tokens}) then null else {text} end)"


def _value_sql(col: Col, text: str, parsed: str) -> str:
    """The checked value: codes in the standard's case, dates as ISO text when they parse."""
    if col.kind == "code":
        cases = " ".join(f"when {_literal(code.casefold())} then {_literal(code)}" for code in col.codes)
        return f"(case lower({text}) {cases} else {text} end)"
    if col.kind == "date":
        return f"coalesce({parsed}, {text})"
    return text


def _failure_sql(col: Col, rule: str, text: str, value: str, parsed: str) -> str:
    if rule == "required":
        return f"{value} is null"
    if rule == "date_format":
        return f"{parsed} is null"
    if rule == "integer":
        return f"not regexp_full_match({value}, '-?[0-9]+')"
    if rule == "number":
        return f"not regexp_full_match({value}, '-?[0-9]+([.][0-9]+)?')"
    if rule == "code_list":
        return f"{value} not in ({', '.join(_literal(c) for c in col.codes)})"
    if rule == "json":
        return f"not (case when json_valid({value}) then json_type({value}) = 'OBJECT' else false end)"
    if rule == "minimum":
        return f"coalesce(try_cast({value} as double) < {col.minimum!r}, false)"
    raise ValueError(f"no SQL for rule {rule}")


def _check(con, staged: _Staged, table: Table, loaded: Loaded) -> None:
    """Build `_checked` (one row per non-blank data row: line, values, _extra, failure flags)
    and `_issues` (one row per broken rule), and count what loads and what is quarantined."""
    names = staged.names
    seen: dict[str, int] = {}
    repeated = []
    for i, name in enumerate(names):
        if name and name in seen:
            repeated.append(f"columns {seen[name] + 1} and {i + 1}")
        seen.setdefault(name, i)
    if repeated:
        raise UnreadableFile(
            staged.path,
            f"the header names the same column twice ({'; '.join(repeated[:5])})",
            "remove or rename the repeated column and re-deliver",
        )
    position = {name: i for i, name in enumerate(names) if name}
    extras = [(name or f"column_{i + 1}", i) for i, name in enumerate(names) if name not in table.keys]
    unknown = [i + 1 for i, name in enumerate(names) if name and name not in table.keys]
    unnamed = [i + 1 for i, name in enumerate(names) if not name]
    if unknown:
        loaded.warnings.append(
            (
                "extra_column",
                f"{_count(len(unknown), 'column')} not in the standard ({_positions(unknown)}); kept in raw (_extra)",
                0,
            )
        )
    if unnamed:
        loaded.warnings.append(
            (
                "unnamed_column",
                f"{_count(len(unnamed), 'column')} without a header name ({_positions(unnamed)}); "
                "values kept in raw (_extra) as column_<position>",
                0,
            )
        )
    missing = [c for c in table.columns if c.key not in position]
    missing_required = [c for c in missing if c.required]
    for col in missing:
        if not col.required:
            loaded.warnings.append(
                ("missing_optional_column", f"optional column {col.name} is missing; loaded as blank", 0)
            )
    serial = staged.from_excel
    texts, parsed, values, select = [], [], [], ["_r"]
    flags: list[tuple[str, str, str, str]] = []  # flag column, column key, rule, description
    case_flags = []
    for n, col in enumerate(table.columns):
        texts.append(f"{_text_sql(col, position.get(col.key))} as _t{n}")
        if col.kind == "date":
            parsed.append(f"{_date_sql(f'_t{n}', serial)} as _d{n}")
        text, date_value = f"_t{n}", f"_d{n}"
        value = _value_sql(col, text, date_value)
        if value != text:  # computed once, not in the value and in each of its flags (shorter to plan, too)
            values.append(f"{value} as _v{n}")
            value = f"_v{n}"
        select.append(f"{value} as {_ident(col.key)}")
        if missing_required:
            continue
        if col.kind == "code":
            flag = f"_case_{len(case_flags)}"
            case_flags.append((flag, col))
            select.append(f"coalesce({value} <> {text}, false) as {flag}")
        for rule in col.rule_codes():
            flag = f"_f{len(flags)}"
            condition = _failure_sql(col, rule, text, value, date_value)
            if rule != "required":
                condition = f"{value} is not null and ({condition})"  # blank is the required rule's alone
            select.append(f"coalesce({condition}, false) as {flag}")
            flags.append((flag, col.key, rule, f"{col.describe_rule(rule)}; {FIX.get(rule, _DEFAULT_FIX)}"))
    for col in missing_required:
        flag = f"_f{len(flags)}"
        select.append(f"true as {flag}")
        description = f"required column {col.name} is missing from the file; {FIX['missing_column']}"
        flags.append((flag, col.key, "missing_column", description))
    if extras:
        pairs = ", ".join(f"{_literal(n)}, _u{i}" for n, i in extras)
        texts.append(f"json_object({pairs})::varchar as _extra")
    else:
        texts.append("null::varchar as _extra")
    select.append("_extra")
    width = len(names)
    trimmed = ", ".join(f"{_trimmed(f'c{i}')} as _u{i}" for i in range(width))
    present = f"coalesce({', '.join(f'_u{i}' for i in range(width))}) is not null"  # fully blank rows are ignored

    def checked(cells: str) -> str:
        inner = f"select _r, {', '.join(texts)} from ({cells}) where {present}"
        middle = f"select *{''.join(', ' + p for p in parsed)} from ({inner})"
        valued = f"select *{''.join(', ' + v for v in values)} from ({middle})"
        return f"select {', '.join(select)} from ({valued})"

    con.execute("drop table if exists _checked")
    try:
        if staged.scan is None:
            con.execute(f"create temp table _checked as {checked(f'select _r, {trimmed} from {staged.source}')}")
        else:
            # Read and trimmed on every core (row_number() over the read ran on one): the table
            # keeps the read's order, so its rowid numbers the parsed rows. ~1.6x faster on 2 cores.
            con.execute(f"create or replace temp table _cells as select {trimmed} from {staged.source}", staged.params)
            con.execute(f"create temp table _checked as {checked('select rowid + 1 as _r, * from _cells')}")
            con.execute("drop table _cells")
    except duckdb.Error as exc:
        raise UnreadableFile(
            staged.path,
            f"the file cannot be parsed ({type(exc).__name__})",
            "check for an unclosed quote, then re-export",
        ) from None
    if staged.scan is not None:
        whole = _rejected_rows(con, staged)
        if whole:
            con.execute(
                f"create or replace temp table _parsed (_r bigint, {', '.join(f'c{i} varchar' for i in range(width))})"
            )
            con.executemany(
                f"insert into _parsed values (?{', ?' * width})", [(-line, *values) for line, values in whole]
            )
            con.execute(f"insert into _checked {checked(f'select _r, {trimmed} from _parsed')}")
    con.execute(
        "create or replace temp table _issues (_r bigint, seq integer, column_name varchar, rule_code varchar, "
        "description varchar)"
    )
    if flags:  # one pass over the flags: each failing (row, rule) becomes an issue
        branches = " union all ".join(
            f"select _r, {seq}, ?, ?, ? from _checked where {flag}" for seq, (flag, *_) in enumerate(flags)
        )
        con.execute(f"insert into _issues {branches}", [v for _, *texts in flags for v in texts])
    for rule in table.row_rules:
        _row_rule(con, table, rule, len(flags))
    if staged.broken:
        con.executemany(
            "insert into _issues values (?, ?, '', ?, ?)",
            [(-line, -1, rule, f"{description}; {FIX[rule]}") for line, rule, description, _ in staged.broken],
        )
    counts = ", ".join(["count(*)"] + [f"count_if({flag})" for flag, _ in case_flags])
    checked_rows, *changed = con.execute(f"select {counts} from _checked").fetchone()
    for (_, col), rows in zip(case_flags, changed, strict=True):
        if rows:
            loaded.warnings.append(
                ("code_case_normalised", f"{col.name}: code case normalised to the standard's", rows)
            )
    bad = con.execute("select count(distinct _r) from _issues").fetchone()[0]
    loaded.rows_quarantined = staged.quarantined = bad
    loaded.rows_loaded = checked_rows + len(staged.broken) - bad


def _row_rule(con, table: Table, rule, seq: int) -> None:
    """A rule across columns runs its own (pandas) check over the rows that have every column
    it reads, in batches, so memory stays bounded."""
    columns = ", ".join(_ident(c) for c in rule.columns)
    present = " and ".join(f"{_ident(c)} is not null" for c in rule.columns)
    reader = con.sql(f"select _r, {columns} from _checked where {present}").to_arrow_reader(BATCH_ROWS)
    failing: list[int] = []
    for batch in reader:
        frame = batch.to_pandas().astype({c: "string" for c in rule.columns})
        ok = rule.check(frame).astype(bool)
        failing += frame.loc[~ok.to_numpy(), "_r"].astype(int).tolist()
    description = f"{rule.description}; {FIX.get(rule.name, _DEFAULT_FIX)}"
    if failing:
        con.executemany(
            "insert into _issues values (?, ?, ?, ?, ?)",
            [(r, seq, ",".join(rule.columns), rule.name, description) for r in failing],
        )


_DEFAULT_FIX = "correct the row and re-deliver"


def store(con, target: str, table: Table, staged: _Staged, meta: list[str]) -> None:
    """Valid rows to the raw table, quarantined rows with their reasons, one issue per rule.
    `meta` is source, table, delivery, file name (bound as parameters)."""
    keys = table.keys
    cols = ", ".join(_ident(c) for c in keys)
    line = staged.line_sql
    con.execute(
        f"insert into {target} ({cols}, _extra, _delivery, _file_name, _row_number) "
        f"select {cols}, _extra, ?, ?, {line} from _checked where _r not in (select _r from _issues)",
        [meta[2], meta[3]],
    )
    if not staged.quarantined:
        return  # no issues: nothing to quarantine (most files; saves two statements per file)
    con.execute(
        f"insert into meta.row_issues select ?, ?, ?, ?, {line}, column_name, rule_code, description "
        "from _issues order by 5, seq",
        meta,
    )
    record = ", ".join(f"{_literal(c)}, {_ident(c)}" for c in keys)
    con.execute(
        f"insert into meta.quarantine select ?, ?, ?, ?, {line}, r.reasons, "
        f"json_merge_patch(json_object({record}), coalesce(json(_extra), '{{}}'::json))::varchar "
        "from _checked join (select _r, to_json(list({'column_name': column_name, 'rule_code': rule_code, "
        "'description': description} order by seq))::varchar as reasons from _issues group by _r) r "
        "using (_r) order by 5",
        meta,
    )
    for number, _, _, values in staged.broken:
        reasons = con.execute(
            "select to_json(list({'column_name': column_name, 'rule_code': rule_code, 'description': description} "
            "order by seq))::varchar from _issues where _r = ?",
            [-number],
        ).fetchone()[0]
        record = {staged.names[i] or f"column_{i + 1}": v for i, v in enumerate(values[: len(staged.names)])}
        if len(values) > len(staged.names):
            record["_overflow"] = "|".join(values[len(staged.names) :])
        con.execute(
            "insert into meta.quarantine values (?, ?, ?, ?, ?, ?, ?)", [*meta, number, reasons, json.dumps(record)]
        )


def drop_staging(con) -> None:
    for name in (
        "_parsed",
        "_cells",
        "_checked",
        "_issues",
        "_rejects",
        "_reject_scans",
        "_ordinal_steps",
        "_line_steps",
    ):
        con.execute(f"drop table if exists {name}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _positions(positions: list[int]) -> str:
    shown = ", ".join(str(p) for p in positions[:10])
    return ("position " if len(positions) == 1 else "positions ") + shown + (" ..." if len(positions) > 10 else "")
