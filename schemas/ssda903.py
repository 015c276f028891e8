"""SSDA903 children looked after return (DfE CSV upload form): `header` and `episodes`.

Code lists from the DfE guide as transcribed in csc-validator-be-903 (rules 101-149, 178).
The return changed SEX from 1/2 to M/F/U in 2024-25 and PLACE codes twice, so the header
layout is versioned by collection year and PLACE is checked against the year of each
episode's DECOM (a snapshot carries the whole history, old codes included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas._spec import Col, RowRule, Source, Table, collection_year

if TYPE_CHECKING:
    import pandas as pd

ETHNIC = [
    "WBRI",
    "WIRI",
    "WOTH",
    "WIRT",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
]
RNE = ("S", "L", "P", "T", "U", "B")
LS = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4")
CIN = tuple(f"N{i}" for i in range(1, 9))
PLACE_PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
REC = tuple(
    [
        "E11",
        "E12",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17",
        "E2",
        "E3",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E4A",
        "E4B",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "X1",
    ]
)
REASON_PLACE_CHANGE = tuple(
    ["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"]
)

_PLACE_STABLE = [
    "A3",
    "A4",
    "A5",
    "A6",
    "K1",
    "K2",
    "P1",
    "P3",
    "R1",
    "R2",
    "R3",
    "R5",
    "S1",
    "T0",
    "T1",
    "T2",
    "T3",
    "T4",
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
]
PLACE_BY_YEAR = {
    "2023-24": tuple(_PLACE_STABLE + ["H5", "P2", "Z1"]),
    "2024-25": tuple(_PLACE_STABLE + ["K3", "Z1"]),
    "2025-26": tuple(_PLACE_STABLE + ["K3", "Z11", "Z12", "Z13", "Z14"]),
}
PLACE_ANY_YEAR = tuple(sorted({code for codes in PLACE_BY_YEAR.values() for code in codes}))


def place_codes_for(year: str) -> tuple[str, ...]:
    chosen = min(PLACE_BY_YEAR)
    for first_year in sorted(PLACE_BY_YEAR):
        if first_year <= year:
            chosen = first_year
    return PLACE_BY_YEAR[chosen]


def _place_valid_for_decom_year(df: pd.DataFrame) -> pd.Series:
    """PLACE must be a code of the collection year in which the episode started."""
    import pandas as pd

    decom = pd.to_datetime(df["decom"], format="%Y-%m-%d", errors="coerce")
    ok = pd.Series(True, index=df.index)
    known = decom.notna() & df["place"].notna()
    # one lookup per year the episodes start in, not per row (~100x faster on a large file)
    starts = decom.dt.year - (decom.dt.month < 4)
    for start in starts[known].unique():
        rows = known & (starts == start)
        codes = place_codes_for(collection_year(decom[rows].iloc[0]))
        ok[rows] = df.loc[rows, "place"].isin(codes)
    return ok


def _header(sex_codes: tuple[str, ...]) -> Table:
    return Table(
        name="header",
        key=("child",),
        columns=(
            Col("CHILD", required=True, personal=True),
            Col("SEX", "code", required=True, codes=sex_codes),
            Col("DOB", "date", required=True, personal=True),
            Col("ETHNIC", "code", required=True, codes=tuple(ETHNIC)),
            Col("UPN", personal=True),
            Col("MOTHER", "code", codes=("0", "1")),
            Col("MC_DOB", "date", personal=True),
        ),
    )


EPISODES = Table(
    name="episodes",
    key=("child", "decom"),
    columns=(
        Col("CHILD", required=True, personal=True),
        Col("DECOM", "date", required=True),
        Col("RNE", "code", required=True, codes=RNE),
        Col("LS", "code", required=True, codes=LS),
        Col("CIN", "code", required=True, codes=CIN),
        Col("PLACE", "code", required=True, codes=PLACE_ANY_YEAR),
        Col("PLACE_PROVIDER", "code", codes=PLACE_PROVIDER),
        Col("DEC", "date"),
        Col("REC", "code", codes=REC),
        Col("REASON_PLACE_CHANGE", "code", codes=REASON_PLACE_CHANGE),
        Col("HOME_POST", personal=True),
        Col("PL_POST", personal=True),
        Col("URN"),
    ),
    row_rules=(
        RowRule(
            name="place_code_for_year",
            columns=("place", "decom"),
            description="PLACE is not a placement code of the collection year in which the episode started (DECOM)",
            check=_place_valid_for_decom_year,
        ),
    ),
)

SOURCE = Source(
    name="ssda903",
    title="SSDA903 children looked after",
    standard="DfE SSDA903 CSV return",
    mode="snapshot",
    versions={
        "2023-24": {"header": _header(("1", "2")), "episodes": EPISODES},
        "2024-25": {"header": _header(("M", "F", "U")), "episodes": EPISODES},
    },
)
