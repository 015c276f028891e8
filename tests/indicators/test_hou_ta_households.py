"""HOU_TA_HOUSEHOLDS: distinct households with a TA placement open at the month end.

Open at `end`: start <= end and (no end date or end date > end). Delivery 2024-04-05, last
month 2024-03; the first record (H8, 2023-12-01) starts the months: December 2023-March 2024.

By hand (open at 31 Dec / 31 Jan / 29 Feb / 31 Mar):
  H1 hostel 2024-01-10 -> 2024-02-15, then psl 2024-02-15 -> open: - / yes / yes (psl) / yes
  H2 bb 2024-02-01 -> open and nightly_paid 2024-02-20 -> 2024-03-05 (overlapping):
                                                            - / - / yes, once / yes
  H3 hostel 2024-01-05 -> 31/01/2024 (ends on the month end):  - / no / - / -
  H4 psl 2024-03-31 -> open (starts on the month end):         - / - / - / yes
  H5 psl 2024-04-01 -> open (starts after):                    no
  H6 other 2024-02-10 -> 2024-02-01 (ends before it starts): never open; a DQ warning
  H7 'B&B' 2024-01-01 -> open: not a TA type code, quarantined
  H8 'NIGHTLY_PAID' 2023-12-01 -> open (case normalised):  yes / yes / yes / yes
So December 1, January 2, February 3, March 4; quarters 2023/24 Q3 = 1, Q4 = 4.
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import TA_HEADER, ta


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("hou_ta"))
    extracts.write(
        "housing",
        "2024-04-05",
        "ta_placements",
        TA_HEADER,
        [
            ta("T1", "H1", "hostel", "10/01/2024", "15/02/2024"),
            ta("T2", "H1", "psl", "15/02/2024"),
            ta("T3", "H2", "bb", "01/02/2024", children="2"),
            ta("T4", "H2", "nightly_paid", "20/02/2024", "05/03/2024", children="2"),
            ta("T5", "H3", "hostel", "05/01/2024", "31/01/2024"),
            ta("T6", "H4", "psl", "31/03/2024"),
            ta("T7", "H5", "psl", "01/04/2024"),
            ta("T8", "H6", "other", "10/02/2024", "01/02/2024"),
            ta("T9", "H7", "B&B", "01/01/2024"),
            ta("T10", "H8", "NIGHTLY_PAID", "2023-12-01"),
        ],
    )
    return extracts.build(postcode_dir)


def test_monthly_counts(build):
    values = build.values("HOU_TA_HOUSEHOLDS")
    assert {label: v[:3] for label, v in values.items()} == {
        "2023-12": (1, None, 1.0),
        "2024-01": (2, None, 2.0),
        "2024-02": (3, None, 3.0),
        "2024-03": (4, None, 4.0),
    }


def test_quarters(build):
    values = build.values("HOU_TA_HOUSEHOLDS", "quarter")
    assert {label: v[:3] for label, v in values.items()} == {
        "2023/24 Q3": (1, None, 1.0),
        "2023/24 Q4": (4, None, 4.0),
    }


def test_warnings_and_quarantine(build):
    dq = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'housing'"))
    assert dq["placement_ends_before_start"] == 1
    assert dq["overlapping_placements"] == 2  # H2's two placements
    assert dq["code_list"] == 1
    assert dq["code_case_normalised"] == 1
    assert build.query(
        "select rows_read, rows_loaded, rows_quarantined from marts.load_log where source = 'housing'"
    ) == [(10, 9, 1)]
