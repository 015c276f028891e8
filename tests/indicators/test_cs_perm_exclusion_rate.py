"""CS_PERM_EXCLUSION_RATE: rolling 12 months to `end` (first day of M-11 to the last day of M):
PERM exclusions not rescinded with start_date in the window, per 100 pupils: the headcount
summed over all schools at the latest census_date on or before `end`.
"""

from __future__ import annotations

import pytest

from tests.harness import Extracts

EXCLUSIONS = ["exclusion_id", "upn", "school_urn", "category", "start_date", "rescinded", "year_group", "locality"]
HEADCOUNT = ["census_date", "school_urn", "headcount"]
ID = "CS_PERM_EXCLUSION_RATE"


def exclusion(eid, category, start, rescinded="N"):
    return [eid, f"A8381234{eid[-2:]:0>2}001", "100001", category, start, rescinded, "9", "East"]


ROWS = [
    exclusion("X0", "SUSP", "15/04/2024"),  # earliest record: the reporting months start in April 2024
    exclusion("X1", "PERM", "01/10/2024"),  # first day of M-11 for September 2025: in
    exclusion("X2", "PERM", "30/09/2024"),  # the day before that window: out for Sep 2025, in for Aug 2025
    exclusion("X3", "PERM", "30/09/2025"),  # last day of September 2025: in
    exclusion("X4", "PERM", "03/03/2025", "Y"),  # rescinded: never counted
    exclusion("X5", "SUSP", "04/03/2025"),  # suspension: never counted
    exclusion("X6", "PERM", "01/10/2025"),  # after the last reported month
    exclusion("X7", "PERM", "10/06/2025", ""),  # rescinded blank: not rescinded, counted
    exclusion("X8", "PERM", "11/02/2025"),  # delivered twice: counted once (DQ warning)
    exclusion("X8", "PERM", "11/02/2025"),
    exclusion("X9", "perm", "2025-04-01"),  # lower-case code: a warning, loaded and counted
]
HEADCOUNTS = [
    ["2024-05-16", "100001", "1000"],
    ["2024-05-16", "100002", "500"],  # 1,500
    ["2024-10-03", "100001", "1100"],
    ["2024-10-03", "100002", "600"],  # 1,700
    ["2025-01-16", "100001", "1200"],
    ["2025-01-16", "100002", "700"],
    ["2025-01-16", "100003", "100"],  # 2,000
    ["2025-05-15", "100001", "1500"],
    ["2025-05-15", "100002", "1000"],  # 2,500 (no 100003)
    ["2025-10-02", "100001", "9000"],
    ["2025-10-02", "100002", "1000"],  # after September: unused
]
# Hand-worked (numerator, denominator):
#   2024-04: no census yet, no PERM                          -> (0, 0), value NULL
#   2024-05: census 16 May 2024, window Jun 2023-May 2024    -> (0, 1500), 0.0
#   2024-09: X2 (30 Sep 2024); census May 2024               -> (1, 1500)
#   2024-10: X1, X2; census 3 Oct 2024                       -> (2, 1700)
#   2025-01: X1, X2, (X8 is February); census 16 Jan 2025    -> (2, 2000), 0.1
#   2025-02: X1, X2, X8 (once)                               -> (3, 2000)
#   2025-08: window 1 Sep 2024-31 Aug 2025: X1, X2, X7, X8, X9; census May 2025 -> (5, 2500)
#   2025-09: window 1 Oct 2024-30 Sep 2025: X1, X3, X7, X8, X9; census May 2025 (the
#            2 Oct 2025 census is after `end`; January's school 100003 is not in May's) -> (5, 2500), 0.2
EXPECTED = {
    "2024-04": (0, 0, None),
    "2024-05": (0, 1500, 0.0),
    "2024-09": (1, 1500, 100 / 1500),
    "2024-10": (2, 1700, 200 / 1700),
    "2025-01": (2, 2000, 0.1),
    "2025-02": (3, 2000, 0.15),
    "2025-08": (5, 2500, 0.2),
    "2025-09": (5, 2500, 0.2),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("exclusions"))
    extracts.write("education", "2025-10-03", "exclusions", EXCLUSIONS, ROWS)
    extracts.write("education", "2025-10-03", "pupil_headcount", HEADCOUNT, HEADCOUNTS)
    return extracts.build(postcode_dir)


def test_reporting_months(build):
    values = build.values(ID)
    assert list(values)[0] == "2024-04" and list(values)[-1] == "2025-09" and len(values) == 18


@pytest.mark.parametrize("month", sorted(EXPECTED))
def test_hand_worked_months(build, month):
    numerator, denominator, value = EXPECTED[month]
    got = build.values(ID)[month]
    assert got[:2] == (numerator, denominator)
    assert got[2] == (None if value is None else pytest.approx(value))


def test_quarter_and_rag(build):
    quarters = build.values(ID, "quarter")
    assert quarters["2025/26 Q2"][:3] == (5, 2500, pytest.approx(0.2))
    assert quarters["2025/26 Q2"][3] == "Red"  # target 0.1, tolerance 0.02, lower is better
    # March 2025: window 1 Apr 2024-31 Mar 2025: X2, X1, X8 (X9 starts 1 April); census Jan 2025
    assert quarters["2024/25 Q4"][:3] == (3, 2000, pytest.approx(0.15))


def test_data_quality_warnings(build):
    dq = build.query(
        "select rule_code, rows_affected from marts.dq_summary "
        "where source = 'education' and severity = 'warning' order by rule_code"
    )
    assert dq == [("code_case_normalised", 1), ("duplicate_key", 2)]
