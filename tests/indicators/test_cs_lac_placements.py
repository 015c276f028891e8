"""CS_LAC_OUTSIDE_LA_PCT and CS_LAC_OVER_20_MILES_PCT on hand-built SSDA903 extracts.

The council is Dorset (E06000059); delivery 2025-10-03, so the run's last month is 2025-09 and
the first month is April 2025 (the earliest DECOM). Geography from the ONS directory:
  DT1 1AA home, Dorset, E 368730 N 90722
  DT1 3AT Dorset, 1.0 miles from home
  BH15 4WA Bournemouth, Christchurch and Poole (outside), 17.8 miles
  DT11 8HZ Dorset, 20.006 miles -> rounds to 20.0: NOT over 20
  DT11 8JA Dorset, 20.051 miles -> rounds to 20.1: over 20
  CF10 1AA Cardiff (Wales: outside), sqrt(50446^2 + 85508^2) m = 61.7 miles
  TQ1 2AA Torbay (outside), sqrt(76812^2 + 27202^2) m = 50.6 miles
  EH1 1AA Edinburgh (Scotland: outside), over 250 miles
  SA1 1AA Swansea: a home in Wales makes the distance unknown
  ZZ99 9ZZ not in the directory: unresolvable

Children (all home DT1 1AA unless said; open = no DEC):
  A  2025-04-01 DT1 3AT                    in, near
  B  2025-04-01 BH15 4WA                   OUT, 17.8
  C  2025-04-01 CF10 1AA                   OUT, FAR
  D  2025-04-01 ZZ99 9ZZ                   denominator only
  E  2025-04-01 V3 short break, CF10 1AA   not in the cohort at all
  F  2025-04-01 DEC 2025-08-31 TQ1 2AA     OUT, FAR; ceases on Aug's month end -> gone from Aug
  G  2025-04-01 TQ1 2AA (OUT, FAR) and 2025-05-01 DT1 3AT (in), both open: the latest start
     counts, so G is OUT/FAR in April only
  H  two open episodes both started 2025-04-01: DT1 3AT and BH15 4WA -> OUT (either qualifies)
  I  2025-04-01 DT11 8HZ                   in, 20.0 -> not far
  J  2025-04-01 DT11 8JA                   in, 20.1 -> FAR
  K  home SA1 1AA, 2025-04-01 CF10 1AA     OUT, distance unknown -> not far
  L  2025-04-01 BH15 4WA and a V3 episode from 2025-05-01 (set aside first) -> OUT
  M  2025-07-01 CF10 1AA                   quarter boundary: from July, OUT, FAR
  N  2025-06-30 DEC 2025-07-01 CF10 1AA    open at 30 June only: OUT, FAR in June
  O  home blank, 2025-04-01 DT1 3AT        in, distance unknown
  P  2025-04-01 EH1 1AA                    OUT (Scotland), FAR

Worked by hand (cohort / outside / over 20 miles):
  2025-04: A B C D F G H I J K L O P          = 13; out B C F G H K L P = 8; far C F G J P = 5
  2025-05: same 13 (G now in DT1 3AT)         = 13; out B C F H K L P   = 7; far C F J P   = 4
  2025-06: 13 + N                             = 14; out + N = 8;            far + N = 5
  2025-07: 13 + M (N ceased 07-01)            = 14; out B C F H K L M P = 8; far C F J M P = 5
  2025-08: F ceased on 08-31, not open at end = 13; out B C H K L M P   = 7; far C J M P   = 4
  2025-09: as August                          = 13; 7; 4
Quarters repeat their last month: 2025/26 Q1 = June, 2025/26 Q2 = September.
"""

import pytest

from tests.harness import Extracts

HEADER = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
]
HOME = "DT1 1AA"


def episode(child, decom, pl_post, dec="", ls="C2", home=HOME):
    return [child, decom, "S", ls, "N1", "U4", "PR1", dec, "E4A" if dec else "", "", home, pl_post, ""]


EPISODES = [
    episode("A", "01/04/2025", "DT1 3AT"),
    episode("B", "01/04/2025", "BH15 4WA"),
    episode("C", "01/04/2025", "CF10 1AA"),
    episode("D", "01/04/2025", "ZZ99 9ZZ"),
    episode("E", "01/04/2025", "CF10 1AA", ls="V3"),
    episode("F", "01/04/2025", "TQ1 2AA", dec="31/08/2025"),
    episode("G", "01/04/2025", "TQ1 2AA"),
    episode("G", "01/05/2025", "DT1 3AT"),
    episode("H", "01/04/2025", "DT1 3AT"),
    episode("H", "2025-04-01", "bh154wa"),  # same start, ISO date; postcode case and spaces normalised
    episode("I", "01/04/2025", "DT11 8HZ"),
    episode("J", "01/04/2025", "DT118JA"),
    episode("K", "01/04/2025", "CF10 1AA", home="SA1 1AA"),
    episode("L", "01/04/2025", "BH15 4WA"),
    episode("L", "01/05/2025", "DT1 3AT", ls="V4"),
    episode("M", "01/07/2025", "CF10 1AA"),
    episode("N", "30/06/2025", "CF10 1AA", dec="01/07/2025"),
    episode("O", "01/04/2025", "DT1 3AT", home=""),
    episode("P", "2025-04-01 00:00:00", "EH1 1AA"),
]
CHILDREN = sorted({row[0] for row in EPISODES})

