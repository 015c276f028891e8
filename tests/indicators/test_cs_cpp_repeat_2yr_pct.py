"""CS_CPP_REPEAT_2YR_PCT: rolling 12 months to the month's end (first day of M-11 to the last
day of M): CP plans starting in the window; numerator: the same person has another plan that
started earlier and either has no end date or ended on or after (start - 730 days).

Hand-worked plans (id: person, start -> end):
  A0: P1 2020-12-01 -> 2022-10-02   ends exactly A1's start - 730 days (2024-10-01 - 730 = 2022-10-02)
  A1: P1 2024-10-01 -> open         first day of September 2025's window: REPEAT (A0 ended on the bound)
  B0: P2 2023-06-01 -> 2024-01-01
  B1: P2 2024-09-30 -> 2025-03-31   day before September's window, inside August's: REPEAT
  C0: P3 2023-01-05 -> 2023-09-30   ends C1's start - 731 days (2025-09-30 - 731 = 2023-09-30)
  C1: P3 2025-09-30 -> open         last day of September: not a repeat (C0 ended one day too early)
  D0: P4 2021-06-01 -> open         still open
  D1: P4 2025-03-15 -> open         REPEAT (an earlier plan with no end date)
  E1: P5 2025-05-01 -> open         same start as E2: neither started earlier, neither is a repeat
  E2: P5 2025-05-01 -> 2025-08-01
  F1: P6 2025-06-10 -> open         not a repeat: G0 is another person's plan
  G0: P7 2024-08-01 -> 2025-01-01   first day of July 2025's window; P7 is not in ssd_person
  H0: P8 2025-02-01 -> 2025-06-30   not a repeat (H1 started later)
  H1: P8 2025-07-01 -> open         REPEAT (H0 ended the day before)

2025-09 (2024-10-01..2025-09-30): A1 C1 D1 E1 E2 F1 H0 H1 = 8; repeats A1 D1 H1 = 3 -> 37.5
2025-08 (2024-09-01..2025-08-31): B1 A1 D1 E1 E2 F1 H0 H1 = 8; repeats B1 A1 D1 H1 = 4 -> 50.0
2025-07 (2024-08-01..2025-07-31): G0 + the eight of August = 9; repeats 4 -> 44.44...
2025-06 (2024-07-01..2025-06-30): G0 B1 A1 D1 E1 E2 F1 H0 = 8; repeats B1 A1 D1 = 3 -> 37.5
2023-01 (2022-02-01..2023-01-31): C0 only, no earlier plan -> 0 of 1 = 0.0
2022-09 is the first month (first record 2020-12, capped at 36 months back from 2025-09);
its window 2021-10-01..2022-09-30 holds no plan start -> 0 of 0, value NULL (a row, not missing).
"""

from __future__ import annotations

import pytest

from orchestration.lib.pseudonymise import pseudonym
from tests.harness import TEST_KEY, Extracts
from tests.indicators.ssd_extracts import person, write_ssd

ID = "CS_CPP_REPEAT_2YR_PCT"
PLANS = [
    ("A0", "P1", "2020-12-01 00:00:00", "2022-10-02 00:00:00"),
    ("A1", "P1", "2024-10-01 00:00:00", ""),
    ("B0", "P2", "2023-06-01", "2024-01-01"),
    ("B1", "P2", "30/09/2024", "31/03/2025"),
    ("C0", "P3", "2023-01-05", "2023-09-30"),
    ("C1", "P3", "2025-09-30 00:00:00", ""),
    ("D0", "P4", "2021-06-01", ""),
    ("D1", "P4", "2025-03-15", ""),
    ("E1", "P5", "2025-05-01", ""),
    ("E2", "P5", "2025-05-01", "2025-08-01"),
    ("F1", "P6", "2025-06-10", ""),
    ("G0", "P7", "2024-08-01", "2025-01-01"),
    ("H0", "P8", "2025-02-01", "2025-06-30"),
    ("H1", "P8", "2025-07-01", ""),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("cpp_repeat"))
    persons = [
        person(
            p,
            pers_forename="Ada",
            pers_surname="Lovelace",
            pers_common_child_id="943 476 5919",
            pers_upn="A123456789012",
        )
        for p in ("P1", "P2", "P3", "P4", "P5", "P6", "P8")
    ]
    plans = [
        {
            "cppl_cp_plan_id": plan,
            "cppl_person_id": who,
            "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": end,
            "cppl_cp_plan_initial_category": "Neglect",
        }
        for plan, who, start, end in PLANS
    ]
    write_ssd(extracts, persons=persons, plans=plans)
    return extracts.build(postcode_dir)


