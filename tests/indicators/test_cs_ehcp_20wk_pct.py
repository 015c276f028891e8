"""CS_EHCP_20WK_PCT: % of EHC plans issued within 20 weeks, excluding exceptions.

Contract: assessments with outcome `Y` and outcome date (plan issued) in M, excluding
exceptions (`ehca_ehcp_assessment_exceptions` = 1; blank counts as 0; other values are
quarantined); numerator: outcome date - request date (`ehcr_ehcp_req_date`) <= 140 days.
An assessment whose request is missing is in the denominator and not the numerator (it
cannot be shown to be on time), with a DQ warning.

One snapshot delivered 2025-10-03, so the last reported month is September 2025. Day counts
worked by hand (calendar days, outcome - request):
  2025-05-13 -> 2025-09-30: 18 (rest of May) + 30 + 31 + 31 + 30 = 140
  2025-05-12 -> 2025-09-30: 141
  2025-04-01 -> 2025-08-19: 29 + 31 + 30 + 31 + 19 = 140
  2025-04-01 -> 2025-08-20: 141
  2025-05-01 -> 2025-08-31: 30 + 30 + 31 + 31 = 122
  2025-06-01 -> 2025-09-05: 29 + 31 + 31 + 5 = 96
  2025-03-01 -> 2025-09-01: 30 + 30 + 31 + 30 + 31 + 31 + 1 = 184
  2025-06-10 -> 2025-09-08: 20 + 31 + 31 + 8 = 90
"""

import pytest

DELIVERY = "2025-10-03"
REQUESTS = [
    "ehcr_ehcp_request_id",
    "ehcr_send_table_id",
    "ehcr_ehcp_req_date",
    "ehcr_ehcp_req_outcome_date",
    "ehcr_ehcp_req_outcome",
]
ASSESSMENTS = [
    "ehca_ehcp_assessment_id",
    "ehca_ehcp_request_id",
    "ehca_ehcp_assessment_outcome_date",
    "ehca_ehcp_assessment_outcome",
    "ehca_ehcp_assessment_exceptions",
]