EXPECTED_OUTSIDE = {
    "2025-04": (8, 13),
    "2025-05": (7, 13),
    "2025-06": (8, 14),
    "2025-07": (8, 14),
    "2025-08": (7, 13),
    "2025-09": (7, 13),
}
EXPECTED_FAR = {
    "2025-04": (5, 13),
    "2025-05": (4, 13),
    "2025-06": (5, 14),
    "2025-07": (5, 14),
    "2025-08": (4, 13),
    "2025-09": (4, 13),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("lac"))
    extracts.write(
        "ssda903",
        "2025-10-03",
        "header",
        ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        [[c, "M", "01/01/2012", "WBRI", "", "", ""] for c in CHILDREN],
    )
    extracts.write("ssda903", "2025-10-03", "episodes", HEADER, EPISODES)
    return extracts.build(postcode_dir)


def test_every_row_loaded(build):
    assert build.outcomes["ssda903"].totals()["rows_quarantined"] == 0
    assert build.outcomes["ssda903"].totals()["rows_loaded"] == len(EPISODES) + len(CHILDREN)


@pytest.mark.parametrize(
    "indicator, expected", [("CS_LAC_OUTSIDE_LA_PCT", EXPECTED_OUTSIDE), ("CS_LAC_OVER_20_MILES_PCT", EXPECTED_FAR)]
)
def test_monthly_numerators_and_denominators(build, indicator, expected):
    values = build.values(indicator, "month")
    assert {label: row[:2] for label, row in values.items()} == expected
    for label, (num, den) in expected.items():
        assert values[label][2] == pytest.approx(100 * num / den)


@pytest.mark.parametrize(
    "indicator, q1, q2", [("CS_LAC_OUTSIDE_LA_PCT", (8, 14), (7, 13)), ("CS_LAC_OVER_20_MILES_PCT", (5, 14), (4, 13))]
)
def test_quarters_repeat_their_last_month(build, indicator, q1, q2):
    quarters = build.values(indicator, "quarter")
    assert list(quarters) == ["2025/26 Q1", "2025/26 Q2"]
    assert quarters["2025/26 Q1"][:2] == q1
    assert quarters["2025/26 Q2"][:2] == q2
    rows = build.query(
        "select period_start, period_end from marts.indicator_values "
        "where indicator_id = ? and period_label = '2025/26 Q2'",
        [indicator],
    )
    assert [tuple(str(d) for d in r) for r in rows] == [("2025-07-01", "2025-09-30")]


def test_rag_and_direction_of_travel(build):
    # Outside: target 30, tolerance 5, lower is better. Q2 = 7/13 = 53.85: gap -23.85 -> Red.
    # Q1 = 8/14 = 57.14, so Q2 is 3.30 points lower: Improving (threshold 0.5). No Q2 a year earlier.
    _num, _den, _value, rag, dot, dot_year = build.values("CS_LAC_OUTSIDE_LA_PCT", "quarter")["2025/26 Q2"]
    assert (rag, dot, dot_year) == ("Red", "Improving", None)
    # Over 20 miles: target 35, tolerance 10. Q2 = 4/13 = 30.77 <= 35 -> Green; Q1 35.71 -> Improving.
    assert build.values("CS_LAC_OVER_20_MILES_PCT", "quarter")["2025/26 Q2"][3:5] == ("Green", "Improving")
    # September equals August exactly: Same. April has no previous month: NULL.
    months = build.values("CS_LAC_OUTSIDE_LA_PCT", "month")
    assert months["2025-09"][4] == "Same"
    assert months["2025-04"][4] is None


def test_no_postcodes_reach_the_intermediate_layer(build):
    columns = build.query(
        "select column_name from information_schema.columns "
        "where table_schema in ('intermediate', 'marts') and column_name like '%postcode%'"
    )
    assert all(name.startswith("has_") for (name,) in columns), columns


def test_data_quality_warnings(build):
    rows = dict(build.query("select rule_code, rows_affected from marts.dq_summary where source = 'ssda903'"))
    # D's ZZ99 9ZZ is the only unresolvable placement postcode; O's home is blank; K's home is Welsh;
    # G, H and L each have two overlapping open episodes (6 episodes).
    assert rows["unresolved_placement_postcode"] == 1
    assert rows["unresolved_home_postcode"] == 1
    assert rows["home_outside_england"] == 1
    assert rows["overlapping_episodes"] == 6


def test_history_is_capped(tmp_path, postcode_dir):
    """With SCRUTINY_HISTORY_MONTHS=3 the first month is at most 3 months before the last:
    2025-06 .. 2025-09, even though records start in April."""
    extracts = Extracts(tmp_path)
    extracts.write("ssda903", "2025-10-03", "episodes", HEADER, EPISODES)
    build = extracts.build(postcode_dir, history_months=3)
    assert list(build.values("CS_LAC_OUTSIDE_LA_PCT", "month")) == ["2025-06", "2025-07", "2025-08", "2025-09"]
    assert list(build.values("CS_LAC_OUTSIDE_LA_PCT", "quarter")) == ["2025/26 Q1", "2025/26 Q2"]