def test_window_edges_and_730_day_bound(build):
    months = build.values(ID, "month")
    assert months["2025-09"][:3] == (3, 8, 37.5)
    assert months["2025-08"][:3] == (4, 8, 50.0)
    assert months["2025-07"][0:2] == (4, 9)
    assert months["2025-07"][2] == pytest.approx(400 / 9)
    assert months["2025-06"][:3] == (3, 8, 37.5)
    assert months["2023-01"][:3] == (0, 1, 0.0)


def test_every_month_has_a_row_and_empty_windows_are_null(build):
    months = build.values(ID, "month")
    assert list(months)[0] == "2022-09" and list(months)[-1] == "2025-09"
    assert len(months) == 37
    assert months["2022-09"][:3] == (0, 0, None)


def test_quarter_repeats_its_last_month_and_is_rated(build):
    quarters = build.values(ID, "quarter")
    assert quarters["2025/26 Q2"][:4] == (3, 8, 37.5, "Red")  # target 12, lower is better, tolerance 3
    assert quarters["2025/26 Q1"][:3] == (3, 8, 37.5)


def test_plan_flags(build):
    flags = dict(build.query("select cp_plan_id, is_repeat_within_2_years from intermediate.int_cp_plans_compared"))
    assert {plan for plan, repeat in flags.items() if repeat} == {"A1", "B1", "D1", "H1"}
    assert len(flags) == 14


def test_dq_overlaps_and_missing_person(build):
    dq = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'ssd'"))
    assert dq["overlapping_cp_plans"] == 3  # D1 (D0 open), E1 and E2 (same start, both open then)
    assert dq["cp_plan_person_not_in_ssd_person"] == 1  # G0 (P7)
    assert "cp_plan_end_before_start" not in dq


def test_person_keys_link_and_personal_data_stays_out(build):
    columns = {
        c
        for (c,) in build.query(
            "select column_name from information_schema.columns where table_schema <> 'raw_ssd' "
            "and (table_name like '%ssd%' or table_name like '%cp_plan%' or table_name like '%s47%')"
        )
    }
    for personal in (
        "pers_forename",
        "pers_surname",
        "forename",
        "surname",
        "pers_dob",
        "dob",
        "pers_common_child_id",
        "pers_upn",
        "pers_person_id",
        "cppl_person_id",
    ):
        assert personal not in columns
    linked = build.query(
        "select count(*) from staging.stg_ssd__cp_plans p join staging.stg_ssd__persons s using (person_key)"
    )
    assert linked == [(13,)]  # every plan but G0's
    assert build.query("select count(*) from staging.stg_ssd__persons where person_key in ('P1', 'P2')") == [(0,)]
    assert build.query("select distinct person_key from staging.stg_ssd__cp_plans where cp_plan_id = 'A1'") == [
        (pseudonym(TEST_KEY.encode(), "P1"),)
    ]
    assert build.query("select distinct nhs_number_key from staging.stg_ssd__persons") == [
        (pseudonym(TEST_KEY.encode(), "9434765919"),)
    ]
    assert build.query("select distinct birth_month::varchar from staging.stg_ssd__persons") == [("2015-06-01",)]
