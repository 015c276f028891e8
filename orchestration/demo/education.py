"""Demo education extracts: `exclusions` and `pupil_headcount`, one snapshot as at the run date.

About 170 schools (primaries, secondaries, special schools) and 55,000 pupils, counted at the
termly censuses (third Thursday of January and May, first Thursday of October). About 35
permanent exclusions a year, mostly in secondary years, in term time, some rescinded, and
thousands of suspensions. The last quarter follows the council's Q2 2025/26 story: 9
permanent exclusions recorded (4 in July, 5 in September; 3 in Year 8 and 3 in Year 10),
one of them rescinded in the East locality.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "education"
LA_NUMBER = 838  # the DfE LA number in the demo UPNs
LOCALITIES = ["Chesil", "Dorchester", "East", "North", "Purbeck", "West"]
PERM_PER_YEAR = 36
SUSP_PER_YEAR = 5400
# Exclusions by calendar month (term time; none in August, few in July after the term ends).
MONTH_WEIGHT = {1: 1.1, 2: 0.9, 3: 1.2, 4: 0.7, 5: 1.0, 6: 1.1, 7: 0.6, 8: 0.0, 9: 0.9, 10: 1.1, 11: 1.2, 12: 0.8}
PERM_YEARS = ["7", "8", "8", "9", "9", "10", "10", "10", "11", "11", "5", "6", "4"]
SUSP_YEARS = ["7", "8", "9", "9", "10", "10", "11", "6", "5", "4", "3", "R"]
# The last quarter (oldest month first): (year group, locality, rescinded) per exclusion.
STORY = {
    0: [("8", "Chesil", "N"), ("10", "Dorchester", "N"), ("8", "North", "N"), ("9", "Purbeck", "N")],
    1: [],
    2: [("10", "Chesil", "N"), ("8", "Dorchester", "N"), ("10", "North", "N"), ("7", "East", "Y"), ("11", "East", "N")],
}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


def census_dates(start: date, end: date) -> list[date]:
    """Termly school census days: 3rd Thursday of January and May, 1st Thursday of October."""
    days = []
    for year in range(start.year, end.year + 1):
        for month, n in ((1, 3), (5, 3), (10, 1)):
            day = _nth_weekday(year, month, 3, n)
            if start <= day <= end:
                days.append(day)
    return days


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)

    kinds = np.array(["primary"] * 138 + ["secondary"] * 24 + ["special"] * 8)
    urns = rng.choice(np.arange(110000, 150000), size=len(kinds), replace=False)
    size = np.where(
        kinds == "primary",
        rng.normal(185, 80, len(kinds)).clip(25, 620),
        np.where(
            kinds == "secondary",
            rng.normal(1150, 280, len(kinds)).clip(450, 1900),
            rng.normal(110, 35, len(kinds)).clip(40, 220),
        ),
    )
    size *= 55000 / size.sum()
    locality = rng.choice(LOCALITIES, size=len(kinds))
    start = date(ctx.history_start.year - 1, 9, 1)
    censuses = census_dates(date(start.year, 1, 1), ctx.as_at)
    headcount_rows = []
    for day in censuses:
        growth = 1 + 0.004 * (day.year - start.year)
        counts = np.round(size * growth * rng.normal(1, 0.015, len(kinds))).astype(int)
        headcount_rows += [[day.isoformat(), str(u), str(c)] for u, c in zip(urns, counts, strict=False)]

    secondary = urns[kinds != "primary"]
    primary = urns[kinds == "primary"]
    school_locality = dict(zip(urns.tolist(), locality.tolist(), strict=False))
    rows: list[list[str]] = []
    serial = 0

    def add(day: date, category: str, year_group: str, school: int, where: str, rescinded: str, upn: str):
        nonlocal serial
        serial += 1
        rows.append([f"EXC{serial:06d}", upn, str(school), category, _fmt(day), rescinded, year_group, where])

    def school_days(first: date) -> list[date]:
        days, day = [], first
        while day.month == first.month:
            if day.weekday() < 5 and not (day.month == 7 and day.day > 22):
                days.append(day)
            day += timedelta(days=1)
        return days

    def upn(school: int, year: int) -> str:
        letter = "ABCDEFGHJKLMNPQRTUVWXYZ"[int(rng.integers(0, 23))]
        return f"{letter}{LA_NUMBER}{school % 10000:04d}{year % 100:02d}{int(rng.integers(0, 1000)):03d}"

    repeat_pupils: list[tuple[str, int]] = []
    month, last_index = start, ctx.last_month_start.year * 12 + ctx.last_month_start.month - 1
    while month <= ctx.as_at:
        index = month.year * 12 + month.month - 1
        days = school_days(month)
        weight = MONTH_WEIGHT[month.month]
        if month > ctx.last_month_start:  # the days of the current month before the extract
            days = [d for d in days if d < ctx.as_at]
            weight *= len(days) / 21
        from_end = last_index - index
        if 0 <= from_end <= 2:
            for year_group, where, rescinded in STORY[2 - from_end]:
                options = [u for u in secondary if school_locality[int(u)] == where] or list(secondary)
                school = int(rng.choice(options))
                add(
                    days[int(rng.integers(0, len(days)))],
                    "PERM",
                    year_group,
                    school,
                    where,
                    rescinded,
                    upn(school, month.year),
                )
        elif days:
            for _ in range(int(rng.poisson(PERM_PER_YEAR / 12 * weight))):
                year_group = str(rng.choice(PERM_YEARS))
                school = int(rng.choice(secondary if year_group.isdigit() and int(year_group) >= 7 else primary))
                add(
                    days[int(rng.integers(0, len(days)))],
                    "PERM",
                    year_group,
                    school,
                    school_locality[school],
                    "Y" if rng.random() < 0.08 else "N",
                    upn(school, month.year),
                )
        if days:
            for _ in range(int(rng.poisson(SUSP_PER_YEAR / 12 * weight))):
                year_group = str(rng.choice(SUSP_YEARS))
                school = int(rng.choice(secondary if year_group in ("7", "8", "9", "10", "11") else primary))
                if repeat_pupils and rng.random() < 0.45:  # suspensions cluster on a few pupils
                    pupil, school = repeat_pupils[int(rng.integers(0, len(repeat_pupils)))]
                else:
                    pupil = upn(school, month.year)
                    repeat_pupils.append((pupil, school))
                add(
                    days[int(rng.integers(0, len(days)))],
                    "SUSP",
                    year_group,
                    school,
                    school_locality[school],
                    "Y" if rng.random() < 0.01 else "N",
                    pupil,
                )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)

    # A pupil referral unit not in the headcount, and an exclusion entered twice.
    for _ in range(2):
        add(
            ctx.last_month_start - timedelta(days=int(rng.integers(60, 300))),
            "SUSP",
            "9",
            145901,
            "East",
            "N",
            upn(145901, 2024),
        )
    rows.append(list(rows[int(rng.integers(0, len(rows)))]))
    _sprinkle_bad_rows(rng, rows)
    _write(
        folder / "exclusions.csv",
        ["exclusion_id", "upn", "school_urn", "category", "start_date", "rescinded", "year_group", "locality"],
        rows,
    )
    _write(folder / "pupil_headcount.csv", ["census_date", "school_urn", "headcount"], headcount_rows)
    return {"exclusions": len(rows), "pupil_headcount": len(headcount_rows)}


def _sprinkle_bad_rows(rng, rows: list[list[str]]) -> None:
    """Suspension rows only, so the permanent exclusions stay as the story has them."""
    suspensions = [i for i, row in enumerate(rows) if row[3] == "SUSP"]
    for i in rng.choice(suspensions, size=max(4, len(rows) // 330), replace=False):
        kind = int(rng.integers(0, 4))
        if kind == 0:
            rows[i][4] = rows[i][4].replace("/", ".")  # 14.03.2024: not an allowed format
        elif kind == 1:
            rows[i][3] = "FIXED"  # the old 'fixed period' term
        elif kind == 2:
            rows[i][4] = ""
        else:
            rows[i][3] = "susp"  # a case fix: warned, still loaded


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
