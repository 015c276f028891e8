"""Bad input for the adults tables: every row read is loaded or quarantined with its reasons;
case slips in codes are fixed with a warning and the row is loaded."""

import json

import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CLD_HEADER, CONCERN_HEADER, cld, concern


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    extracts = Extracts(tmp_path_factory.mktemp("adults_schema"))
    extracts.write(
        "adults",
        "2025-10-03",
        "cld_events",
        CLD_HEADER,
        [
            cld("1", "Request", "2025-09-01"),  # row 2: fine
            cld("2", "Request", "01-09-2025"),  # row 3: dd-mm-yyyy
            cld("3", "Contact", "2025-09-01"),  # row 4: not a CLD event type
            cld("", "Review", "2025-09-01"),  # row 5: no person identifier
            cld("5", "review", "2025-09-01 10:30:00", "15/09/2025"),  # row 6: case fixed, loaded
            cld("6", "Service", "2025-09-01", Der_Birth_Year="19x0"),  # row 7: not a whole number
            cld("7", "Assessment", ""),  # row 8: no start date
            cld("8", "Service", "2025-09-01", Service_Type="LONG TERM SUPPORT:COMMUNITY"),  # row 9: text, loaded
            cld("9", "Service", "2025-09-01", "2025-02-30"),  # row 10: no such day
        ],
    )
    extracts.write(
        "adults",
        "2025-10-03",
        "safeguarding_concerns",
        CONCERN_HEADER,
        [
            concern("C1", "2025-09-01"),  # row 2: fine
            concern("C2", "2025-09-01", decision="section 42"),  # row 3: not a decision code
            concern("C3", ""),  # row 4: no received date
            concern("C4", "2025-09-01", person=""),  # row 5: no person
            concern("C5", "2025-09-01", decision="Other_Enquiry"),  # row 6: case fixed, loaded
            concern("C6", "2025/09/01"),  # row 7: yyyy/mm/dd
            concern("", "2025-09-01"),  # row 8: no concern ID
        ],
    )
    found = discover(extracts.raw)
    path = extracts.data / "warehouse.duckdb"
    with connect(path) as con:
        outcome = ingest_source(con, SOURCES["adults"], found.files["adults"])
        issues = con.execute(
            "select table_name, row_number, column_name, rule_code from meta.row_issues "
            "order by table_name, row_number, column_name"
        ).fetchall()
        warnings = con.execute(
            "select table_name, rule_code, description, rows_affected from meta.file_warnings "
            "where rule_code = 'code_case_normalised' order by table_name"
        ).fetchall()
        loaded = {
            t: con.execute(f"select * from raw_adults.{t} order by _row_number").df()
            for t in ("cld_events", "safeguarding_concerns")
        }
        quarantine = con.execute("select table_name, row_number, reasons from meta.quarantine").fetchall()
    return outcome, issues, warnings, loaded, quarantine


def test_rows_accounted_for(warehouse):
    outcome, *_ = warehouse
    counts = {f.file.table: (f.rows_read, f.rows_loaded, f.rows_quarantined) for f in outcome.files}
    assert counts == {"cld_events": (9, 3, 6), "safeguarding_concerns": (7, 2, 5)}
    for read, loaded, quarantined in counts.values():
        assert read == loaded + quarantined


def test_quarantine_reasons(warehouse):
    _, issues, *_ = warehouse
    assert issues == [
        ("cld_events", 3, "event_start_date", "date_format"),
        ("cld_events", 4, "event_type", "code_list"),
        ("cld_events", 5, "la_person_unique_identifier", "required"),
        ("cld_events", 7, "der_birth_year", "integer"),
        ("cld_events", 8, "event_start_date", "required"),
        ("cld_events", 10, "event_end_date", "date_format"),
        ("safeguarding_concerns", 3, "s42_decision", "code_list"),
        ("safeguarding_concerns", 4, "received_date", "required"),
        ("safeguarding_concerns", 5, "person_id", "required"),
        ("safeguarding_concerns", 7, "received_date", "date_format"),
        ("safeguarding_concerns", 8, "concern_id", "required"),
    ]


def test_quarantined_rows_keep_their_reasons(warehouse):
    *_, quarantine = warehouse
    reasons = {(t, n): json.loads(r) for t, n, r in quarantine}
    assert [r["rule_code"] for r in reasons[("cld_events", 4)]] == ["code_list"]
    assert "Request, Assessment, Service, Review" in reasons[("cld_events", 4)][0]["description"]


def test_case_fixed_with_a_warning_and_loaded(warehouse):
    _, _, warnings, loaded, _ = warehouse
    assert [(t, r, n) for t, r, _, n in warnings] == [
        ("cld_events", "code_case_normalised", 1),
        ("safeguarding_concerns", "code_case_normalised", 1),
    ]
    events = loaded["cld_events"]
    assert events["event_type"].tolist() == ["Request", "Review", "Service"]
    review = events[events["event_type"] == "Review"].iloc[0]
    assert (review["event_start_date"], review["event_end_date"]) == ("2025-09-01", "2025-09-15")
    # Service_Type is free text in the schema (spellings vary): loaded as delivered
    assert events["service_type"].tolist()[2] == "LONG TERM SUPPORT:COMMUNITY"
    assert loaded["safeguarding_concerns"]["s42_decision"].tolist() == ["no_enquiry", "other_enquiry"]