# (assessment id, request id, request date, outcome date, outcome, exceptions)
CASES = [
    # September 2025
    ("A01", "R01", "2025-05-13 00:00:00", "2025-09-30 00:00:00", "Y", "0"),  # 140 days, month's last day: num
    ("A02", "R02", "2025-05-12", "2025-09-30", "Y", "0"),  # 141 days: den only
    ("A05", "R05", "2025-06-01", "2025-09-15", "Y", "1"),  # exception: excluded
    ("A06", "R06", "01/06/2025", "2025-09-05", "Y", ""),  # blank exception = 0: 96 days, num
    ("A06", "R06", "01/06/2025", "2025-09-05", "Y", ""),  # the same row again: counts once
    ("A07", "R07", "2025-03-01", "2025-09-01", "Y", "0"),  # month's first day, 184 days: den
    ("A08", "R08", "2025-06-01", "2025-09-10", "N", "0"),  # not issued: excluded
    ("A09", "R09", "2025-06-01", "2025-10-01", "Y", "0"),  # issued in October: not September
    ("A10", "R99", None, "2025-09-20", "Y", "0"),  # request R99 missing: den only
    ("A11", "R11", "", "2025-09-12", "Y", "0"),  # request undated: den only
    ("A12", "R12", "2025-06-10", "2025-09-08", "y", "0"),  # lower-case Y: warned, 90 days, num
    ("A13", "R13", "2025-06-10", "", "Y", "0"),  # decided, not yet issued: excluded
    ("A14", "R14", "2025-06-10", "", "A", ""),  # pending: excluded
    ("A15", "R15", "2025-06-01", "2025-09-09", "Y", "2"),  # exception '2': quarantined
    ("A16", "R16", "2025-05-13 09:00:00", "2025-09-30 16:45:00", "Y", "0"),  # 140 days with times: num
    # August 2025
    ("A03", "R03", "2025-04-01", "2025-08-19", "Y", "0"),  # 140 days: num
    ("A04", "R04", "2025-04-01", "2025-08-20", "Y", ""),  # 141 days: den only
    ("A19", "R19", "2025-05-01", "2025-08-31", "Y", "0"),  # 122 days, month's last day: num
    # March 2025: the first request, so months start in March. Nothing issued April-July.
    ("A20", "R20", "2025-03-01", "", "W", ""),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    from tests.harness import Extracts

    extracts = Extracts(tmp_path_factory.mktemp("ehcp_20wk"))
    requests = {}
    for _, request_id, requested, *_ in CASES:
        if requested is not None and request_id not in requests:
            requests[request_id] = [request_id, f"S{request_id}", requested, "", "Y"]
    extracts.write("ehcp", DELIVERY, "ssd_ehcp_requests", REQUESTS, list(requests.values()))
    extracts.write(
        "ehcp",
        DELIVERY,
        "ssd_ehcp_assessment",
        ASSESSMENTS,
        [[a, r, out, outcome, exc] for a, r, _, out, outcome, exc in CASES],
    )
    return extracts.build(postcode_dir)


def test_september_counts_plans_issued_in_the_month_without_exceptions(build):
    # den: A01 A02 A06 A07 A10 A11 A12 A16 = 8; num: A01 (140) A06 (96) A12 (90) A16 (140) = 4
    assert build.values("CS_EHCP_20WK_PCT")["2025-09"][:3] == (4, 8, 50.0)


def test_august_140_days_is_on_time_and_141_is_late(build):
    # den: A03 A04 A19 = 3; num: A03 (140) A19 (122) = 2
    num, den, value = build.values("CS_EHCP_20WK_PCT")["2025-08"][:3]
    assert (num, den) == (2, 3)
    assert value == pytest.approx(200 / 3)


def test_months_with_no_plans_issued_have_a_row_with_no_value(build):
    values = build.values("CS_EHCP_20WK_PCT")
    assert list(values) == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
    for month in ("2025-03", "2025-04", "2025-05", "2025-06", "2025-07"):
        assert values[month][:3] == (0, 0, None)


def test_quarter_repeats_its_last_month(build):
    quarters = build.values("CS_EHCP_20WK_PCT", "quarter")
    assert quarters["2025/26 Q2"][:3] == (4, 8, 50.0)
    assert quarters["2025/26 Q1"][:3] == (0, 0, None)


def test_bad_exception_flag_is_quarantined_and_lower_case_outcome_loaded(build):
    issues = build.query("select column_name, rule_code from meta.row_issues where table_name = 'ssd_ehcp_assessment'")
    assert issues == [("ehca_ehcp_assessment_exceptions", "code_list")]
    loaded = build.query(
        "select rows_read, rows_loaded, rows_quarantined from meta.file_register "
        "where table_name = 'ssd_ehcp_assessment'"
    )
    assert loaded == [(len(CASES), len(CASES) - 1, 1)]
    warned = build.query(
        "select rows_affected from meta.file_warnings where table_name = 'ssd_ehcp_assessment' "
        "and rule_code = 'code_case_normalised'"
    )
    assert warned == [(1,)]


def test_unmeasurable_assessments_are_reported(build):
    rules = dict(
        build.query(
            "select rule_code, rows_affected from marts.dq_summary where table_name = 'ssd_ehcp_assessment' "
            "and severity = 'warning'"
        )
    )
    assert rules["assessment_without_request"] == 1  # A10
    assert rules["issued_plan_request_undated"] == 1  # A11
    assert rules["duplicate_key"] == 2  # A06 twice: both rows
    assert "outcome_before_request" not in rules
    published = build.query(
        "select count(*) from marts.dq_summary where source = 'ehcp' and rule_code = 'assessment_without_request'"
    )
    assert published == [(1,)]
