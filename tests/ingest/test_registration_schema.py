"""Registration ingest: bad rows quarantined with reasons, case fixes warned and loaded, and a
re-delivered month replacing (never adding to) that month's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts

HEADER = [
    "registration_id",
    "district",
    "office",
    "date_of_death",
    "mccd_received_date",
    "registration_date",
    "coroner_referred",
]


def ingest(raw: Path, warehouse: Path):
    found = discover(raw)
    with connect(warehouse) as con:
        outcome = ingest_source(
            con, SOURCES["registration"], found.files["registration"], found.problems.get("registration", [])
        )
        issues = con.execute(
            "select row_number, column_name, rule_code from meta.row_issues "
            "where source = 'registration' order by row_number, column_name"
        ).fetchall()
        warnings = con.execute(
            "select delivery, rule_code, rows_affected from meta.file_warnings "
            "where source = 'registration' order by 1, 2"
        ).fetchall()
        rows = con.execute(
            "select _delivery, registration_id, mccd_received_date, registration_date, "
            "coroner_referred from raw_registration.death_registrations "
            "order by _delivery, _row_number"
        ).fetchall()
    return outcome, issues, warnings, rows


def test_bad_rows_quarantined_and_case_fixed(tmp_path):
    extracts = Extracts(tmp_path)
    extracts.write(
        "registration",
        "2025-07",
        "death_registrations",
        HEADER,
        [
            ["R1", "Dorset", "Weymouth", "2025-07-01", "2025-07-03", "2025-07-07", "N"],  # line 2 ok
            ["R2", "Dorset", "Weymouth", "2025-07-01", "03/07/2025", "2025-07-08 00:00:00", "N"],  # 3 ok, mixed formats
            ["R3", "Dorset", "Bridport", "2025-07-01", "2025-07-03", "2025.07.14", "N"],  # 4 bad date
            ["R4", "Dorset", "Bridport", "2025-07-01", "2025-07-03", "2025-07-10", "U"],  # 5 unknown flag
            ["R5", "Dorset", "Bridport", "2025-07-01", "2025-07-03", "", "N"],  # 6 blank required
            ["R6", "Dorset", "Sherborne", "2025-07-01", "", "2025-07-10", "y"],  # 7 lower case: loaded
            ["", "Dorset", "Sherborne", "2025-07-01", "2025-07-02", "2025-07-10", "N"],  # 8 no id
            ["R8", "Dorset", "Sherborne", "2025-07-01", "2025-02-30", "2025-07-10", "N"],  # 9 impossible date
        ],
    )
    outcome, issues, warnings, rows = ingest(extracts.raw, extracts.data / "w.duckdb")
    totals = outcome.totals()
    assert totals["rows_read"] == 8
    assert totals["rows_loaded"] == 3 and totals["rows_quarantined"] == 5
    assert totals["rows_read"] == totals["rows_loaded"] + totals["rows_quarantined"]
    assert issues == [
        (4, "registration_date", "date_format"),
        (5, "coroner_referred", "code_list"),
        (6, "registration_date", "required"),
        (8, "registration_id", "required"),
        (9, "mccd_received_date", "date_format"),
    ]
    assert ("2025-07", "code_case_normalised", 1) in warnings
    assert rows == [
        ("2025-07", "R1", "2025-07-03", "2025-07-07", "N"),
        ("2025-07", "R2", "2025-07-03", "2025-07-08", "N"),
        ("2025-07", "R6", None, "2025-07-10", "Y"),
    ]


def test_redelivered_month_replaces_that_month_only(tmp_path):
    extracts = Extracts(tmp_path)
    warehouse = extracts.data / "w.duckdb"
    extracts.write(
        "registration",
        "2025-06",
        "death_registrations",
        HEADER,
        [["J1", "Dorset", "Weymouth", "", "2025-06-02", "2025-06-04", "N"]],
    )
    extracts.write(
        "registration",
        "2025-07",
        "death_registrations",
        HEADER,
        [
            ["A1", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-03", "N"],
            ["A2", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-04", "N"],
            ["A3", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-09", "N"],
        ],
    )
    first, _, _, rows = ingest(extracts.raw, warehouse)
    assert [r[1] for r in rows] == ["J1", "A1", "A2", "A3"]
    assert first.totals()["files_loaded"] == 2

    again, _, _, rows_again = ingest(extracts.raw, warehouse)  # same files: nothing reloaded
    assert again.totals()["files_unchanged"] == 2 and rows_again == rows

    # July is re-delivered corrected: A2 withdrawn, A3 corrected, B4 added.
    extracts.write(
        "registration",
        "2025-07",
        "death_registrations",
        HEADER,
        [
            ["A1", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-03", "N"],
            ["A3", "Dorset", "Weymouth", "", "2025-07-07", "2025-07-09", "N"],
            ["B4", "Dorset", "Weymouth", "", "2025-07-10", "2025-07-11", "N"],
        ],
    )
    third, _, _, rows = ingest(extracts.raw, warehouse)
    assert third.totals()["files_loaded"] == 1 and third.totals()["files_unchanged"] == 1
    assert rows == [
        ("2025-06", "J1", "2025-06-02", "2025-06-04", "N"),
        ("2025-07", "A1", "2025-07-01", "2025-07-03", "N"),
        ("2025-07", "A3", "2025-07-07", "2025-07-09", "N"),
        ("2025-07", "B4", "2025-07-10", "2025-07-11", "N"),
    ]
    with connect(warehouse) as con:
        register = con.execute(
            "select delivery, status, rows_loaded from meta.file_register "
            "where source = 'registration' order by delivery"
        ).fetchall()
    assert register == [("2025-06", "loaded", 1), ("2025-07", "loaded", 3)]


def test_delivery_folder_must_be_a_month(tmp_path):
    extracts = Extracts(tmp_path)
    extracts.write(
        "registration",
        "2025-07-31",
        "death_registrations",
        HEADER,
        [["A1", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-03", "N"]],
    )
    found = discover(extracts.raw)
    assert found.files["registration"] == []
    assert [p for p, _ in found.problems["registration"]] == ["registration/2025-07-31"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_excel_style_redelivery_encodings_load(tmp_path, encoding):
    extracts = Extracts(tmp_path)
    extracts.write(
        "registration",
        "2025-05",
        "death_registrations",
        HEADER,
        [["R1", "Dorset", "Sturminster Newton", "01/05/2025", "02/05/2025", "06/05/2025", "N"]],
        encoding=encoding,
    )
    _outcome, issues, _, rows = ingest(extracts.raw, extracts.data / "w.duckdb")
    assert issues == []
    assert rows == [("2025-05", "R1", "2025-05-02", "2025-05-06", "N")]


def test_redelivered_month_identical_to_another_month_replaces_it(tmp_path):
    """July re-delivered with a file byte-identical to June's (the wrong export sent again):
    it is a duplicate, loaded once under June, and July's earlier rows stop counting."""
    extracts = Extracts(tmp_path)
    warehouse = extracts.data / "w.duckdb"
    june = [["J1", "Dorset", "Weymouth", "", "2025-06-02", "2025-06-04", "N"]]
    extracts.write("registration", "2025-06", "death_registrations", HEADER, june)
    extracts.write(
        "registration",
        "2025-07",
        "death_registrations",
        HEADER,
        [["A1", "Dorset", "Weymouth", "", "2025-07-01", "2025-07-03", "N"]],
    )
    ingest(extracts.raw, warehouse)
    extracts.write("registration", "2025-07", "death_registrations", HEADER, june)
    outcome, _, warnings, rows = ingest(extracts.raw, warehouse)
    assert [f.status for f in outcome.files] == ["unchanged", "duplicate"]
    assert rows == [("2025-06", "J1", "2025-06-02", "2025-06-04", "N")]
    assert ("2025-07", "duplicate_file", 0) in warnings
