"""Commentary: the delivery 2025-26-Q1 is the mart's quarter 2025/26 Q1; its narrative and
actions appear against the indicator in `marts.exceptions`; an indicator id not in the
catalogue is a DQ warning; a second row for the same indicator replaces the first."""

from __future__ import annotations

import pytest

from tests.harness import Extracts

REGISTRATIONS = [
    "registration_id",
    "district",
    "office",
    "date_of_death",
    "mccd_received_date",
    "registration_date",
    "coroner_referred",
]
COMMENTARY = ["indicator_id", "narrative", "actions"]


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("commentary"))
    # June 2025: 1 of 2 registered within 5 days -> 50%, Red against 95%: Appendix 1 for 2025/26 Q1.
    extracts.write(
        "registration",
        "2025-06",
        "death_registrations",
        REGISTRATIONS,
        [
            ["R1", "Dorset", "Weymouth", "", "2025-06-02", "2025-06-04", "N"],
            ["R2", "Dorset", "Weymouth", "", "2025-06-02", "2025-06-20", "N"],
        ],
    )
    extracts.write(
        "commentary",
        "2025-26-Q1",
        "commentary",
        COMMENTARY,
        [
            ["PH_DEATHS_REG_5D_PCT", "A first draft.", "Draft actions."],
            ["ph_deaths_reg_5d_pct ", "Part-time offices limit appointments.", "Open more offices."],
            ["PH_BIRTHS_REG_42D_PCT", "Not an indicator of this catalogue.", ""],
        ],
    )
    extracts.write(
        "commentary",
        "2025-26-Q2",
        "commentary",
        COMMENTARY,
        [
            ["PH_DEATHS_REG_5D_PCT", "Next quarter's text.", "Later actions."],
        ],
    )
    return extracts.build(postcode_dir)


def test_exception_carries_the_quarters_commentary(build):
    rows = build.query("select period_label, appendix, indicator_id, rag, narrative, actions from marts.exceptions")
    assert rows == [
        ("2025/26 Q1", 1, "PH_DEATHS_REG_5D_PCT", "Red", "Part-time offices limit appointments.", "Open more offices.")
    ]


def test_commentary_by_quarter(build):
    rows = build.query("select period_label, indicator_id from intermediate.int_commentary_by_quarter order by 1, 2")
    assert rows == [
        ("2025/26 Q1", "PH_BIRTHS_REG_42D_PCT"),
        ("2025/26 Q1", "PH_DEATHS_REG_5D_PCT"),
        ("2025/26 Q2", "PH_DEATHS_REG_5D_PCT"),
    ]


def test_data_quality_warnings(build):
    dq = build.query(
        "select delivery, rule_code, rows_affected from marts.dq_summary where source = 'commentary' order by 1, 2"
    )
    assert dq == [("2025-26-Q1", "duplicate_key", 2), ("2025-26-Q1", "unknown_indicator", 1)]
