"""Bad input to the EHCP tables: each broken rule quarantines its row with the rule and column,
a lower-case code is fixed with a warning and loaded, and nothing is lost (rows read = loaded +
quarantined). File row numbers count the header as row 1. Runs the real ingest (reader,
Pandera, quarantine) without dbt."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts

DELIVERY = "2025-10-03"

TABLES = {
    "ssd_send": (
        ["send_table_id", "send_upn", "send_uln", "send_upn_unknown", "send_person_id"],
        [
            ["S1", "A835123412001", "", "", "P1"],  # good
            ["S2", "", "", "un1", "P2"],  # lower-case code: warned, loaded
            ["S3", "", "", "UN4", "P3"],  # not a UPN-unknown reason
            ["S4", "B835123412002", "", "", ""],  # person id blank
        ],
        {4: {("send_upn_unknown", "code_list")}, 5: {("send_person_id", "required")}},
    ),
    "ssd_ehcp_requests": (
        [
            "ehcr_ehcp_request_id",
            "ehcr_send_table_id",
            "ehcr_ehcp_req_date",
            "ehcr_ehcp_req_outcome_date",
            "ehcr_ehcp_req_outcome",
        ],
        [
            ["R1", "S1", "2025-03-14 10:22:00", "2025-04-20", "Y"],
            ["R2", "S1", "14/03/2025", "", "y"],  # dd/mm/yyyy and lower case: loaded
            ["R3", "S1", "2025/03/15", "", "Y"],  # not an allowed date format
            ["R4", "S1", "2025-03-15", "", "P"],  # not a SEN2 outcome
            ["", "S1", "2025-03-15", "", "Y"],  # no request id
        ],
        {
            4: {("ehcr_ehcp_req_date", "date_format")},
            5: {("ehcr_ehcp_req_outcome", "code_list")},
            6: {("ehcr_ehcp_request_id", "required")},
        },
    ),
    "ssd_ehcp_assessment": (
        [
            "ehca_ehcp_assessment_id",
            "ehca_ehcp_request_id",
            "ehca_ehcp_assessment_outcome_date",
            "ehca_ehcp_assessment_outcome",
            "ehca_ehcp_assessment_exceptions",
        ],
        [
            ["A1", "R1", "2025-08-01", "Y", "1"],
            ["A2", "R1", "2025-08-01", "Y", ""],  # blank exceptions: allowed (counts as 0)
            ["A3", "R1", "2025-08-01", "Y", "0"],
            ["A4", "R1", "2025-08-01", "Y", "Y"],  # exceptions must be 1, 0 or blank
            ["A5", "R1", "31/02/2025", "Y", "0"],  # no such day
            ["A6", "R1", "2025-08-01", "X", "yes"],  # two broken rules on one row
        ],
        {
            5: {("ehca_ehcp_assessment_exceptions", "code_list")},
            6: {("ehca_ehcp_assessment_outcome_date", "date_format")},
            7: {("ehca_ehcp_assessment_outcome", "code_list"), ("ehca_ehcp_assessment_exceptions", "code_list")},
        },
    ),
    "ssd_ehcp_named_plan": (
        [
            "ehcn_named_plan_id",
            "ehcn_ehcp_asmt_id",
            "ehcn_named_plan_start_date",
            "ehcn_named_plan_ceased_date",
            "ehcn_named_plan_ceased_reason",
        ],
        [
            ["N1", "A1", "2025-08-01", "", ""],
            ["N2", "A2", "2020-08-01", "2025-07-31", "5"],
            ["N3", "A3", "2020-08-01", "2025-07-31", "10"],  # cease reasons are 1-9
        ],
        {4: {("ehcn_named_plan_ceased_reason", "code_list")}},
    ),
    "ehcp_placements": (
        [
            "placement_id",
            "person_id",
            "named_plan_id",
            "urn",
            "sen_setting",
            "entry_date",
            "leaving_date",
            "placement_rank",
        ],
        [
            ["L1", "P1", "N1", "149100", "", "2025-08-01", "", "1"],
            ["L2", "P1", "N1", "", "ola", "2025-08-01", "", "2"],  # lower-case setting: loaded
            ["L3", "P1", "N1", "", "HOME", "2025-08-01", "", "1"],  # not a SEN setting
            ["L4", "P1", "N1", "149100", "", "", "", "1"],  # entry date blank
            ["L5", "P1", "N1", "149100", "", "2025-08-01", "", "first"],  # rank not a number
            ["L6", "P1", "N1", "149100", "", "2025-08-01", "", "0"],  # odd rank, but a number: loaded
        ],
        {4: {("sen_setting", "code_list")}, 5: {("entry_date", "required")}, 6: {("placement_rank", "integer")}},
    ),
    "send_tribunals": (
        ["appeal_id", "person_id", "registered_date", "appeal_type", "locality", "outcome", "outcome_date"],
        [
            ["T1", "P1", "2025-09-01", "sections_bfi", "Chesil", "Parent", "2025-09-20"],  # case fixed
            ["T2", "P1", "2025-13-01", "section_i", "East", "pending", ""],  # month 13
            ["T3", "P1", "2025-09-01", "section_i", "East", "won", ""],  # not an outcome
            ["T4", "P1", "", "section_i", "East", "pending", ""],  # not registered
        ],
        {3: {("registered_date", "date_format")}, 4: {("outcome", "code_list")}, 5: {("registered_date", "required")}},
    ),
}
CASE_FIXES = {"ssd_send": 1, "ssd_ehcp_requests": 1, "ehcp_placements": 1, "send_tribunals": 1}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    extracts = Extracts(tmp_path_factory.mktemp("ehcp_schema"))
    for table, (header, rows, _) in TABLES.items():
        extracts.write("ehcp", DELIVERY, table, header, rows)
    found = discover(extracts.raw)
    path = extracts.data / "warehouse.duckdb"
    with connect(path) as con:
        outcome = ingest_source(con, SOURCES["ehcp"], found.files["ehcp"])
        assert not outcome.unreadable
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("table", list(TABLES))
def test_rows_read_equal_loaded_plus_quarantined(warehouse, table):
    _header, rows, broken = TABLES[table]
    read, loaded, quarantined = warehouse.execute(
        "select rows_read, rows_loaded, rows_quarantined from meta.file_register where table_name = ?", [table]
    ).fetchone()
    assert (read, loaded, quarantined) == (len(rows), len(rows) - len(broken), len(broken))
    stored = warehouse.execute(f"select count(*) from raw_ehcp.{table}").fetchone()[0]
    assert stored == loaded


@pytest.mark.parametrize("table", list(TABLES))
def test_quarantine_reasons_name_the_rule_and_column(warehouse, table):
    _, _, broken = TABLES[table]
    found: dict[int, set] = {}
    for row_number, reasons in warehouse.execute(
        "select row_number, reasons from meta.quarantine where table_name = ?", [table]
    ).fetchall():
        found[row_number] = {(r["column_name"], r["rule_code"]) for r in json.loads(reasons)}
    assert found == broken


@pytest.mark.parametrize("table", list(TABLES))
def test_lower_case_codes_are_warned_and_loaded(warehouse, table):
    rows = warehouse.execute(
        "select coalesce(sum(rows_affected), 0) from meta.file_warnings "
        "where table_name = ? and rule_code = 'code_case_normalised'",
        [table],
    ).fetchone()[0]
    assert rows == CASE_FIXES.get(table, 0)


def test_fixed_codes_are_stored_in_the_standard_case(warehouse):
    assert warehouse.execute(
        "select send_upn_unknown from raw_ehcp.ssd_send where send_table_id = 'S2'"
    ).fetchall() == [("UN1",)]
    assert warehouse.execute(
        "select sen_setting from raw_ehcp.ehcp_placements where placement_id = 'L2'"
    ).fetchall() == [("OLA",)]
    assert warehouse.execute("select outcome from raw_ehcp.send_tribunals where appeal_id = 'T1'").fetchall() == [
        ("parent",)
    ]
    # dates of every allowed format are stored as ISO
    assert warehouse.execute("select ehcr_ehcp_req_date from raw_ehcp.ssd_ehcp_requests order by 1").fetchall() == [
        ("2025-03-14",),
        ("2025-03-14",),
    ]


def test_blank_exception_flag_loads_as_blank(warehouse):
    rows = warehouse.execute(
        "select ehca_ehcp_assessment_id, ehca_ehcp_assessment_exceptions from raw_ehcp.ssd_ehcp_assessment order by 1"
    ).fetchall()
    assert rows == [("A1", "1"), ("A2", None), ("A3", "0")]


def test_placements_workbook_with_title_rows_and_excel_dates(tmp_path):
    """An .xlsx extract: a title row above the header, real Excel dates and a serial number."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["EHCP placements as at 03/10/2025"])
    sheet.append([])
    sheet.append(
        [
            "Placement ID",
            "Person ID",
            "Named Plan ID",
            "URN",
            "SEN Setting",
            "Entry Date",
            "Leaving Date",
            "Placement Rank",
        ]
    )
    sheet.append(["L1", "P1", "N1", 149100, None, datetime(2025, 8, 1), None, 1])
    sheet.append(["L2", "P2", "N2", 113950, None, 45870, datetime(2025, 9, 30, 14, 5), 1])
    folder = tmp_path / "raw" / "ehcp" / DELIVERY
    folder.mkdir(parents=True)
    book.save(folder / "ehcp_placements.xlsx")
    found = discover(tmp_path / "raw")
    with connect(tmp_path / "data" / "warehouse.duckdb") as con:
        ingest_source(con, SOURCES["ehcp"], found.files["ehcp"])
        rows = con.execute(
            "select placement_id, urn, entry_date, leaving_date, placement_rank "
            "from raw_ehcp.ehcp_placements order by 1"
        ).fetchall()
    # Excel serial 45870 is 2025-08-01 (days since 1899-12-30)
    assert rows == [("L1", "149100", "2025-08-01", None, "1"), ("L2", "113950", "2025-08-01", "2025-09-30", "1")]
