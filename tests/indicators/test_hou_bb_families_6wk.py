"""HOU_BB_FAMILIES_6WK: distinct households with a `bb` placement open at `end` with
dependent_children > 0 or pregnant_member `Y`, whose B&B stay has lasted more than 42 days
(end - stay start > 42). A stay is a household's chain of bb placements, each starting on
or before the previous one's end date.

Delivery 2024-04-05, last month 2024-03; the first record (F9, 2023-12-01) starts the months:
December 2023-March 2024.

By hand (days = end - stay start; counted when > 42):
 household: bb placements (stay start)                   | 31 Jan | 29 Feb   | 31 Mar
 F1:  children 2, bb 2024-02-17 -> open                  |   -    | 12 no    | 43 YES
 F2:  children 1, bb 2024-02-18 -> open                  |   -    | 11 no    | 42 no
 F3:  pregnant, no children: bb 2024-02-01 -> 2024-03-01,|   -    | 28 no    | 59 YES (chained:
      bb 2024-03-01 -> open (starts on the first's end)  |        |          | stay from 1 Feb)
 F4:  children 1: bb 2024-02-01 -> 2024-03-01, bb        |   -    | 28 no    | 29 no (new stay
      2024-03-02 -> open (starts the day after)          |        |          | from 2 Mar)
 F5:  children 3: bb 2024-01-10 -> 2024-01-25, hostel    | no bb  | 4 no     | 35 no (the hostel
      2024-01-25 -> 2024-02-25, bb 2024-02-25 -> open    | open   |          | breaks the chain)
 F6:  no children, not pregnant: bb 2024-01-01 -> open   | excluded (not a family)
 F7:  children 2, hostel 2023-12-01 -> open              | excluded (not B&B)
 F8:  children 1, bb 2024-01-01 -> 2024-03-31            | 30 no  | 59 YES   | ended on end: no
 F9:  children blank, pregnant 'y' (case normalised):    | 61 YES | 90 YES   | 121 YES
      bb 2023-12-01 -> open                              |        |          |
 F10: children 1: bb 2024-01-15 -> open, bb 2024-02-01   | 16 no  | 45 YES   | 76 YES, once (two
      -> 2024-02-10 (inside the first), bb 2024-02-20 -> |        |          | open bb placements)
      open (after the second's end, but the first is     |        |          |
      still open: one stay from 15 Jan)                  |        |          |
December: F9 is 30 days: 0 (a row with 0). January 1, February 3, March 4.
Quarters: 2023/24 Q3 = 0, Q4 = 4.
"""

from datetime import date

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import TA_HEADER, ta


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("hou_bb"))
    extracts.write(
        "housing",
        "2024-04-05",
        "ta_placements",
        TA_HEADER,
        [
            ta("B1", "F1", "bb", "17/02/2024", children="2"),
            ta("B2", "F2", "bb", "18/02/2024", children="1"),
            ta("B3", "F3", "bb", "01/02/2024", "01/03/2024", pregnant="Y"),
            ta("B4", "F3", "bb", "01/03/2024", pregnant="Y"),
            ta("B5", "F4", "bb", "01/02/2024", "01/03/2024", children="1"),
            ta("B6", "F4", "bb", "02/03/2024", children="1"),
            ta("B7", "F5", "bb", "10/01/2024", "25/01/2024", children="3"),
            ta("B8", "F5", "hostel", "25/01/2024", "25/02/2024", children="3"),
            ta("B9", "F5", "bb", "25/02/2024", children="3"),
            ta("B10", "F6", "bb", "01/01/2024"),
            ta("B11", "F7", "hostel", "01/12/2023", children="2"),
            ta("B12", "F8", "bb", "01/01/2024", "31/03/2024", children="1"),
            ta("B13", "F9", "bb", "01/12/2023", children="", pregnant="y"),
            ta("B14", "F10", "bb", "15/01/2024", children="1"),
            ta("B15", "F10", "bb", "01/02/2024", "10/02/2024", children="1"),
            ta("B16", "F10", "bb", "20/02/2024", children="1"),
        ],
    )
    return extracts.build(postcode_dir)


def test_monthly_counts(build):
    values = build.values("HOU_BB_FAMILIES_6WK")
    assert {label: v[:3] for label, v in values.items()} == {
        "2023-12": (0, None, 0.0),
        "2024-01": (1, None, 1.0),
        "2024-02": (3, None, 3.0),
        "2024-03": (4, None, 4.0),
    }


def test_quarters(build):
    values = build.values("HOU_BB_FAMILIES_6WK", "quarter")
    assert {label: v[:4] for label, v in values.items()} == {
        "2023/24 Q3": (0, None, 0.0, "Green"),
        "2023/24 Q4": (4, None, 4.0, "Red"),
    }


def test_stays_chained_in_sql(build):
    stays = dict(build.query("select placement_id, stay_started_on from intermediate.int_bb_placements_chained"))
    assert stays["B4"] == date(2024, 2, 1)  # chained: the stay began with B3 on 1 Feb
    assert stays["B6"] == date(2024, 3, 2)  # a day's gap: a new stay
    assert stays["B9"] == date(2024, 2, 25)  # B&B -> hostel -> B&B: a new stay
    assert stays["B16"] == date(2024, 1, 15)  # the first B&B was still open
    assert "B8" not in stays  # only B&B placements chain


def test_unknown_family_status_is_a_warning(build):
    dq = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'housing'"))
    assert dq["bb_family_status_unknown"] == 1
    assert dq["code_case_normalised"] == 1
