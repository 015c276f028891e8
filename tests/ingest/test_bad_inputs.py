"""What real extracts do to a reader, and what scrutiny does about it: every case keeps
rows read = rows loaded + rows quarantined and names the file, row, column, rule and fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES

HEADER = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
ROW1 = "1001,01/04/2025,S,C2,N1,U4,PR1,,,,DT1 1AA,DT1 3AT,"
ROW2 = "1002,2025-05-01,S,C2,N2,K2,PR4,,,,DT1 1AA,BH15 4WA,SC123456"


def deliver(
    raw: Path, text: str | bytes, delivery="2025-10-03", table="episodes", suffix=".csv", encoding="utf-8"
) -> Path:
    folder = raw / "ssda903" / delivery
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}{suffix}"
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def ingest(tmp_path: Path):
    found = discover(tmp_path / "raw")
    with connect(tmp_path / "warehouse.duckdb") as con:
        outcome = ingest_source(con, SOURCES["ssda903"], found.files["ssda903"], found.problems.get("ssda903", []))
    return outcome


def query(tmp_path: Path, sql: str, params=None):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def assert_accounted(outcome):
    for f in outcome.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined, f


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path):
    deliver(tmp_path / "raw", "\ufeff" + "\r\n".join([HEADER, ROW1, ROW2]))
    outcome = ingest(tmp_path)
    assert outcome.files[0].rows_loaded == 2 and outcome.files[0].rows_quarantined == 0
    assert query(tmp_path, "select child from raw_ssda903.episodes order by 1") == [("1001",), ("1002",)]
    assert query(tmp_path, "select encoding from meta.file_register") == [("utf-8-sig",)]


def test_windows_1252_with_an_en_dash_header_is_read_and_warned(tmp_path):
    header = HEADER.replace("PLACE_PROVIDER", "Place \u2013 Provider")
    deliver(tmp_path / "raw", "\n".join([header, ROW1, ROW2]), encoding="cp1252")
    outcome = ingest(tmp_path)
    assert_accounted(outcome)
    assert outcome.files[0].rows_loaded == 2
    assert query(tmp_path, "select place_provider from raw_ssda903.episodes order by 1") == [("PR1",), ("PR4",)]
    assert ("encoding_windows_1252",) in query(tmp_path, "select rule_code from meta.file_warnings")


def test_utf16_with_bom(tmp_path):
    deliver(tmp_path / "raw", "\r\n".join([HEADER, ROW1, ROW2]), encoding="utf-16")
    outcome = ingest(tmp_path)
    assert (outcome.files[0].rows_loaded, outcome.files[0].rows_quarantined) == (2, 0)


def test_missing_required_column_quarantines_every_row_naming_the_column(tmp_path):
    header = HEADER.replace(",LS,", ",")
    rows = [r.replace(",C2,", ",") for r in (ROW1, ROW2)]
    deliver(tmp_path / "raw", "\n".join([header, *rows]))
    outcome = ingest(tmp_path)
    assert_accounted(outcome)
    assert (outcome.files[0].rows_read, outcome.files[0].rows_loaded, outcome.files[0].rows_quarantined) == (2, 0, 2)
    issues = query(tmp_path, "select row_number, column_name, rule_code, description from meta.row_issues order by 1")
    assert [(r[0], r[1], r[2]) for r in issues] == [(2, "ls", "missing_column"), (3, "ls", "missing_column")]
    assert "required column LS is missing from the file" in issues[0][3]
    assert "add the column" in issues[0][3]


def test_missing_optional_column_is_loaded_blank_with_a_warning(tmp_path):
    header = HEADER.replace(",URN", "")
    rows = [ROW1.rsplit(",", 1)[0], ROW2.rsplit(",", 1)[0]]
    deliver(tmp_path / "raw", "\n".join([header, *rows]))
    outcome = ingest(tmp_path)
    assert outcome.files[0].rows_loaded == 2
    assert query(tmp_path, "select count(*) from raw_ssda903.episodes where urn is null") == [(2,)]
    assert ("missing_optional_column",) in query(tmp_path, "select rule_code from meta.file_warnings")


def test_extra_column_is_warned_and_kept_in_raw(tmp_path):
    deliver(tmp_path / "raw", "\n".join([HEADER + ",LOCAL_NOTE", ROW1 + ",first", ROW2 + ","]))
    outcome = ingest(tmp_path)
    assert outcome.files[0].rows_loaded == 2
    extras = query(tmp_path, "select _extra from raw_ssda903.episodes order by child")
    assert json.loads(extras[0][0]) == {"local_note": "first"}
    warnings = query(tmp_path, "select rule_code, description from meta.file_warnings")
    # the header name is a delivered value: the warning (published in dq_summary) names its position
    assert ("extra_column", "1 column not in the standard (position 14); kept in raw (_extra)") in warnings
    assert not any("local_note" in text for _, text in warnings)


@pytest.mark.parametrize("content", [b"", b"\r\n  \r\n,,,\r\n"])
def test_blank_file_fails_with_the_file_named_and_a_fix(tmp_path, content):
    deliver(tmp_path / "raw", content)
    outcome = ingest(tmp_path)
    [failed] = outcome.unreadable
    assert failed.message.startswith("raw/ssda903/2025-10-03/episodes.csv: the file is blank")
    assert "What to do: re-export the table" in failed.message
    assert query(tmp_path, "select status, rows_read from meta.file_register") == [("unreadable", 0)]


def test_header_only_file_is_an_empty_delivery_not_an_error(tmp_path):
    deliver(tmp_path / "raw", HEADER + "\n")
    outcome = ingest(tmp_path)
    assert outcome.files[0].status == "loaded" and outcome.files[0].rows_read == 0


def test_binary_file_is_unreadable(tmp_path):
    deliver(tmp_path / "raw", b"PK\x03\x04\x00\x00garbage\x00\x00")
    [failed] = ingest(tmp_path).unreadable
    assert "binary data" in failed.message and "CSV UTF-8" in failed.message


def test_wrong_date_format_quarantines_that_row_only(tmp_path):
    bad = ROW2.replace("2025-05-01", "05-01-2025")
    blank_line_then_bad = "\n".join([HEADER, ROW1, "", bad, "1003,31/02/2025,S,C2,N1,U4,PR1,,,,,,"])
    deliver(tmp_path / "raw", blank_line_then_bad)
    outcome = ingest(tmp_path)
    assert_accounted(outcome)
    assert (outcome.files[0].rows_read, outcome.files[0].rows_loaded, outcome.files[0].rows_quarantined) == (3, 1, 2)
    issues = query(tmp_path, "select row_number, column_name, rule_code, description from meta.row_issues order by 1")
    # the blank line 3 is skipped but file row numbers stay true: line 4 and line 5
    assert [(r[0], r[1], r[2]) for r in issues] == [(4, "decom", "date_format"), (5, "decom", "date_format")]
    assert issues[0][3].startswith("DECOM is not a date in YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or dd/mm/yyyy")
    record = json.loads(query(tmp_path, "select record from meta.quarantine where row_number = 4")[0][0])
    assert record["decom"] == "05-01-2025"  # kept as delivered, in the restricted warehouse


def test_codes_outside_the_list_blank_required_fields_and_case(tmp_path):
    rows = [
        ROW1.replace(",C2,", ",c2,"),  # case fix: warning, loaded
        ROW2.replace(",C2,", ",C9,"),  # not a legal status
        "1003,01/04/2025,S,C2,,U4,PR1,,,,,,",  # CIN blank
        "1004,01/04/2020,S,C2,N1,K3,PR1,,,,,,",
    ]  # K3 did not exist in 2019-20
    deliver(tmp_path / "raw", "\n".join([HEADER, *rows]))
    outcome = ingest(tmp_path)
    assert_accounted(outcome)
    assert outcome.files[0].rows_loaded == 1
    issues = query(tmp_path, "select row_number, column_name, rule_code from meta.row_issues order by 1")
    assert issues == [(3, "ls", "code_list"), (4, "cin", "required"), (5, "place,decom", "place_code_for_year")]
    assert query(tmp_path, "select ls from raw_ssda903.episodes") == [("C2",)]
    assert query(tmp_path, "select rule_code, rows_affected from meta.file_warnings") == [("code_case_normalised", 1)]


def test_the_same_file_delivered_twice_is_loaded_once(tmp_path):
    first = deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]), delivery="2025-09-03")
    second = tmp_path / "raw" / "ssda903" / "2025-10-03" / "episodes.csv"
    second.parent.mkdir(parents=True)
    shutil.copy(first, second)
    outcome = ingest(tmp_path)
    assert [f.status for f in outcome.files] == ["loaded", "duplicate"]
    assert "identical to ssda903/2025-09-03/episodes.csv" in outcome.files[1].message
    assert query(tmp_path, "select count(*) from raw_ssda903.episodes") == [(2,)]
    # a second run changes nothing and loads nothing
    again = ingest(tmp_path)
    assert [f.status for f in again.files] == ["unchanged", "duplicate"]
    assert query(tmp_path, "select count(*) from raw_ssda903.episodes") == [(2,)]


def test_a_changed_file_replaces_what_its_delivery_held(tmp_path):
    path = deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    ingest(tmp_path)
    path.write_text("\n".join([HEADER, ROW1]))
    outcome = ingest(tmp_path)
    assert outcome.files[0].status == "loaded"
    assert query(tmp_path, "select count(*) from raw_ssda903.episodes") == [(1,)]
    assert query(tmp_path, "select count(*) from meta.file_register") == [(1,)]


def test_a_withdrawn_file_stops_counting(tmp_path):
    path = deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    ingest(tmp_path)
    path.unlink()
    ingest(tmp_path)
    assert query(tmp_path, "select count(*) from raw_ssda903.episodes") == [(0,)]
    assert query(tmp_path, "select count(*) from meta.file_register") == [(0,)]


def test_two_files_for_one_table_in_a_delivery_are_refused(tmp_path):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1]))
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW2]), suffix=".xlsx")
    outcome = ingest(tmp_path)
    assert len(outcome.unreadable) == 2
    assert "more than one file for table episodes (episodes.csv, episodes.xlsx)" in outcome.unreadable[0].message


def test_xlsx_with_title_rows_excel_dates_and_serials(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Children looked after: episodes"])
    sheet.append(["Extracted 3 October 2025"])
    sheet.append([])
    sheet.append(HEADER.split(","))
    from datetime import datetime

    sheet.append(
        [1001, datetime(2025, 4, 1), "S", "C2", "N1", "U4", "PR1", None, None, None, "DT1 1AA", "DT1 3AT", None]
    )
    sheet.append([1002, 45778, "S", "C2", "N1", "U4", "PR1", "01/06/2025", "E4A", None, None, None, None])
    folder = tmp_path / "raw" / "ssda903" / "2025-10-03"
    folder.mkdir(parents=True)
    book.save(folder / "episodes.xlsx")
    outcome = ingest(tmp_path)
    assert (outcome.files[0].rows_loaded, outcome.files[0].rows_quarantined) == (2, 0)
    # Excel serial 45778 is 2025-05-01 (days since 1899-12-30); row numbers are the sheet's
    assert query(tmp_path, "select child, decom, dec, _row_number from raw_ssda903.episodes order by child") == [
        ("1001", "2025-04-01", None, 5),
        ("1002", "2025-05-01", "2025-06-01", 6),
    ]


def test_unsupported_sources_are_skipped_and_reference_is_not_a_source(tmp_path):
    raw = tmp_path / "raw"
    deliver(raw, "\n".join([HEADER, ROW1]))
    (raw / "libraries" / "2025-10-03").mkdir(parents=True)
    (raw / "reference").mkdir()
    (raw / "reference" / "gias_establishments.csv").write_text("URN\n1\n")
    (raw / "ssda903" / "episodes.csv").write_text(HEADER)
    (raw / "ssda903" / "2025-13").mkdir()
    found = discover(raw)
    assert found.skipped_sources == ["libraries"]
    assert [f.name for f in found.files["ssda903"]] == ["ssda903/2025-10-03/episodes.csv"]
    problems = dict(found.problems["ssda903"])
    assert "delivery folder name is not YYYY-MM-DD" in problems["ssda903/2025-13"]
    assert "belong in a delivery folder" in problems["ssda903/episodes.csv"]
