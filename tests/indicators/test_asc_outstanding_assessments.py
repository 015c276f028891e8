"""ASC_OUTSTANDING_ASSESSMENTS: CLD `Assessment` events open at the month end (events, not people).

Open at `end`: start <= end and (no end date or end date > end). Delivery 2024-04-05, last
month 2024-03; the first record (a Request, 2024-01-10) starts the months: January-March 2024.

By hand (open at 31 Jan / 29 Feb / 31 Mar):
  A1 2024-01-15 -> (open)                 yes / yes / yes
  A2 2024-01-31 -> 2024-01-31             no (ends on the month end) / no / no
  A3 2024-01-31 -> 2024-02-01             yes (ends the day after) / no / no
  A4 2024-02-29 -> 2024-03-31             no / yes (starts on the leap day) / no (ends on the month end)
  A5 2024-03-31 -> (open)                 no / no / yes (starts on the month end)
  A6 2024-04-01 -> (open)                 no / no / no (starts after)
  A7 2024-02-10 -> (open), same person as A1: no / yes / yes (events are counted, not people)
  A8 2024-02-20 -> 2024-02-10 (ends before it starts): never open; a DQ warning
  R1 Request 2024-01-10 -> (open)         not an assessment
So January 2 (A1, A3), February 3 (A1, A4, A7), March 3 (A1, A5, A7); 2023/24 Q4 = 3.
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CLD_HEADER, cld


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("asc_assessments"))
    extracts.write(
        "adults",
        "2024-04-05",
        "cld_events",
        CLD_HEADER,
        [
            cld("1", "Assessment", "2024-01-15"),
            cld("2", "Assessment", "2024-01-31", "2024-01-31"),
            cld("3", "Assessment", "2024-01-31", "2024-02-01"),
            cld("4", "Assessment", "29/02/2024", "31/03/2024"),
            cld("5", "Assessment", "2024-03-31"),
            cld("6", "Assessment", "2024-04-01"),
            cld("1", "Assessment", "2024-02-10"),
            cld("8", "Assessment", "2024-02-20", "2024-02-10"),
            cld("9", "Request", "2024-01-10"),
        ],
    )
    return extracts.build(postcode_dir)


def test_monthly_counts(build):
    values = build.values("ASC_OUTSTANDING_ASSESSMENTS")
    assert {label: v[:3] for label, v in values.items()} == {
        "2024-01": (2, None, 2.0),
        "2024-02": (3, None, 3.0),
        "2024-03": (3, None, 3.0),
    }


def test_quarter(build):
    assert build.values("ASC_OUTSTANDING_ASSESSMENTS", "quarter")["2023/24 Q4"][:3] == (3, None, 3.0)


def test_end_before_start_is_a_warning_not_a_quarantine(build):
    dq = dict(
        build.query(
            "select rule_code, rows_affected from marts.dq_summary "
            "where source = 'adults' and table_name = 'cld_events'"
        )
    )
    assert dq["event_ends_before_start"] == 1
    assert build.query("select count(*) from meta.quarantine where source = 'adults'") == [(0,)]
