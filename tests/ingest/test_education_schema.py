"""Education ingest: exclusions and pupil headcount bad rows quarantined with their reasons."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts

EXCLUSIONS = ["exclusion_id", "upn", "school_urn", "category", "start_date", "rescinded", "year_group", "locality"]
HEADCOUNT = ["census_date", "school_urn", "headcount"]


def ingest(raw: Path, warehouse: Path):
    found = discover(raw)
    with connect(warehouse) as con:
        outcome = ingest_source(con, SOURCES["education"], found.files["education"])
        issues = con.execute(
            "select table_name, row_number, column_name, rule_code from meta.row_issues "
            "where source = 'education' order by 1, 2, 3"
        ).fetchall()
        warnings = con.execute(
            "select table_name, rule_code, rows_affected from meta.file_warnings "
            "where source = 'education' order by 1, 2"
        ).fetchall()
        exclusions = con.execute(
            "select exclusion_id, category, start_date, rescinded from raw_education.exclusions order by _row_number"
        ).fetchall()
        headcounts = con.execute(
            "select census_date, school_urn, headcount from raw_education.pupil_headcount order by _row_number"
        ).fetchall()
    return outcome, issues, warnings, exclusions, headcounts


def test_bad_rows_quarantined_and_case_fixed(tmp_path):
    extracts = Extracts(tmp_path)
    extracts.write(
        "education",
        "2025-10-03",
        "exclusions",
        EXCLUSIONS,
        [
            ["E1", "A838123425001", "123456", "PERM", "14/03/2025", "N", "9", "East"],  # 2 ok
            ["E2", "A838123425002", "123456", "FIXED", "14/03/2025", "N", "9", "East"],  # 3 old code
            ["E3", "A838123425003", "123456", "SUSP", "31/09/2024", "N", "9", "East"],  # 4 no such day
            ["E4", "A838123425004", "123456", "SUSP", "14.03.2025", "N", "9", "East"],  # 5 bad format
            ["", "A838123425005", "123456", "SUSP", "2025-03-14", "N", "9", "East"],  # 6 no id
            [
                "E6",
                "A838123425006",
                "123456",
                "perm",
                "2025-03-14 00:00:00",
                "",
                "10",
                "North",
            ],  # 7 case fix, blank flag
            ["E7", "A838123425007", "123456", "SUSP", "2025-03-14", "X", "10", "North"],  # 8 bad flag
            ["E8", "A838123425008", "123456", "", "2025-03-14", "N", "10", "North"],  # 9 no category
        ],
    )
    extracts.write(
        "education",
        "2025-10-03",
        "pupil_headcount",
        HEADCOUNT,
        [
            ["2025-05-15", "123456", "1200"],  # 2 ok
            ["2025-05-15", "123457", "1,200"],  # 3 not a whole number
            ["2025-05-15", "123458", "-5"],  # 4 negative
            ["", "123459", "200"],  # 5 no census date
            ["15/05/2025", "123460", ""],  # 6 no headcount
        ],
    )
    outcome, issues, warnings, exclusions, headcounts = ingest(extracts.raw, extracts.data / "w.duckdb")
    totals = outcome.totals()
    assert (totals["rows_read"], totals["rows_loaded"], totals["rows_quarantined"]) == (13, 3, 10)
    for f in outcome.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined
    assert issues == [
        ("exclusions", 3, "category", "code_list"),
        ("exclusions", 4, "start_date", "date_format"),
        ("exclusions", 5, "start_date", "date_format"),
        ("exclusions", 6, "exclusion_id", "required"),
        ("exclusions", 8, "rescinded", "code_list"),
        ("exclusions", 9, "category", "required"),
        ("pupil_headcount", 3, "headcount", "integer"),
        ("pupil_headcount", 4, "headcount", "minimum"),
        ("pupil_headcount", 5, "census_date", "required"),
        ("pupil_headcount", 6, "headcount", "required"),
    ]
    assert ("exclusions", "code_case_normalised", 1) in warnings
    assert exclusions == [("E1", "PERM", "2025-03-14", "N"), ("E6", "PERM", "2025-03-14", None)]
    assert headcounts == [("2025-05-15", "123456", "1200")]
