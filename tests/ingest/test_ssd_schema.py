"""SSD tables against their Pandera schema: bad rows are quarantined with their reasons,
lower-case codes are fixed with a warning, and every row read is either loaded or quarantined."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts
from tests.indicators.ssd_extracts import person, write_ssd

OUTCOME = json.dumps({"NFA_FLAG": "N", "CP_CONFERENCE_FLAG": "Y", "OUTCOME_COMMENTS": "free text"})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    extracts = Extracts(tmp_path_factory.mktemp("ssd_schema"))
    persons = [
        person("P1"),  # row 2: good
        person("P2", pers_sex="X"),  # row 3: code outside F/M/U
        person("P3", pers_ethnicity="wbri"),  # row 4: lower case, fixed and loaded
        person("P4", pers_ethnicity="CNHE"),  # row 5: the SSD's spelling of Chinese, loaded
        person("P5", pers_dob="31/02/2016"),  # row 6: not a date
        person("", pers_gender="01"),  # row 7: person id blank
        person("P7", pers_gender="1"),  # row 8: gender codes are two digits
    ]
    s47 = [
        {
            "s47e_s47_enquiry_id": "S1",
            "s47e_person_id": "P1",
            "s47e_s47_start_date": "2025-06-02 00:00:00",
            "s47e_s47_end_date": "13/06/2025",
            "s47e_s47_outcome_json": OUTCOME,
        },  # row 2: good
        {"s47e_s47_enquiry_id": "S2", "s47e_person_id": "P1", "s47e_s47_end_date": "2025.06.13"},  # row 3: bad date
        {"s47e_s47_enquiry_id": "S3", "s47e_person_id": ""},  # row 4: no person
        {
            "s47e_s47_enquiry_id": "S4",
            "s47e_person_id": "P1",
            "s47e_s47_outcome_json": OUTCOME[:-5],
        },  # row 5: broken JSON
        {
            "s47e_s47_enquiry_id": "S5",
            "s47e_person_id": "P1",
            "s47e_s47_outcome_json": "[1, 2]",
        },  # row 6: not an object
        {"s47e_s47_enquiry_id": "S6", "s47e_person_id": "P1", "s47e_s47_nfa": "y"},  # row 7: lower case
        {
            "s47e_s47_enquiry_id": "S7",
            "s47e_person_id": "P1",
            "s47e_s47_nfa": "X",
            "s47e_s47_start_date": "2025-13-01",
        },  # row 8: two problems
    ]
    icpc = [
        {"icpc_icpc_id": "I1", "icpc_s47_enquiry_id": "S1", "icpc_person_id": "P1", "icpc_icpc_date": ""},  # good
        {"icpc_icpc_id": "", "icpc_s47_enquiry_id": "S1", "icpc_person_id": "P1"},  # row 3: no id
    ]
    plans = [
        {
            "cppl_cp_plan_id": "C1",
            "cppl_person_id": "P1",
            "cppl_cp_plan_start_date": "2025-06-20",
            "cppl_cp_plan_ola": "n",
        },  # row 2: lower case
        {"cppl_cp_plan_id": "C2", "cppl_person_id": "P1", "cppl_cp_plan_start_date": ""},  # row 3: no start
        {
            "cppl_cp_plan_id": "C3",
            "cppl_person_id": "P1",
            "cppl_cp_plan_start_date": "2025-06-20",
            "cppl_cp_plan_ola": "Maybe",
        },  # row 4: bad code
    ]
    write_ssd(extracts, persons=persons, s47=s47, icpc=icpc, plans=plans)
    path = extracts.data / "warehouse.duckdb"
    found = discover(extracts.raw)
    with connect(path) as con:
        outcome = ingest_source(con, SOURCES["ssd"], found.files["ssd"])
        issues = con.execute(
            "select table_name, row_number, column_name, rule_code from meta.row_issues "
            "order by table_name, row_number, column_name"
        ).fetchall()
        warnings = con.execute(
            "select table_name, rule_code, description, rows_affected from meta.file_warnings "
            "where rule_code = 'code_case_normalised' order by table_name"
        ).fetchall()
        s47_raw = con.execute(
            "select s47e_s47_enquiry_id, s47e_s47_start_date, s47e_s47_end_date, s47e_s47_nfa "
            "from raw_ssd.ssd_s47_enquiry order by 1"
        ).fetchall()
        ethnicity = con.execute("select pers_person_id, pers_ethnicity from raw_ssd.ssd_person order by 1").fetchall()
    return outcome, issues, warnings, s47_raw, ethnicity


def test_rows_read_are_loaded_or_quarantined(warehouse):
    outcome = warehouse[0]
    counts = {f.file.table: (f.rows_read, f.rows_loaded, f.rows_quarantined) for f in outcome.files}
    assert counts == {
        "ssd_person": (7, 3, 4),
        "ssd_s47_enquiry": (7, 2, 5),
        "ssd_initial_cp_conference": (2, 1, 1),
        "ssd_cp_plans": (3, 1, 2),
    }
    for read, loaded, quarantined in counts.values():
        assert read == loaded + quarantined


def test_quarantine_reasons(warehouse):
    assert warehouse[1] == [
        ("ssd_cp_plans", 3, "cppl_cp_plan_start_date", "required"),
        ("ssd_cp_plans", 4, "cppl_cp_plan_ola", "code_list"),
        ("ssd_initial_cp_conference", 3, "icpc_icpc_id", "required"),
        ("ssd_person", 3, "pers_sex", "code_list"),
        ("ssd_person", 6, "pers_dob", "date_format"),
        ("ssd_person", 7, "pers_person_id", "required"),
        ("ssd_person", 8, "pers_gender", "code_list"),
        ("ssd_s47_enquiry", 3, "s47e_s47_end_date", "date_format"),
        ("ssd_s47_enquiry", 4, "s47e_person_id", "required"),
        ("ssd_s47_enquiry", 5, "s47e_s47_outcome_json", "json"),
        ("ssd_s47_enquiry", 6, "s47e_s47_outcome_json", "json"),
        ("ssd_s47_enquiry", 8, "s47e_s47_nfa", "code_list"),
        ("ssd_s47_enquiry", 8, "s47e_s47_start_date", "date_format"),
    ]


def test_lower_case_codes_are_fixed_with_a_warning(warehouse):
    _, _, warnings, s47_raw, ethnicity = warehouse
    assert [(t, r, n) for t, r, _, n in warnings] == [
        ("ssd_cp_plans", "code_case_normalised", 1),
        ("ssd_person", "code_case_normalised", 1),
        ("ssd_s47_enquiry", "code_case_normalised", 1),
    ]
    assert ("S6", None, None, "Y") in s47_raw
    assert ("P3", "WBRI") in ethnicity and ("P4", "CNHE") in ethnicity


def test_dates_are_stored_as_iso(warehouse):
    assert ("S1", "2025-06-02", "2025-06-13", None) in warehouse[3]
