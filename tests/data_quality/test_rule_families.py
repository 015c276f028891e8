"""Every rule family fires on the record that breaks it and on no other (hand-built extracts).

ssd, delivered 2025-10-03 (the run's last month is 2025-09), file rows counted from the header
(line 1), so the n-th data row is file row n + 1:
  ssd_s47_enquiry  row 2 S1 clean; row 3 S2 ends before it starts (row); row 4 S3 is for P9,
                   not in ssd_person (cross_source); rows 5 and 6 both S4 (cross_row
                   duplicate_key, both rows listed); row 7 S5 start 2025-13-01 (structure
                   date_format: quarantined)
  ssd_initial_cp_conference  row 2 I1 -> S1, clean
  ssd_cp_plans     row 2 C1 with its category, clean; row 3 C2 without one (row
                   cp_plan_without_category, the rule added as the test of "Add a DQ rule")
education, delivered 2025-07-02: stale (freshness). It covers up to 2025-06, so 2025-07,
  2025-08 and 2025-09 of CS_PERM_EXCLUSION_RATE are not covered. exclusions: row 2 X1 at a
  school in the headcount, clean; row 3 X2 at URN 999999, in no census (reference unknown_school).
adults safeguarding_concerns: 39/40/41 a month, 0 in 2025-03, 80 in 2025-06 (volume; see
  extracts.monthly_concern_counts): both flagged, no other month.
ssda903: the DfE validator found DFE903_103 on episodes row 3 of child C100 (dfe).
restatement: a first publish has nothing to restate (tests/data_quality/test_restatement.py).
"""

from __future__ import annotations

import pytest

from tests.data_quality.extracts import (
    SNAPSHOT,
    STALE,
    icpc,
    monthly_concern_counts,
    person,
    plan,
    s47,
    write_concerns,
    write_dfe_hits,
    write_ssd,
)
from tests.harness import Extracts

EXCLUSION_HEADER = [
    "exclusion_id",
    "upn",
    "school_urn",
    "category",
    "start_date",
    "rescinded",
    "year_group",
    "locality",
]
EXPECTED_HITS = {
    # (rule_code, table_name, file_row, record_id)
    ("s47_end_before_start", "ssd_s47_enquiry", 3, "S2"),
    ("cp_plan_without_category", "ssd_cp_plans", 3, "C2"),
    ("s47_person_not_in_ssd_person", "ssd_s47_enquiry", 4, "S3"),
    ("duplicate_key", "ssd_s47_enquiry", 5, "S4"),
    ("duplicate_key", "ssd_s47_enquiry", 6, "S4"),
    ("date_format", "ssd_s47_enquiry", 7, "S5"),
    ("unknown_school", "exclusions", 3, "X2"),
    ("stale_extract", None, None, "2025-07"),
    ("stale_extract", None, None, "2025-08"),
    ("stale_extract", None, None, "2025-09"),
    ("volume_anomaly", "safeguarding_concerns", None, "2025-03"),
    ("volume_anomaly", "safeguarding_concerns", None, "2025-06"),
    ("DFE903_103", "episodes", 3, "C100"),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("dq_families"))
    write_ssd(
        extracts,
        persons=[person("P1"), person("P2"), person("P3")],
        s47=[
            s47("S1", "P1", "2025-09-01", "2025-09-05"),
            s47("S2", "P2", "2025-09-10", "2025-09-08"),
            s47("S3", "P9", "2025-09-02", "2025-09-04"),
            s47("S4", "P3", "2025-09-03", "2025-09-06"),
            s47("S4", "P3", "2025-09-03", "2025-09-07"),
            s47("S5", "P1", "2025-13-01", ""),
        ],
        icpc=[icpc("I1", "S1", "P1", "2025-09-08")],
        plans=[plan("C1", "P1", "2025-09-09", "Neglect"), plan("C2", "P2", "2025-09-12", "")],
    )
    extracts.write(
        "education",
        STALE,
        "pupil_headcount",
        ["census_date", "school_urn", "headcount"],
        [["2025-05-15", "100001", "500"]],
    )
    extracts.write(
        "education",
        STALE,
        "exclusions",
        EXCLUSION_HEADER,
        [
            ["X1", "A123456789012", "100001", "PERM", "2025-05-20", "", "9", "North"],
            ["X2", "A123456789013", "999999", "SUSP", "2025-06-02", "", "9", "North"],
        ],
    )
    write_concerns(extracts, monthly_concern_counts())
    write_dfe_hits(
        extracts,
        hits=[("DFE903_103", "episodes", SNAPSHOT, "ssda903/2025-10-03/episodes.csv", 3, "C100", "ceased before")],
        rules=[("DFE903_103", "episodes", "The date the episode ceased is before the date it started")],
    )
    return extracts.build(postcode_dir)


