"""CS_SEND_TRIBUNALS: SEND tribunal appeals with registered_date in M (a count).

Only send_tribunals is delivered (the other EHCP tables are absent), so the reporting months
come from the appeals alone: June 2025 (the first appeal) to September 2025 (the month before
the 2025-10-03 delivery). Worked by hand:
  June: T1 (2025-06-12), T2 (30/06/2025, the month's last day)           = 2
  July: T3 (2025-07-01, the first day after June's end)                  = 1
  August: nothing registered                                             = 0 (a row, not a gap)
  September: T4, T5 (2025-09-30) and T6 (delivered twice, counted once)  = 3
  not counted: T7 (2025-10-01, after September), T8 (appeal type outside the list: quarantined)
"""

import pytest

DELIVERY = "2025-10-03"
COLUMNS = ["appeal_id", "person_id", "registered_date", "appeal_type", "locality", "outcome", "outcome_date"]
APPEALS = [
    ["T1", "P1", "2025-06-12", "refusal_to_assess", "Chesil", "parent", "2025-09-01"],
    ["T2", "P2", "30/06/2025", "sections_bfi", "East", "pending", ""],
    ["T3", "P3", "2025-07-01 00:00:00", "section_i", "North", "conceded", "20/08/2025"],
    ["T4", "P4", "2025-09-02", "refusal_to_issue", "Purbeck", "pending", ""],
    ["T5", "P5", "2025-09-30", "Refusal_To_Assess", "Dorchester & West", "pending", ""],
    ["T6", "P6", "2025-09-15", "other", "Chesil", "pending", ""],
    ["T6", "P6", "2025-09-15", "other", "Chesil", "pending", ""],
    ["T7", "P7", "2025-10-01", "section_i", "East", "pending", ""],
    ["T8", "P8", "2025-09-10", "phase transfer", "East", "pending", ""],
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    from tests.harness import Extracts

    extracts = Extracts(tmp_path_factory.mktemp("send_tribunals"))
    extracts.write("ehcp", DELIVERY, "send_tribunals", COLUMNS, APPEALS)
    return extracts.build(postcode_dir)


def test_appeals_are_counted_in_the_month_they_were_registered(build):
    values = build.values("CS_SEND_TRIBUNALS")
    assert {month: row[:3] for month, row in values.items()} == {
        "2025-06": (2, None, 2.0),
        "2025-07": (1, None, 1.0),
        "2025-08": (0, None, 0.0),
        "2025-09": (3, None, 3.0),
    }


def test_quarters_repeat_the_latest_month(build):
    quarters = build.values("CS_SEND_TRIBUNALS", "quarter")
    assert {label: row[:3] for label, row in quarters.items()} == {
        "2025/26 Q1": (2, None, 2.0),
        "2025/26 Q2": (3, None, 3.0),
    }


def test_bad_appeal_type_is_quarantined_and_repeat_reported(build):
    assert build.query("select column_name, rule_code from meta.row_issues where table_name = 'send_tribunals'") == [
        ("appeal_type", "code_list")
    ]
    assert build.query(
        "select rows_read, rows_loaded, rows_quarantined from meta.file_register where table_name = 'send_tribunals'"
    ) == [(9, 8, 1)]
    assert build.query("select appeal_type from staging.stg_ehcp__tribunals where appeal_id = 'T5'") == [
        ("refusal_to_assess",)
    ]
    assert build.query(
        "select rule_code, rows_affected from marts.dq_summary where table_name = 'send_tribunals' and severity = 'warning' order by 1"
    ) == [("code_case_normalised", 1), ("duplicate_key", 2)]


def test_person_ids_are_pseudonymised(build):
    keys = build.query("select person_key from staging.stg_ehcp__tribunals order by appeal_id")
    assert len(keys) == 7
    assert all(key[0] and not key[0].startswith("P") and len(key[0]) == 20 for key in keys)
