"""ASC_SAFEGUARDING_CONCERNS: safeguarding concerns received in the month (a count).

Delivery 2025-10-03, so the last month is 2025-09. Only the concerns table is delivered: its
first record (2025-05-20) starts the adults months, May-September 2025.

By hand (received date -> month):
  C1 2025-05-20 (ISO)                      -> May
  C2 2025-07-01 (first day)                -> July
  C3 31/07/2025 (dd/mm/yyyy, last day)     -> July, but repeated below: set aside
  C4 2025-08-01 09:15:00 (with a time)     -> August
  C3 again, received 2025-08-15            -> a repeated concern_id: the last row in the file wins -> August
  C5 2025-09-10, decision 'S42' (case)     -> September (warning, loaded)
  C6 2025-09-31 (no such day)              -> quarantined, not counted
  C7 2025-10-01                            -> October, after the last month: not reported
So May 1, June 0 (a row with 0, not a missing row), July 1, August 2, September 1.
Quarters: 2025/26 Q1 repeats June (0), 2025/26 Q2 repeats September (1). Counts have no
denominator. Target 550 (lower is better): 1 is Green.
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CONCERN_HEADER, concern


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("asc_concerns"))
    extracts.write(
        "adults",
        "2025-10-03",
        "safeguarding_concerns",
        CONCERN_HEADER,
        [
            concern("C1", "2025-05-20"),
            concern("C2", "2025-07-01"),
            concern("C3", "31/07/2025"),
            concern("C4", "2025-08-01 09:15:00"),
            concern("C3", "2025-08-15"),
            concern("C5", "2025-09-10", decision="S42", decided="2025-09-12"),
            concern("C6", "2025-09-31"),
            concern("C7", "2025-10-01", decision="pending"),
        ],
    )
    return extracts.build(postcode_dir)


def test_monthly_counts(build):
    values = build.values("ASC_SAFEGUARDING_CONCERNS")
    assert {label: v[:3] for label, v in values.items()} == {
        "2025-05": (1, None, 1.0),
        "2025-06": (0, None, 0.0),
        "2025-07": (1, None, 1.0),
        "2025-08": (2, None, 2.0),
        "2025-09": (1, None, 1.0),
    }


def test_quarters_repeat_their_last_month(build):
    values = build.values("ASC_SAFEGUARDING_CONCERNS", "quarter")
    assert values["2025/26 Q1"][:4] == (0, None, 0.0, "Green")
    assert values["2025/26 Q2"][:4] == (1, None, 1.0, "Green")


def test_other_adults_indicators_report_zero_without_cld_events(build):
    for indicator in ("ASC_CONTACTS", "ASC_OUTSTANDING_ASSESSMENTS", "ASC_OVERDUE_REVIEWS"):
        values = build.values(indicator)
        assert list(values) == ["2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
        assert {v[0] for v in values.values()} == {0}


def test_repeated_concern_id_and_bad_date_are_reported(build):
    dq = dict(
        build.query(
            "select rule_code, rows_affected from marts.dq_summary where source = 'adults' "
            "and table_name = 'safeguarding_concerns'"
        )
    )
    assert dq["duplicate_key"] == 2  # both C3 rows
    assert dq["date_format"] == 1
    assert dq["code_case_normalised"] == 1