def test_every_family_fires_on_its_record_and_no_other(build):
    hits = set(build.query("select rule_code, table_name, row_number, record_id from marts.dq_issues"))
    assert hits == EXPECTED_HITS
    families = dict(
        build.query(
            "select rules.family, count(*) from marts.dq_issues as issues join marts.dq_rules as rules "
            "on issues.rule_code = rules.rule_code and issues.source = rules.source "
            "and issues.table_name is not distinct from rules.table_name group by 1"
        )
    )
    assert families == {
        "row": 2,
        "cross_source": 1,
        "cross_row": 2,
        "structure": 1,
        "reference": 1,
        "freshness": 3,
        "volume": 2,
        "dfe": 1,
    }


def test_issues_carry_delivery_file_and_first_status(build):
    rows = build.query("select delivery, file_name, status from marts.dq_issues where rule_code = 'duplicate_key'")
    assert rows == [(SNAPSHOT, "ssd/2025-10-03/ssd_s47_enquiry.csv", "new")] * 2


def test_stale_source_is_flagged_with_the_months_it_cannot_cover(build):
    rows = build.query(
        "select source, covered_through, run_last_month, is_stale, months_not_covered, indicator_ids "
        "from marts.dq_freshness order by source"
    )
    assert rows == [
        (
            "adults",
            "2025-09",
            "2025-09",
            False,
            [],
            "ASC_CONTACTS ASC_OUTSTANDING_ASSESSMENTS ASC_OVERDUE_REVIEWS ASC_SAFEGUARDING_CONCERNS",
        ),
        ("education", "2025-06", "2025-09", True, ["2025-07", "2025-08", "2025-09"], "CS_PERM_EXCLUSION_RATE"),
        ("ssd", "2025-09", "2025-09", False, [], "CS_CPP_REPEAT_2YR_PCT CS_S47_COMPLETED_10WD_PCT CS_S47_TO_ICPC_PCT"),
    ]


def test_volume_gap_and_spike_are_flagged_and_a_normal_month_is_not(build):
    """2025-03: the 12 months before hold four each of 39, 40, 41: median 40, MAD 1, so
    z = (0 - 40) / 1.4826 = -26.98 and the range is 40 -/+ 3.5 x 1.4826 = 34.81 to 45.19.
    2025-06: the same window shape but with 0 in it (2024-06..2025-05: 0 replaces a 41, so
    four 39s, four 40s, three 41s and a 0): median 40, deviations eight 1s... MAD 1, z = +26.98.
    2025-09 (41 = 40 + (24 % 3) - 1 + 1? no: i = 24 -> 39): the window holds 0 and 80, median 40,
    MAD 1, z = (39 - 40) / 1.4826 = -0.67: not flagged."""
    rows = {
        month: (records, median, mad, round(z, 2), round(low, 2), round(high, 2), flagged)
        for month, records, median, mad, z, low, high, flagged in build.query(
            "select strftime(month_start, '%Y-%m'), records, trailing_median, trailing_mad, robust_z, "
            "expected_low, expected_high, is_anomaly from marts.dq_volume "
            "where table_name = 'safeguarding_concerns' and month_start >= date '2025-03-01'"
        )
    }
    assert rows["2025-03"] == (0, 40, 1, -26.98, 34.81, 45.19, True)
    assert rows["2025-06"] == (80, 40, 1, 26.98, 34.81, 45.19, True)
    assert rows["2025-09"] == (39, 40, 1, -0.67, 34.81, 45.19, False)
    flagged = build.query("select count(*) from marts.dq_volume where is_anomaly")
    assert flagged == [(2,)]


def test_summary_and_trend_count_the_hits(build):
    summary = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'ssd'"))
    assert summary == {
        "date_format": 1,
        "s47_end_before_start": 1,
        "s47_person_not_in_ssd_person": 1,
        "duplicate_key": 2,
        "cp_plan_without_category": 1,
    }
    trend = build.query(
        "select period, rows_affected, new, resolved from marts.dq_trend where rule_code = 'duplicate_key'"
    )
    assert trend == [(SNAPSHOT, 2, 2, 0)]
