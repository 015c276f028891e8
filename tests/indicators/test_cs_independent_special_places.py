"""CS_INDEPENDENT_SPECIAL_PLACES: distinct persons with an ehcp_placements row open at `end`
(entry_date <= end and (leaving_date blank or > end)) whose URN's GIAS type is 8
(non-maintained special) or 10 (other independent special).

GIAS: the shipped seed lists 149100 (type 10), 113950 (type 8), 113800 (type 7),
113996 (type 11) and 149123 (type 10). The council's own GIAS file (raw/reference/, GIAS
headers, Windows-1252, extra columns) re-registers 113996 as type 10 and 149123 as type 11,
and adds 135877 (type 10). 999999 is in neither list.

Placements (person: URN, entry, leaving) and the month ends at which they count:
  A: 149100 2025-01-10 -> open                         Jan..Sep
  B: 113950 2025-02-01 -> 2025-08-31 (leaves on the month end: not open at Aug 31)  Feb..Jul
  C: 149100 rank 1 and 113950 rank 2, both 2025-03-01 -> open (counts once)         Mar..Sep
  D: 113800 (type 7) 2025-01-05 -> open                never
  E: 999999 (not in GIAS) 2025-01-05 -> open           never (DQ warning)
  F: 113996 (type 11 shipped, 10 in the council's file) 2025-04-15 -> open          Apr..Sep
  G: 149123 (type 10 shipped, 11 in the council's file) 2025-01-01 -> open          never
  H: 135877 (only in the council's file, type 10) 2025-09-30 (entry on the month end) Sep
  I: 149100 2025-10-01 -> open                         never (after September)
  J: '0149100' (leading zero) 2025-06-01 -> 2025-09-01 Jun..Aug
  K: 149100 2025-01-20 -> 2025-05-31, then 113800 2025-05-31 -> open               Jan..Apr
  L: setting EHE, no URN                               never
  M: blank entry date: quarantined                     never
Counts: Jan A K = 2; Feb A B K = 3; Mar A B C K = 4; Apr A B C K F = 5; May A B C F = 4;
Jun A B C F J = 5; Jul A B C F J = 5; Aug A C F J = 4; Sep A C F H = 4.
The first record is G's entry (2025-01-01), so the months run January to September 2025.
"""

import pytest

DELIVERY = "2025-10-03"
COLUMNS = [
    "placement_id",
    "person_id",
    "named_plan_id",
    "urn",
    "sen_setting",
    "entry_date",
    "leaving_date",
    "placement_rank",
]
PLACEMENTS = [
    ["1", "A", "N1", "149100", "", "2025-01-10", "", "1"],
    ["2", "B", "N2", "113950", "", "2025-02-01", "2025-08-31", "1"],
    ["3", "C", "N3", "149100", "", "2025-03-01", "", "1"],
    ["4", "C", "N3", "113950", "", "01/03/2025", "", "2"],
    ["5", "D", "N4", "113800", "", "2025-01-05", "", "1"],
    ["6", "E", "N5", "999999", "", "2025-01-05", "", "1"],
    ["7", "F", "N6", "113996", "", "2025-04-15", "", "1"],
    ["8", "G", "N7", "149123", "", "2025-01-01", "", "1"],
    ["9", "H", "N8", "135877", "", "2025-09-30", "", "1"],
    ["10", "I", "N9", "149100", "", "2025-10-01", "", "1"],
    ["11", "J", "N10", " 0149100", "", "2025-06-01", "2025-09-01", "1"],
    ["12", "K", "N11", "149100", "", "2025-01-20", "2025-05-31", "1"],
    ["13", "K", "N11", "113800", "", "2025-05-31", "", "1"],
    ["14", "L", "N12", "", "ehe", "2025-01-02", "", "1"],
    ["15", "M", "N13", "149100", "", "", "", "1"],
]
GIAS_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
]
GIAS_ROWS = [
    ["113996", "835", "Dorset", "Milton Park School", "10", "Other independent special school", "Open"],
    ["149123", "835", "Dorset", "Heathland Learning Centre", "11", "Other independent school", "Open"],
    [
        "135877",
        "933",
        "Somerset",
        "Quantock Hills Residential School",
        "10",
        "Other independent special school",
        "Open",
    ],
    ["136999", "878", "Devon", "Cr\u00e8me Hill School", "", "", "Proposed to open"],  # no type: not used
]
EXPECTED = {
    "2025-01": 2,
    "2025-02": 3,
    "2025-03": 4,
    "2025-04": 5,
    "2025-05": 4,
    "2025-06": 5,
    "2025-07": 5,
    "2025-08": 4,
    "2025-09": 4,
}


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    from tests.harness import Extracts

    extracts = Extracts(tmp_path_factory.mktemp("independent_special"))
    extracts.write("ehcp", DELIVERY, "ehcp_placements", COLUMNS, PLACEMENTS)
    # raw/reference/gias_establishments.csv, as GIAS downloads are: Windows-1252, extra columns
    path = extracts.write("reference", "", "gias_establishments", GIAS_HEADER, GIAS_ROWS, encoding="cp1252")
    assert path == extracts.raw / "reference" / "gias_establishments.csv"
    return extracts.build(postcode_dir)


def test_distinct_persons_placed_at_type_8_or_10_at_each_month_end(build):
    values = build.values("CS_INDEPENDENT_SPECIAL_PLACES")
    assert {month: row[0] for month, row in values.items()} == EXPECTED
    assert all(row[1] is None and row[2] == row[0] for row in values.values())


def test_quarter_is_its_last_month(build):
    quarters = build.values("CS_INDEPENDENT_SPECIAL_PLACES", "quarter")
    assert {label: row[0] for label, row in quarters.items()} == {"2024/25 Q4": 4, "2025/26 Q1": 5, "2025/26 Q2": 4}


def test_council_gias_file_extends_and_overrides_the_shipped_list(build):
    rows = dict(
        (urn, (code, listed))
        for urn, code, listed in build.query(
            "select urn, type_of_establishment_code, listed_in from intermediate.int_gias_establishments_combined "
            "where urn in ('113996', '149123', '135877', '136999', '149100')"
        )
    )
    assert rows == {
        "113996": (10, "supplied"),
        "149123": (11, "supplied"),
        "135877": (10, "supplied"),
        "149100": (10, "shipped"),
    }
    warnings = build.query("select rule_code, rows_affected from meta.file_warnings where source = 'reference'")
    assert warnings == [("reference_rows_rejected", 1)]


def test_unknown_urn_is_a_warning_and_the_row_stays_loaded(build):
    assert build.query("select rows_affected from marts.dq_summary where rule_code = 'urn_not_in_gias'") == [(1,)]
    assert build.query("select count(*) from staging.stg_ehcp__placements where urn = '999999'") == [(1,)]
    assert build.query(
        "select rows_read, rows_loaded, rows_quarantined from meta.file_register where table_name = 'ehcp_placements'"
    ) == [(15, 14, 1)]
    assert build.query("select column_name, rule_code from meta.row_issues where table_name = 'ehcp_placements'") == [
        ("entry_date", "required")
    ]
