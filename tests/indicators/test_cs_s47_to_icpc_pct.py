"""CS_S47_TO_ICPC_PCT: S47 enquiries with an end date in M; numerator: at least one
ssd_initial_cp_conference row linked by icpc_s47_enquiry_id has an icpc_icpc_date.

Hand-worked enquiries (end date; linked ICPC rows):
  S1 2025-09-10; two ICPC rows, both held (I1, I2)           -> counts once
  S2 2025-09-12; one ICPC row with a blank date (I3)          -> not counted
  S3 2025-09-15; no ICPC row of its own (I4 names S4)         -> not counted
  S4 2025-08-20; I4 held                                      -> counted in August
  S5 no end date; I5 held                                     -> in no month
  S6 2025-09-30 (last day); I6 blank date and I7 held         -> counted
  S7 2025-09-01 (first day); I8 held (recorded against P77)  -> counted (the link is by S47 id)
  S8 2025-10-01 (after September; the delivery is 2025-10-03) -> in no reported month
  I9 names S999, not in ssd_s47_enquiry                        -> counts for nothing; DQ warning
  I10 transfer-in conference with no S47 link                   -> counts for nothing; no warning
  I11 no S47 link, not a transfer in                            -> DQ warning

2025-09: S1 S2 S3 S6 S7 = 5; with a held conference S1 S6 S7 = 3 -> 60.0
2025-08: S4 = 1; held -> 100.0
"""

from __future__ import annotations

import json

import pytest

from tests.harness import Extracts
from tests.indicators.ssd_extracts import person, write_ssd

ID = "CS_S47_TO_ICPC_PCT"


def outcome(cp: str, comments: str = "Mother says the boyfriend left in May") -> str:
    return json.dumps(
        {
            "NFA_FLAG": "N",
            "LEGAL_ACTION_FLAG": "N",
            "PROV_OF_SERVICES_FLAG": "1",
            "PROV_OF_SB_CARE_FLAG": "false",
            "CP_CONFERENCE_FLAG": cp,
            "NFA_CONTINUE_SINGLE_FLAG": "",
            "MONITOR_FLAG": "N",
            "OTHER_OUTCOMES_EXIST_FLAG": "N",
            "TOTAL_NO_OF_OUTCOMES": 2,
            "OUTCOME_COMMENTS": comments,
        }
    )


S47 = [
    ("S1", "2025-08-27", "2025-09-10", outcome("Y")),
    ("S2", "2025-08-29", "2025-09-12", outcome("Y")),
    ("S3", "2025-09-01", "2025-09-15", outcome("N")),
    ("S4", "2025-08-06", "2025-08-20", outcome("Y")),
    ("S5", "2025-09-20", "", ""),
    ("S6", "2025-09-16", "2025-09-30 00:00:00", outcome("True")),
    ("S7", "2025-08-18", "01/09/2025", outcome("y")),
    ("S8", "2025-09-17", "2025-10-01", outcome("Y")),
]
ICPC = [  # id, S47 id, person, date, transfer in
    ("I1", "S1", "P1", "2025-09-15", "N"),
    ("I2", "S1", "P1", "2025-09-16", "N"),
    ("I3", "S2", "P2", "", "N"),
    ("I4", "S4", "P4", "2025-08-28", "N"),
    ("I5", "S5", "P5", "2025-09-25", "N"),
    ("I6", "S6", "P6", "", "N"),
    ("I7", "S6", "P6", "2025-10-02", "N"),
    ("I8", "S7", "P77", "2025-09-04", "N"),
    ("I9", "S999", "P9", "2025-09-05", "N"),
    ("I10", "", "P10", "2025-09-08", "Y"),
    ("I11", "", "P11", "2025-09-09", "N"),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("s47_icpc"))
    s47 = [
        {
            "s47e_s47_enquiry_id": sid,
            "s47e_person_id": f"P{sid[1:]}",
            "s47e_s47_start_date": start,
            "s47e_s47_end_date": end,
            "s47e_s47_outcome_json": out,
        }
        for sid, start, end, out in S47
    ]
    icpc = [
        {
            "icpc_icpc_id": iid,
            "icpc_s47_enquiry_id": sid,
            "icpc_person_id": who,
            "icpc_icpc_date": held,
            "icpc_icpc_transfer_in": transfer,
            "icpc_icpc_outcome_cp_flag": "Y" if held else "",
            "icpc_icpc_outcome_json": json.dumps({"CP_FLAG": "Y", "COMMENTS": "Named professional concerns"}),
        }
        for iid, sid, who, held, transfer in ICPC
    ]
    write_ssd(extracts, persons=[person(f"P{n}") for n in range(1, 12)], s47=s47, icpc=icpc)
    return extracts.build(postcode_dir)


def test_monthly_values(build):
    months = build.values(ID, "month")
    assert months["2025-09"][:3] == (3, 5, 60.0)
    assert months["2025-08"][:3] == (1, 1, 100.0)
    assert list(months) == ["2025-08", "2025-09"]  # first activity: S4 started 2025-08-06


def test_quarter(build):
    assert build.values(ID, "quarter")["2025/26 Q2"][:4] == (3, 5, 60.0, "Red")  # target 40, lower, tolerance 5


def test_per_enquiry_flags(build):
    rows = build.query(
        "select s47_enquiry_id, led_to_icpc, linked_conference_rows, linked_conferences_held "
        "from intermediate.int_s47_enquiries_measured order by 1"
    )
    assert rows == [
        ("S1", True, 2, 2),
        ("S2", False, 1, 0),
        ("S3", False, 0, 0),
        ("S4", True, 1, 1),
        ("S5", True, 1, 1),
        ("S6", True, 2, 1),
        ("S7", True, 1, 1),
        ("S8", False, 0, 0),
    ]


def test_outcome_json_becomes_flags_and_comments_stay_in_raw(build):
    flags = dict(build.query("select s47_enquiry_id, outcome_cp_conference from staging.stg_ssd__s47_enquiries"))
    assert flags == {"S1": True, "S2": True, "S3": False, "S4": True, "S5": None, "S6": True, "S7": True, "S8": True}
    row = build.query(
        "select outcome_provision_of_services, outcome_provision_of_short_breaks, "
        "outcome_nfa_continue_single_assessment, outcome_count from staging.stg_ssd__s47_enquiries "
        "where s47_enquiry_id = 'S1'"
    )
    assert row == [(True, False, None, 2)]
    columns = {
        c
        for (c,) in build.query(
            "select column_name from information_schema.columns "
            "where table_schema in ('staging', 'intermediate', 'marts')"
        )
    }
    assert not {c for c in columns if "comment" in c or "json" in c}
    assert build.query("select count(*) from staging.stg_ssd__initial_cp_conferences where outcome_cp_plan") == [(11,)]


def test_dq_warnings(build):
    dq = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'ssd'"))
    assert dq["icpc_s47_not_found"] == 1  # I9
    assert dq["icpc_without_s47"] == 1  # I11 (I10 is a transfer in)
    assert dq["cp_conference_outcome_without_icpc"] == 1  # S8: outcome says conference, none recorded yet
    assert dq["icpc_person_differs_from_s47"] == 1  # I8 is recorded against P77, S7 against P7
    assert dq["icpc_person_not_in_ssd_person"] == 1  # P77
    assert "duplicate_key" not in dq
