"""Repeated ids within a file (issue 10): one rule for every table, a cross_row warning naming
both rows, and an "at least one linked row" indicator that looks at every row.

ssd, delivered 2025-10-03 (last month 2025-09); file row n + 1 holds the n-th data row.
  ssd_s47_enquiry            row 2 S1 (P1) 2025-09-01 -> 2025-09-05
                             row 3 S2 (P2) 2025-08-20 -> 2025-08-29
                             row 4 S2 (P2) 2025-08-20 -> 2025-09-03   the last row wins: S2 ends in September
  ssd_initial_cp_conference  row 2 I1 -> S1, not yet held (no date)
                             row 3 I1 -> S1, held 2025-09-10          a linked row with a date: S1 led to an ICPC
CS_S47_TO_ICPC_PCT, 2025-09: S1 and S2 end in September (2); S1 has a linked row with a
conference date (1): 1 / 2 = 50.0. 2025-08 (S2's start opens the months): 0 / 0.
(Keeping the first row, as staging did, gave 2025-09 0 / 1 and 2025-08 0 / 1: the repeat that
carried the conference date, and S2's corrected end, were dropped without a word.)
"""

from __future__ import annotations

import pytest

from tests.data_quality.extracts import SNAPSHOT, icpc, person, s47, write_ssd
from tests.harness import Extracts


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("dq_repeated_ids"))
    write_ssd(
        extracts,
        persons=[person("P1"), person("P2")],
        s47=[
            s47("S1", "P1", "2025-09-01", "2025-09-05"),
            s47("S2", "P2", "2025-08-20", "2025-08-29"),
            s47("S2", "P2", "2025-08-20", "2025-09-03"),
        ],
        icpc=[icpc("I1", "S1", "P1", ""), icpc("I1", "S1", "P1", "2025-09-10")],
    )
    return extracts.build(postcode_dir)


def test_the_last_row_wins_and_linked_rows_all_count(build):
    values = build.values("CS_S47_TO_ICPC_PCT")
    assert values["2025-09"][:3] == (1, 2, 50.0)
    assert values["2025-08"][:3] == (0, 0, None)


def test_a_cross_row_warning_names_both_rows(build):
    rows = build.query(
        "select table_name, record_id, row_number, delivery from marts.dq_issues "
        "where rule_code = 'duplicate_key' order by 1, 3"
    )
    assert rows == [
        ("ssd_initial_cp_conference", "I1", 2, SNAPSHOT),
        ("ssd_initial_cp_conference", "I1", 3, SNAPSHOT),
        ("ssd_s47_enquiry", "S2", 3, SNAPSHOT),
        ("ssd_s47_enquiry", "S2", 4, SNAPSHOT),
    ]
