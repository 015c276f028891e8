"""CS_S47_COMPLETED_10WD_PCT: S47 enquiries with s47e_s47_end_date in M; numerator: working
days from start to end <= 10. Working days from A to B count each working day d with
A < d <= B; Saturdays, Sundays and England and Wales bank holidays are skipped.

Hand-worked enquiries (start -> end: the working days counted):
  C1 Mon 2024-12-16 -> Thu 2025-01-02: 17 18 19 20 | 23 24 (25, 26 Christmas, Boxing Day) 27 | 30 31
     (1 Jan New Year's Day) 2 = 10 -> within
  C2 Mon 2024-12-16 -> Fri 2025-01-03: the same + 3 Jan = 11 -> not within
     (weekdays only, without bank holidays, they would be 13 and 14)
  E1 Mon 2025-04-07 -> Wed 2025-04-23: 8 9 10 11 | 14 15 16 17 (18 Good Friday, 21 Easter Monday)
     22 23 = 10 -> within
  E2 Mon 2025-04-07 -> Thu 2025-04-24: 11 -> not within
  J1 Wed 2025-06-04 -> Wed 2025-06-18 (across two weekends, no bank holiday): 5 6 | 9-13 | 16 17 18 = 10 -> within
  J2 Wed 2025-06-04 -> Thu 2025-06-19: 11 -> not within
  J3 Mon 2025-06-16 -> Mon 2025-06-30 (end on the month's last day): 17-20 | 23-27 | 30 = 10 -> within
  J4 Wed 2025-06-11 -> Wed 2025-06-11 (same day): 0 -> within
  J5 no start -> 2025-06-20: working days unknown -> denominator only (DQ: end without start)
  J6 Fri 2025-06-20 -> Thu 2025-06-12 (end before start): no d with A < d <= B, 0 -> within
     (contract followed literally; DQ warning end before start)
  J7 Mon 2025-06-30 -> Tue 2025-07-01: 1 -> within, counted in July (the end date's month)
  S1 Fri 2025-08-22 -> Mon 2025-09-08 (25 Aug summer bank holiday): 26-29 | 1-5 | 8 = 10 -> within
  S2 Fri 2025-08-22 -> Tue 2025-09-09: 11 -> not within
  O1 2025-09-15 -> open: no end date, in no month

2025-01: C1 C2 -> 1 of 2 = 50.0;   2025-04: E1 E2 -> 1 of 2 = 50.0
2025-06: J1 J2 J3 J4 J5 J6 -> within J1 J3 J4 J6 = 4 of 6 = 66.67
2025-07: J7 -> 1 of 1 = 100.0;     2025-09: S1 S2 -> 1 of 2 = 50.0
2024-12 (first month: C1's start) and 2025-02: nothing ended -> 0 of 0, NULL
"""

from __future__ import annotations

import pytest

from tests.harness import Extracts
from tests.indicators.ssd_extracts import person, write_ssd

ID = "CS_S47_COMPLETED_10WD_PCT"
ENQUIRIES = [
    ("C1", "2024-12-16 00:00:00", "2025-01-02 00:00:00"),
    ("C2", "16/12/2024", "03/01/2025"),
    ("E1", "2025-04-07", "2025-04-23"),
    ("E2", "2025-04-07 09:30:00", "2025-04-24 16:10:00"),
    ("J1", "2025-06-04", "2025-06-18"),
    ("J2", "2025-06-04", "2025-06-19"),
    ("J3", "2025-06-16", "2025-06-30"),
    ("J4", "2025-06-11", "2025-06-11"),
    ("J5", "", "2025-06-20"),
    ("J6", "2025-06-20", "2025-06-12"),
    ("J7", "2025-06-30", "2025-07-01"),
    ("S1", "2025-08-22", "2025-09-08"),
    ("S2", "2025-08-22", "2025-09-09"),
    ("O1", "2025-09-15", ""),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("s47_10wd"))
    s47 = [
        {"s47e_s47_enquiry_id": sid, "s47e_person_id": f"P{n}", "s47e_s47_start_date": start, "s47e_s47_end_date": end}
        for n, (sid, start, end) in enumerate(ENQUIRIES)
    ]
    write_ssd(extracts, persons=[person(f"P{n}") for n in range(len(ENQUIRIES))], s47=s47)
    return extracts.build(postcode_dir)


def test_working_days_per_enquiry(build):
    days = dict(
        build.query("select s47_enquiry_id, working_days_to_complete from intermediate.int_s47_enquiries_measured")
    )
    assert days == {
        "C1": 10,
        "C2": 11,
        "E1": 10,
        "E2": 11,
        "J1": 10,
        "J2": 11,
        "J3": 10,
        "J4": 0,
        "J5": None,
        "J6": 0,
        "J7": 1,
        "S1": 10,
        "S2": 11,
        "O1": None,
    }


def test_monthly_values(build):
    months = build.values(ID, "month")
    assert months["2025-01"][:3] == (1, 2, 50.0)
    assert months["2025-04"][:3] == (1, 2, 50.0)
    assert months["2025-06"][:2] == (4, 6)
    assert months["2025-06"][2] == pytest.approx(200 / 3)
    assert months["2025-07"][:3] == (1, 1, 100.0)
    assert months["2025-09"][:3] == (1, 2, 50.0)
    assert months["2025-02"][:3] == (0, 0, None)
    assert list(months) == [f"{y}-{m:02d}" for y, m in [(2024, 12)] + [(2025, m) for m in range(1, 10)]]


def test_quarters(build):
    quarters = build.values(ID, "quarter")
    assert quarters["2025/26 Q2"][:4] == (1, 2, 50.0, "Red")  # target 90, higher is better, tolerance 10
    assert quarters["2025/26 Q1"][:2] == (4, 6)
    assert quarters["2024/25 Q4"][:3] == (0, 0, None)  # March 2025: nothing ended
    assert "2024/25 Q3" in quarters  # December 2024 is reported


def test_calendar(build):
    rows = build.query(
        "select calendar_date::varchar, is_working_day, bank_holiday from intermediate.int_calendar_days "
        "where calendar_date between '2025-04-17' and '2025-04-22' order by 1"
    )
    assert rows == [
        ("2025-04-17", True, None),
        ("2025-04-18", False, "Good Friday"),
        ("2025-04-19", False, None),
        ("2025-04-20", False, None),
        ("2025-04-21", False, "Easter Monday"),
        ("2025-04-22", True, None),
    ]
    assert build.query(
        "select min(calendar_date)::varchar, max(calendar_date)::varchar from intermediate.int_calendar_days "
        "where bank_holidays_known"
    ) == [("2012-01-01", "2028-12-31")]


def test_dq_warnings(build):
    dq = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'ssd'"))
    assert dq == {"s47_end_before_start": 1, "s47_end_without_start": 1}
