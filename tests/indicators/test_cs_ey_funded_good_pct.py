"""CS_EY_FUNDED_GOOD_PCT: latest EY census on or before `end`: distinct funded children aged 3
or 4 (a child at several providers counts once, at the provider with the most funded hours,
ties to the lowest provider_urn) whose provider has a judgement (latest on or before the
census date) other than `None`; a provider missing from ey_providers has no judgement;
numerator: Outstanding, Good or Met.
"""

from __future__ import annotations

import pytest

from tests.harness import Extracts

CHILDREN = ["child_id", "census_date", "provider_urn", "age", "funded_hours"]
PROVIDERS = ["provider_urn", "provider_name", "ofsted_judgement", "judgement_date"]
ID = "CS_EY_FUNDED_GOOD_PCT"
JAN, MAY, SEP, OCT = "2025-01-16", "2025-05-15", "2025-09-18", "2025-10-02"

PROVIDER_ROWS = [
    ["100010", "Acorns", "Good", "01/03/2021"],
    ["100020", "Busy Bees", "Outstanding", "01/01/2020"],
    ["100030", "Cygnets", "Good", "05/05/2019"],
    ["100030", "Cygnets", "Inadequate", "25/09/2025"],  # after September's census: not used for it
    ["100040", "Daisies", "None", "01/01/2024"],  # only None: no judgement
    ["100050", "Elms", "Requires improvement", "02/02/2024"],
    ["100060", "Childminder (Wool)", "Met", "03/03/2023"],
    ["100070", "Childminder (Bere Regis)", "Not met", "03/03/2023"],
    ["100080", "Foxes", "Good", "01/01/2018"],
    ["100080", "Foxes", "None", "01/06/2024"],  # re-registered: latest is None
    ["100090", "Goslings", "Good", ""],  # no date: not used (DQ warning)
    ["99999", "Hedgehogs", "Inadequate", "01/01/2022"],
    ["100000", "Ivy", "Good", "01/01/2022"],
]


def child(cid, census, urn, age, hours):
    return [cid, census, urn, str(age), str(hours)]


CHILD_ROWS = [
    # September census
    child("C01", SEP, "100010", 3, 15),  # Good: num
    child("C02", SEP, "100020", 4, 30),  # Outstanding: num
    child("C03", SEP, "100030", 3, 15),  # Good (Inadequate dated after the census ignored): num
    child("C04", SEP, "100040", 3, 15),  # None: out
    child("C05", SEP, "100050", 4, 15),  # Requires improvement: den only
    child("C06", SEP, "100060", 3, 15),  # Met: num
    child("C07", SEP, "100070", 3, 15),  # Not met: den only
    child("C08", SEP, "EY000099", 3, 15),  # provider not in ey_providers: out
    child("C09", SEP, "100010", 2, 15),  # age 2: out
    child("C10", SEP, "100010", 5, 15),  # age 5: out
    child("C11", SEP, "100050", 3, 15),  # tie 15/15 between 100050 (RI) and 100010 (Good):
    child("C11", SEP, "100010", 3, 15),  #   lowest URN 100010 -> Good: num
    child("C12", SEP, "100010", 4, 10),  # most hours at 100050 (RI), though also at a Good one:
    child("C12", SEP, "100050", 4, 20),  #   den only
    child("C13", SEP, "100080", 4, 15),  # latest judgement None: out
    child("C14", SEP, "100090", 4, 15),  # judgement without a date: out
    child("C15", SEP, "100000", 3, 15),  # tie between URN 100000 (Good) and 99999 (Inadequate):
    child("C15", SEP, "99999", 3, 15),  #   99999 is the lower number -> den only
    child("C16", SEP, "100050", 4, 15),  # two funding lines at 100050 sum to 30 hours,
    child("C16", SEP, "100050", 4, 15),  #   more than 20 at 100020: RI, den only
    child("C16", SEP, "100020", 4, 20),
    child("C17", SEP, "100020", 4, 30),  # Outstanding: num
    # May census
    child("C01", MAY, "100010", 3, 15),  # num
    child("C03", MAY, "100030", 3, 15),  # num
    child("M1", MAY, "100050", 3, 15),  # den only
    child("M2", MAY, "100080", 4, 15),  # latest by May is None (June 2024): out
    child("M3", MAY, "100030", 4, 15),  # num
    # January census
    child("J1", JAN, "100050", 3, 15),  # den only
    child("J2", JAN, "100070", 4, 15),  # den only
    child("J3", JAN, "100010", 4, 15),  # num
    # October census: after September's end, never used for September
    child("O1", OCT, "100030", 3, 15),
    child("O2", OCT, "100040", 3, 15),
]
# Hand-worked (numerator, denominator):
#   Jan-Apr 2025 (January census): J3 / J1, J2, J3                                  -> (1, 3)
#   May-Aug 2025 (May census):     C01, C03, M3 / + M1                               -> (3, 4)
#   Sep 2025 (September census):   C01, C02, C03, C06, C11, C17 /
#                                  + C05, C07, C12, C15, C16                         -> (6, 11)
EXPECTED = {"2025-01": (1, 3), "2025-04": (1, 3), "2025-05": (3, 4), "2025-08": (3, 4), "2025-09": (6, 11)}


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("early_years"))
    extracts.write("early_years", "2025-10-03", "ey_funded_children", CHILDREN, CHILD_ROWS)
    extracts.write("early_years", "2025-10-03", "ey_providers", PROVIDERS, PROVIDER_ROWS)
    return extracts.build(postcode_dir)


def test_reporting_months(build):
    assert list(build.values(ID)) == [f"2025-{m:02d}" for m in range(1, 10)]


@pytest.mark.parametrize("month", sorted(EXPECTED))
def test_hand_worked_months(build, month):
    numerator, denominator = EXPECTED[month]
    got = build.values(ID)[month]
    assert got[:2] == (numerator, denominator)
    assert got[2] == pytest.approx(100 * numerator / denominator)


def test_quarters(build):
    quarters = build.values(ID, "quarter")
    assert {k: v[:2] for k, v in quarters.items()} == {
        "2024/25 Q4": (1, 3),
        "2025/26 Q1": (3, 4),
        "2025/26 Q2": (6, 11),
    }
    assert quarters["2025/26 Q2"][4] == "Worsening"  # 54.5% after 75%


def test_data_quality_warnings(build):
    dq = build.query(
        "select table_name, rule_code, rows_affected from marts.dq_summary where source = 'early_years' order by 1, 2"
    )
    assert dq == [
        ("ey_funded_children", "duplicate_key", 2),
        ("ey_funded_children", "unknown_provider", 1),
        ("ey_providers", "judgement_without_date", 1),
    ]


def test_child_ids_pseudonymised(build):
    keys = {r[0] for r in build.query("select child_key from intermediate.int_funded_children_rated")}
    assert keys and not keys & {"C01", "C17", "M1", "J3"}
