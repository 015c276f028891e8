"""The council's GIAS download under raw/reference/: loaded into reference.gias_establishments
(which extends and overrides the shipped seed in dbt), or failing its asset with a clear
message when it cannot be read. No dbt here: the loader and the Dagster asset only."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from orchestration.lib.reading import UnreadableFile
from orchestration.lib.reference import load_gias_establishments
from orchestration.lib.warehouse import connect


def write_gias(raw: Path, header: list[str], rows: list[list[str]], encoding: str = "cp1252") -> Path:
    path = raw / "reference" / "gias_establishments.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


# A GIAS extract as downloaded: Windows-1252, many columns, header spelt GIAS's way.
HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
]
ROWS = [
    ["149100", "835", "Dorset", "6001", "Harbour Light School", "10", "Other independent special school", "Open"],
    ["0113950", "835", "Dorset", "7001", "St Mary\u2019s School", "8", "Non-maintained special school", "Open"],
    ["149100", "835", "Dorset", "6001", "Harbour Light School (copy)", "11", "Other independent school", "Open"],
    ["abc", "835", "Dorset", "6002", "Not a URN", "10", "Other independent special school", "Open"],
    ["150000", "835", "Dorset", "6003", "No type yet", "", "", "Proposed to open"],
]


def table(con) -> list[tuple]:
    return con.execute(
        "select urn, establishment_name, type_of_establishment_code from reference.gias_establishments order by urn"
    ).fetchall()


def warnings(con) -> list[tuple]:
    return con.execute(
        "select rule_code, severity, rows_affected from meta.file_warnings "
        "where source = 'reference' order by rule_code"
    ).fetchall()


def test_no_file_gives_an_empty_table(tmp_path):
    with connect(tmp_path / "w.duckdb") as con:
        load = load_gias_establishments(con, tmp_path / "raw")
        assert load.file_name is None and load.rows == 0
        assert table(con) == [] and warnings(con) == []


def test_gias_download_is_read_with_its_own_headers(tmp_path):
    write_gias(tmp_path / "raw", HEADER, ROWS)
    with connect(tmp_path / "w.duckdb") as con:
        load = load_gias_establishments(con, tmp_path / "raw")
        # 5 rows: 'abc' and the blank type are rejected, the repeated 149100 keeps its first row
        assert (load.rows, load.rows_rejected, load.duplicate_rows) == (2, 2, 1)
        assert table(con) == [("113950", "St Mary\u2019s School", "8"), ("149100", "Harbour Light School", "10")]
        assert warnings(con) == [("duplicate_urn", "warning", 1), ("reference_rows_rejected", "warning", 2)]
        # the same file again is not re-read
        again = load_gias_establishments(con, tmp_path / "raw")
        assert again.unchanged and again.rows == 2


def test_headers_match_after_trimming_case_folding_and_underscores(tmp_path):
    write_gias(
        tmp_path / "raw",
        [" urn ", "TYPEOFESTABLISHMENT_(CODE)", "establishment name"],
        [["149100", "10", "Harbour Light School"]],
        encoding="utf-8-sig",
    )
    with connect(tmp_path / "w.duckdb") as con:
        load_gias_establishments(con, tmp_path / "raw")
        # "establishment name" becomes establishment_name, not GIAS's EstablishmentName: ignored
        assert table(con) == [("149100", None, "10")]


def test_unreadable_file_keeps_the_last_good_load_and_is_reported(tmp_path):
    raw = tmp_path / "raw"
    write_gias(raw, HEADER, ROWS[:2])
    with connect(tmp_path / "w.duckdb") as con:
        load_gias_establishments(con, raw)
        write_gias(raw, ["URN", "EstablishmentName"], [["149100", "Harbour Light School"]])
        with pytest.raises(UnreadableFile) as failure:
            load_gias_establishments(con, raw)
        assert failure.value.path.name == "gias_establishments.csv"
        assert "TypeOfEstablishment (code)" in str(failure.value)
        assert len(table(con)) == 2
        assert warnings(con) == [("unreadable_file", "error", 0)]
        # the council puts the good file back: loaded again, the error cleared
        write_gias(raw, HEADER, ROWS[:2])
        assert load_gias_establishments(con, raw).rows == 2
        assert warnings(con) == []


def test_removing_the_file_empties_the_table(tmp_path):
    raw = tmp_path / "raw"
    path = write_gias(raw, HEADER, ROWS[:2])
    with connect(tmp_path / "w.duckdb") as con:
        load_gias_establishments(con, raw)
        path.unlink()
        load_gias_establishments(con, raw)
        assert table(con) == []


def test_workbook_with_a_title_row(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Get Information about Schools - establishments"])
    book.active.append(["URN", "EstablishmentName", "TypeOfEstablishment (code)", "TypeOfEstablishment (name)"])
    book.active.append([149100, "Harbour Light School", 10, "Other independent special school"])
    (tmp_path / "raw" / "reference").mkdir(parents=True)
    book.save(tmp_path / "raw" / "reference" / "gias_establishments.xlsx")
    with connect(tmp_path / "w.duckdb") as con:
        load_gias_establishments(con, tmp_path / "raw")
        assert table(con) == [("149100", "Harbour Light School", "10")]


def test_asset_fails_with_a_message_naming_the_file_and_the_fix(tmp_path):
    import dagster as dg

    from orchestration.defs.reference.assets import gias_establishments
    from orchestration.defs.resources import ScrutinySettings

    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "reference" / "gias_establishments.csv").write_bytes(b"\x00\x01\x02 not text \x00" * 50)
    result = dg.materialize(
        [gias_establishments],
        raise_on_error=False,
        resources={"scrutiny": ScrutinySettings(raw_dir=str(raw), data_dir=str(tmp_path / "data"))},
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.user_failure_data.description
    assert message.startswith("raw/reference/gias_establishments.csv: the file holds binary data")
    assert "What to do:" in message
