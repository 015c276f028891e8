"""A bad-input corpus: hand-built deliveries over encodings, structure, values, deliveries and
injection strings. Each case is ingested (library level, a fresh warehouse) next to one clean
housing delivery, and asserts what the operator is told (file, row, column, rule, fix), that
rows read equal the file's true record count (counted here with Python's csv module) and equal
rows loaded + quarantined, and that the clean source's figures are unchanged."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.lib.ingest import accounting_failures, discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES

HEADER = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
GOOD = "1001,01/04/2025,S,C2,N1,U4,PR1,,,,DT1 1AA,DT1 3AT,"
FILE = "ssda903/2025-10-03/episodes.csv"
HOUSING = [
    "placement_id,household_id,ta_type,start_date,end_date,dependent_children,pregnant_member,out_of_area",
    "T1,H1,bb,2025-06-01,,2,N,N",
    "T2,H2,hostel,2025-07-01,2025-08-01,0,N,Y",
    "T3,H3,psl,2025-08-01,,1,Y,N",
]


def row(n: int, **changes) -> str:
    """A valid episodes row for child 1000+n, with columns replaced by name."""
    values = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    values["CHILD"] = str(1000 + n)
    values.update(changes)
    return ",".join(values.values())


def lines(*rows: str, header: str = HEADER, end: str = "\n") -> str:
    return end.join([header, *rows]) + end


@dataclass
class Case:
    name: str
    files: dict[str, bytes | str]  # path under raw/ -> content (str is written as UTF-8)
    status: str = "loaded"  # of raw/ssda903/2025-10-03/episodes.csv (or `file`)
    loaded: int | None = None
    issues: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, rule)
    message: tuple[str, ...] = ()  # substrings of the refusal or of a warning
    warning: str = ""  # a file warning's rule code the case must raise
    records: int | None = None  # true record count when the csv module cannot count it
    file: str = FILE
    extra: Callable[[Path], None] | None = None  # further checks on the warehouse
    setup: Callable[[Path], None] | None = None  # e.g. links, which are not file contents


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _values(tmp: Path, sql: str, params=None):
    with duckdb.connect(str(tmp / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _stored(column: str, expected: list):
    def check(tmp: Path):
        got = _values(tmp, f"select {column} from raw_ssda903.episodes order by _row_number")
        assert [r[0] for r in got] == expected

    return check


def _nothing_echoed(*secrets: str):
    """Nothing read from the file reaches the published-facing descriptions (warnings, issues)."""

    def check(tmp: Path):
        texts = _values(
            tmp, "select description from meta.file_warnings union all select description from meta.row_issues"
        )
        texts += _values(tmp, "select coalesce(message, '') from meta.file_register")
        for secret in secrets:
            assert not any(secret.lower() in t[0].lower() for t in texts), secret

    return check


def _symlink_to(target: str, name: str = FILE):
    def make(raw: Path):
        link = raw / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else raw / target, link)

    return make


TITLE_ROWS = "Children looked after: episodes,,,\nExtracted 3 October 2025\n\n"
MULTILINE = row(2, HOME_POST='"DT1\n1AA"')
PASSWD = "root:x:0:0:root:/root:/bin/bash"

CASES = [
    # --- encodings: every allowed one loads every row unchanged --------------------------------
    Case("utf8", {FILE: lines(row(1), row(2))}, loaded=2),
    Case("utf8_bom", {FILE: "\ufeff" + lines(row(1), row(2))}, loaded=2, extra=_stored("child", ["1001", "1002"])),
    Case("utf16_le_bom", {FILE: lines(row(1), row(2)).encode("utf-16")}, loaded=2),
    Case("utf16_be_bom", {FILE: b"\xfe\xff" + lines(row(1), row(2)).encode("utf-16-be")}, loaded=2),
    Case(
        "windows_1252",
        {
            FILE: lines(row(1, HOME_POST="Café"), row(2))
            .replace("PLACE_PROVIDER", "Place \u2013 Provider")
            .encode("cp1252")
        },
        loaded=2,
        warning="encoding_windows_1252",
        extra=_stored("home_post", ["Café", "DT1 1AA"]),
    ),
    Case("crlf", {FILE: lines(row(1), row(2), end="\r\n")}, loaded=2),
    Case("no_final_newline", {FILE: lines(row(1), row(2)).rstrip("\n")}, loaded=2),
    Case(
        "utf8_non_ascii",
        {FILE: lines(row(1, HOME_POST="Zoë Ñ 東京"))},
        loaded=1,
        extra=_stored("home_post", ["Zoë Ñ 東京"]),
    ),
    Case(
        "utf16_without_bom",
        {FILE: lines(row(1)).encode("utf-16-le")},
        status="unreadable",
        message=("episodes.csv", "UTF-16 text without a byte-order mark", "CSV UTF-8"),
    ),
    Case(
        "neither_utf8_nor_1252",
        {FILE: lines(row(1, HOME_POST="DT1\x81")).encode("latin-1")},
        status="unreadable",
        message=("not text in UTF-8, UTF-16 or Windows-1252", "CSV UTF-8"),
    ),
    Case(
        "nul_byte_after_8k",
        {FILE: lines(*[row(i) for i in range(200)]) + "1999,\x00,,\n"},
        status="unreadable",
        message=("NUL byte", "CSV UTF-8"),
    ),
    Case(
        "gzip_named_csv",
        {FILE: gzip.compress(lines(row(1)).encode())},
        status="unreadable",
        message=("gzip-compressed", "unzip it"),
    ),
    Case(
        "xlsx_named_csv",
        {FILE: _xlsx([HEADER.split(","), GOOD.split(",")])},
        status="unreadable",
        message=("Excel workbook named .csv", "name it .xlsx"),
    ),
    Case(
        "damaged_utf8_after_bom",
        {FILE: b"\xef\xbb\xbf" + lines(row(1)).encode() + b"\xc3\x28\n"},
        status="unreadable",
        message=("UTF-8 text is damaged", "CSV UTF-8"),
    ),
    # --- structure -----------------------------------------------------------------------------
    Case(
        "unbalanced_quote_row_13_of_26",
        {FILE: lines(*[row(i) for i in range(2, 13)], row(13, HOME_POST='"DT1 1AA'), *[row(i) for i in range(14, 27)])},
        status="unreadable",
        message=("a quote opened on line 13 is never closed", "close the quote"),
    ),
    Case("too_many_values", {FILE: lines(row(1), row(2) + ",x,y")}, loaded=1, issues=[(3, "", "too_many_values")]),
    Case(
        "too_few_values",
        {FILE: lines(row(1), row(2).rsplit(",", 3)[0])},
        loaded=1,
        issues=[(3, "", "too_few_values")],
        message=("fewer values than the header has columns",),
    ),
    Case("trailing_empty_values", {FILE: lines(row(1) + ",,", row(2))}, loaded=2),
    Case(
        "tabs_and_non_breaking_spaces_trimmed",  # Excel exports pad with both; codes still match
        {FILE: lines(row(1, LS="\tC2\u00a0", HOME_POST="\u00a0DT1 1AA\t"), row(2, LS=" c2 "))},
        loaded=2,
        extra=lambda tmp: (
            _values(tmp, "select ls, home_post from raw_ssda903.episodes order by _row_number")
            == [("C2", "DT1 1AA"), ("C2", "DT1 1AA")]
        ),
    ),
    Case(
        "one_megabyte_cell",
        {FILE: lines(row(1, URN='"' + "9" * 1_000_000 + '"'), row(2))},
        loaded=2,
        extra=lambda tmp: _values(tmp, "select max(length(urn)) from raw_ssda903.episodes") == [(1_000_000,)],
    ),
    Case(
        "semicolon_delimited",
        {FILE: lines(row(1).replace(",", ";"), header=HEADER.replace(",", ";"))},
        status="unreadable",
        message=("separated by semicolons, not commas", "CSV UTF-8 (Comma delimited)"),
    ),
    Case(
        "tab_delimited",
        {FILE: lines(row(1).replace(",", "\t"), header=HEADER.replace(",", "\t"))},
        status="unreadable",
        message=("separated by tabs",),
    ),
    Case(
        "quoted_line_break_keeps_true_line_numbers",
        {FILE: lines(row(1), MULTILINE, row(3, LS="C9"))},
        loaded=2,
        issues=[(5, "ls", "code_list")],  # row 3 starts on line 5: line 3-4 hold the quoted break
        extra=_stored("_row_number", [2, 3]),
    ),
    Case(
        "blank_lines_and_blank_rows",
        {FILE: lines(row(1), "", ",,,,", "   ", row(2, LS="C9"), "")},
        loaded=1,
        issues=[(6, "ls", "code_list")],
    ),
    Case(
        "rows_of_tabs_or_non_breaking_spaces_are_blank",  # ignored, and not counted in rows read
        {FILE: lines(row(1), "\t,\t,,", ",".join(["\u00a0"] * 13), row(2, LS="C9"))},
        loaded=1,
        issues=[(5, "ls", "code_list")],
    ),
    Case("header_only", {FILE: HEADER + "\n"}, loaded=0),
    Case(
        "empty_file",
        {FILE: b""},
        status="unreadable",
        message=("episodes.csv", "the file is blank", "re-export the table"),
    ),
    Case(
        "title_rows_above_the_header",
        {FILE: TITLE_ROWS + lines(row(1), row(2, LS="C9"))},
        loaded=1,
        issues=[(6, "ls", "code_list")],
        warning="rows_above_header",
        message=("2 non-blank rows above the header",),
    ),
    Case(
        "xlsx_title_rows_and_serial_dates",
        {
            "ssda903/2025-10-03/episodes.xlsx": _xlsx(
                [
                    ["Episodes"],
                    [],
                    HEADER.split(","),
                    [1001, 45778, "S", "C2", "N1", "U4", "PR1"],
                    [1002, "x", "S", "C2", "N1", "U4"],
                ]
            )
        },
        file="ssda903/2025-10-03/episodes.xlsx",
        loaded=1,
        issues=[(5, "decom", "date_format")],
        extra=_stored("decom", ["2025-05-01"]),
    ),
    Case(
        "xlsx_value_beyond_the_header",
        {"ssda903/2025-10-03/episodes.xlsx": _xlsx([HEADER.split(","), GOOD.split(",") + ["stray"]])},
        file="ssda903/2025-10-03/episodes.xlsx",
        loaded=0,
        issues=[(2, "", "too_many_values")],
    ),
    Case(
        "values_under_a_blank_header_name",
        {FILE: lines(row(1) + ",kept", header=HEADER + ",")},
        loaded=1,
        warning="unnamed_column",
        extra=lambda tmp: _values(tmp, "select _extra from raw_ssda903.episodes") == [('{"column_14":"kept"}',)],
    ),
    Case(
        "repeated_header_name",
        {FILE: lines(row(1) + ",x", header=HEADER + ",child")},
        status="unreadable",
        message=("names the same column twice (columns 1 and 14)", "remove or rename"),
    ),
    Case(
        "header_case_spacing_and_order",
        {
            FILE: lines(
                "PR1,1001,01/04/2025,S,C2,N1,U4,,,,,,",
                header="place - provider," + HEADER.lower().replace(",place_provider", ""),
            )
        },
        loaded=1,
    ),
    Case(
        "missing_required_column",
        {FILE: lines(row(1).replace(",C2,", ",", 1), header=HEADER.replace(",LS,", ","))},
        loaded=0,
        issues=[(2, "ls", "missing_column")],
        message=("required column LS is missing from the file", "add the column"),
    ),
    Case(
        "unknown_columns_by_position_only",
        {FILE: lines(row(1) + ",a,b", header=HEADER + ",LOCAL_NOTE,Mrs Smith 01/02/1980")},
        loaded=1,
        warning="extra_column",
        message=("2 columns not in the standard (positions 14, 15)",),
        extra=_nothing_echoed("local_note", "smith", "1980"),
    ),
    Case(
        "text_after_a_closing_quote",
        {FILE: lines(row(1), row(2, PLACE_PROVIDER='"PR1"x'))},
        loaded=1,
        issues=[(3, "", "malformed_quotes")],
    ),
    Case(
        "padded_values_are_trimmed",
        {FILE: lines(row(1, LS="  C2 ", HOME_POST=" DT1 1AA "))},
        loaded=1,
        extra=_stored("ls", ["C2"]),
    ),
    # --- values --------------------------------------------------------------------------------
    Case(
        "null_in_a_required_id",
        {FILE: lines(row(1), row(2, CHILD="NULL"))},
        loaded=1,
        issues=[(3, "child", "required")],
    ),
    Case("n_a_in_a_required_id", {FILE: lines(row(2, CHILD="N/A"))}, loaded=0, issues=[(2, "child", "required")]),
    Case(
        "na_any_case_trimmed",
        {FILE: lines(row(2, CHILD="  na "), row(3, CIN="#n/a"))},
        loaded=0,
        issues=[(2, "child", "required"), (3, "cin", "required")],
    ),
    Case(
        "hash_n_a_in_an_optional_code",
        {FILE: lines(row(1, PLACE_PROVIDER="#N/A"))},
        loaded=1,
        extra=_stored("place_provider", [None]),
    ),
    Case(
        "null_kept_in_free_text",
        {
            "registration/2025-09/death_registrations.csv": "registration_id,district,office,date_of_death,"
            "mccd_received_date,registration_date,coroner_referred\nR1,NA,N/A,2025-09-01,,2025-09-03,N\n"
        },
        file="registration/2025-09/death_registrations.csv",
        loaded=1,
        extra=lambda tmp: (
            _values(tmp, "select district, office from raw_registration.death_registrations") == [(None, "N/A")]
        ),
    ),
    Case(
        "mixed_date_formats",
        {FILE: lines(row(1, DECOM="2025-04-01"), row(2, DECOM="2025-04-02 10:30:00"), row(3, DECOM="03/04/2025"))},
        loaded=3,
        extra=_stored("decom", ["2025-04-01", "2025-04-02", "2025-04-03"]),
    ),
    Case("impossible_day", {FILE: lines(row(1, DECOM="31/02/2025"))}, loaded=0, issues=[(2, "decom", "date_format")]),
    Case("month_13", {FILE: lines(row(1, DECOM="2025-13-01"))}, loaded=0, issues=[(2, "decom", "date_format")]),
    Case(
        "time_out_of_range",
        {FILE: lines(row(1, DECOM="2025-04-01 24:00:00"))},
        loaded=0,
        issues=[(2, "decom", "date_format")],
    ),
    Case(
        "code_case_fixed",
        {FILE: lines(row(1, LS="c2"))},
        loaded=1,
        warning="code_case_normalised",
        extra=_stored("ls", ["C2"]),
    ),
    Case("code_outside_the_list", {FILE: lines(row(1, LS="C9"))}, loaded=0, issues=[(2, "ls", "code_list")]),
    Case(
        "two_rules_on_one_row",
        {FILE: lines(row(1, LS="C9", DECOM="1/4/2025"))},
        loaded=0,
        issues=[(2, "decom", "date_format"), (2, "ls", "code_list")],
    ),
    # --- injection strings: stored as text, never executed or echoed ---------------------------
    Case(
        "html_in_a_value",
        {FILE: lines(row(1, HOME_POST="<script>alert(1)</script>"))},
        loaded=1,
        extra=_stored("home_post", ["<script>alert(1)</script>"]),
    ),
    Case(
        "spreadsheet_formula_in_a_value",
        {FILE: lines(row(1, HOME_POST='"=HYPERLINK(""http://x"",""y"")"'))},
        loaded=1,
        extra=_stored("home_post", ['=HYPERLINK("http://x","y")']),
    ),
    Case(
        "sql_in_a_value",
        {FILE: lines(row(1, HOME_POST="'); drop table meta.file_register; --"), row(2, LS="'or'1'='1"))},
        loaded=1,
        issues=[(3, "ls", "code_list")],
        extra=_stored("home_post", ["'); drop table meta.file_register; --"]),
    ),
    Case(
        "sql_and_html_in_header_names",
        {FILE: lines(row(1) + ",a,b", header=HEADER + ',"x\'); drop table raw_ssda903.episodes; --",<b>hi</b>')},
        loaded=1,
        warning="extra_column",
        extra=_nothing_echoed("drop table", "<b>"),
    ),
    # --- deliveries and the raw directory --------------------------------------------------------
    Case(
        "link_to_etc_passwd",
        {},
        setup=_symlink_to("/etc/passwd"),
        status="unreadable",
        message=("a link to a place outside the raw directory", "copy the file itself"),
        extra=_nothing_echoed("root:x"),
    ),
    Case(
        "link_inside_raw_is_read",
        {"ssda903/2025-09-03/episodes.csv": lines(row(1))},
        setup=_symlink_to("ssda903/2025-09-03/episodes.csv"),
        status="duplicate",
    ),
    Case(
        "same_table_twice_in_different_case",
        {FILE: lines(row(1)), "ssda903/2025-10-03/EPISODES.csv": lines(row(2))},
        status="unreadable",
        message=("more than one file for table episodes (EPISODES.csv, episodes.csv)", "keep exactly one file"),
    ),
]


def _write(raw: Path, case: Case) -> None:
    for name, content in {"housing/2025-10-03/ta_placements.csv": "\n".join(HOUSING) + "\n", **case.files}.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if case.setup:
        case.setup(raw)


def true_records(path: Path) -> int:
    """The file's non-blank records below its header, counted with Python's csv module."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        rows = [[str(v) if v is not None else "" for v in r] for r in book.active.iter_rows(values_only=True)]
    else:
        for encoding in ("utf-8-sig", "utf-16", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        csv.field_size_limit(1 << 25)
        rows = list(csv.reader(io.StringIO(text, newline="")))
    nonblank = [r for r in rows if any(v.strip() for v in r)]
    header = next(i for i, r in enumerate(nonblank) if {"child", "CHILD", "registration_id"} & {v.strip() for v in r})
    return len(nonblank) - header - 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(tmp_path, case):
    raw = tmp_path / "raw"
    _write(raw, case)
    found = discover(raw)
    with connect(tmp_path / "warehouse.duckdb") as con:
        outcomes = {
            s: ingest_source(con, SOURCES[s], files, found.problems.get(s, [])) for s, files in found.files.items()
        }
        mismatches = {s: accounting_failures(con, s) for s in SOURCES}
    source = case.file.split("/")[0]
    files = {f.file.name: f for f in outcomes[source].files}
    outcome = files[case.file]
    assert outcome.status == case.status, outcome.message
    for text in case.message:
        told = [outcome.message] + [t for (t,) in _values(tmp_path, "select description from meta.file_warnings")]
        told += [t for (t,) in _values(tmp_path, "select description from meta.row_issues")]
        assert any(text in t for t in told), (text, told)
    if case.status == "unreadable":
        assert outcome.message.startswith(f"raw/{case.file}: ") and "What to do: " in outcome.message
        assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (0, 0, 0)
    elif case.status == "loaded":
        expected = case.records if case.records is not None else true_records(raw / case.file)
        assert outcome.rows_read == expected == outcome.rows_loaded + outcome.rows_quarantined
        assert outcome.rows_loaded == case.loaded
        issues = _values(
            tmp_path,
            "select row_number, column_name, rule_code, description from meta.row_issues where file_name = ? "
            "order by 1, 2",
            [case.file],
        )
        assert [i[:3] for i in issues] == sorted(case.issues)
        for *_, description in issues:
            assert "re-deliver" in description  # every reason says what to do
        held = _values(tmp_path, "select reasons from meta.quarantine where file_name = ?", [case.file])
        assert len(held) == outcome.rows_quarantined and all(json.loads(r) for (r,) in held)
    if case.warning:
        warned = _values(tmp_path, "select rule_code from meta.file_warnings where file_name = ?", [case.file])
        assert (case.warning,) in warned
    assert mismatches == {s: [] for s in SOURCES}
    housing = {f.file.name: f for f in outcomes["housing"].files}["housing/2025-10-03/ta_placements.csv"]
    assert (housing.status, housing.rows_read, housing.rows_loaded) == ("loaded", 3, 3)
    assert _values(tmp_path, "select count(*) from raw_housing.ta_placements") == [(3,)]
    if case.extra:
        assert case.extra(tmp_path) is not False


def test_invalid_delivery_folders_and_nested_folders_are_reported_not_read(tmp_path):
    raw = tmp_path / "raw"
    _write(
        raw, Case("x", {"ssda903/2025-13-01/episodes.csv": lines(row(1)), "ssda903/2025-10-03/old/episodes.csv": "x"})
    )
    found = discover(raw)
    problems = dict(found.problems["ssda903"])
    assert "delivery folder name is not YYYY-MM-DD" in problems["ssda903/2025-13-01"]
    assert "a folder inside a delivery is not read" in problems["ssda903/2025-10-03/old"]
    assert found.files["ssda903"] == []
    with connect(tmp_path / "warehouse.duckdb") as con:
        ingest_source(con, SOURCES["ssda903"], found.files["ssda903"], found.problems["ssda903"])
        warned = con.execute("select file_name, rule_code from meta.file_warnings order by 1").fetchall()
    assert warned == [("ssda903/2025-10-03/old", "misplaced_file"), ("ssda903/2025-13-01", "misplaced_file")]


def test_withdrawing_the_original_loads_its_duplicate(tmp_path):
    """A newest snapshot identical to an older one points at the older rows; once the older
    delivery is withdrawn, the duplicate is loaded itself and the figures do not change."""
    raw = tmp_path / "raw"
    content = lines(row(1), row(2), row(3, LS="C9"))
    _write(raw, Case("x", {"ssda903/2025-09-03/episodes.csv": content, FILE: content}))

    def run():
        found = discover(raw)
        with connect(tmp_path / "warehouse.duckdb") as con:
            outcome = ingest_source(con, SOURCES["ssda903"], found.files["ssda903"])
        return {f.file.name: (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) for f in outcome.files}

    assert run()[FILE][0] == "duplicate"
    (raw / "ssda903/2025-09-03/episodes.csv").unlink()
    assert run() == {FILE: ("loaded", 3, 2, 1)}
    assert _values(tmp_path, "select _file_name, count(*) from raw_ssda903.episodes group by 1") == [(FILE, 2)]
    assert _values(tmp_path, "select status from meta.file_register") == [("loaded",)]
    assert run() == {FILE: ("unchanged", 3, 2, 1)}


def test_withdrawing_a_newer_delivery_leaves_an_older_one_as_it_was(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, Case("x", {"ssda903/2025-09-03/episodes.csv": lines(row(1)), FILE: lines(row(1), row(2))}))
    for _ in range(2):
        found = discover(raw)
        with connect(tmp_path / "warehouse.duckdb") as con:
            ingest_source(con, SOURCES["ssda903"], found.files["ssda903"])
        if (raw / FILE).exists():
            (raw / FILE).unlink()
    assert _values(tmp_path, "select _delivery, count(*) from raw_ssda903.episodes group by 1") == [("2025-09-03", 1)]
