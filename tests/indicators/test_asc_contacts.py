"""ASC_CONTACTS: CLD `Request` events starting in the month (a count of events).

Delivery 2025-10-03, last month 2025-09. The first record is a Service starting 2025-05-03,
so the months are May-September 2025.

By hand (event -> month counted):
  R1 Request 2025-07-31                        -> July
  R2 Request 2025-08-01 (first day)            -> August
  R3 Request 31/08/2025 (dd/mm/yyyy, last day) -> August
  R4 Request 2025-09-01 00:00:00 (with time)   -> September
  R5 'request' 2025-09-15 (lower case)         -> September (case normalised, a warning)
  R6 Request 2025-09-20 of the same person as R5 -> September (events, not people)
  A1 Assessment 2025-09-10                     -> not a Request
  S1 Service 2025-05-03                        -> not a Request (starts the months)
  R7 Request 2025-10-01                        -> October, not reported
  R8 Request '15-09-2025'                      -> quarantined (not an accepted date format)
  X1 'Contact' 2025-09-16                      -> quarantined (not a CLD event type)
So May 0, June 0, July 1, August 2, September 3; 2025/26 Q1 = 0, Q2 = 3.
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CLD_HEADER, LTS, cld


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("asc_contacts"))
    route = {"Request_Route_of_Access": "Community / Other route"}
    extracts.write(
        "adults",
        "2025-10-03",
        "cld_events",
        CLD_HEADER,
        [
            cld("1", "Request", "2025-07-31", "2025-07-31", **route),
            cld("2", "Request", "2025-08-01", **route),
            cld("3", "Request", "31/08/2025", **route),
            cld("4", "Request", "2025-09-01 00:00:00", **route),
            cld("5", "request", "2025-09-15", **route),
            cld("5", "Request", "2025-09-20", **route),
            cld("6", "Assessment", "2025-09-10"),
            cld("7", "Service", "2025-05-03", Service_Type=LTS),
            cld("8", "Request", "2025-10-01", **route),
            cld("9", "Request", "15-09-2025", **route),
            cld("10", "Contact", "2025-09-16", **route),
        ],
    )
    return extracts.build(postcode_dir)


def test_monthly_counts(build):
    values = build.values("ASC_CONTACTS")
    assert {label: v[:3] for label, v in values.items()} == {
        "2025-05": (0, None, 0.0),
        "2025-06": (0, None, 0.0),
        "2025-07": (1, None, 1.0),
        "2025-08": (2, None, 2.0),
        "2025-09": (3, None, 3.0),
    }


def test_quarters(build):
    values = build.values("ASC_CONTACTS", "quarter")
    assert {label: v[:3] for label, v in values.items()} == {
        "2025/26 Q1": (0, None, 0.0),
        "2025/26 Q2": (3, None, 3.0),
    }


def test_bad_rows_quarantined_with_reasons(build):
    issues = build.query(
        "select column_name, rule_code from meta.row_issues where source = 'adults' order by row_number"
    )
    assert issues == [("event_start_date", "date_format"), ("event_type", "code_list")]
    assert build.query(
        "select rows_read, rows_loaded, rows_quarantined from marts.load_log where table_name = 'cld_events'"
    ) == [(11, 9, 2)]
