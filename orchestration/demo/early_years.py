"""Demo early years extracts: `ey_funded_children` and `ey_providers`, one snapshot.

About 350 providers (childminders, nurseries and pre-schools, school nursery classes) with
their Ofsted inspection history, and about 6,000 funded 3 and 4 year olds (plus funded
2 year olds and a few 5 year olds) at each termly census (third Thursday of January, May and
September). Some children are funded at two providers, sometimes for equal hours.

About 97% of the children whose provider has a judgement are in Met/Good/Outstanding
settings. The last census follows the council's Q2 2025/26 story: three settings were judged
below Good over the summer (two Inadequate, one Requires improvement), so September dips
to about 96.8% from about 97.3% in May.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "early_years"
BIRTHS_PER_YEAR = 4280
PLACES = [
    "Dorchester",
    "Weymouth",
    "Bridport",
    "Sherborne",
    "Blandford",
    "Gillingham",
    "Shaftesbury",
    "Wimborne",
    "Ferndown",
    "Verwood",
    "Wareham",
    "Swanage",
    "Portland",
    "Lyme Regis",
    "Beaminster",
    "Sturminster Newton",
    "Crossways",
    "Corfe Mullen",
    "West Moors",
    "Puddletown",
    "Charminster",
    "Cerne Abbas",
    "Maiden Newton",
    "Bere Regis",
    "Wool",
    "Stalbridge",
    "Milborne St Andrew",
]
NURSERY_NAMES = [
    "Little Acorns",
    "Busy Bees",
    "Rainbow",
    "Tiddlers",
    "Ladybirds",
    "Sunflowers",
    "Puddle Ducks",
    "Treetops",
    "Woodland Tots",
    "Seahorses",
    "Stepping Stones",
    "Honeypot",
    "Owlets",
    "Bluebells",
    "Little Explorers",
    "Jack in the Box",
    "Cygnets",
    "Hedgehogs",
]
NURSERY_KINDS = ["Pre-School", "Day Nursery", "Nursery", "Playgroup", "Pre-School", "Kindergarten"]
GOOD = ["Good"] * 80 + ["Outstanding"] * 15 + ["Met"] * 5
BELOW = ["Requires improvement"] * 6 + ["Inadequate"] * 2 + ["Not met"] * 2
TARGET_SEPTEMBER = 0.9678


def census_dates(start: date, end: date) -> list[date]:
    """Third Thursday of January, May and September."""
    days = []
    for year in range(start.year, end.year + 1):
        for month in (1, 5, 9):
            day = date(year, month, 1)
            day += timedelta(days=(3 - day.weekday()) % 7 + 14)
            if start <= day <= end:
                days.append(day)
    return days


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    censuses = census_dates(date(ctx.history_start.year, ctx.history_start.month, 1) - timedelta(days=62), ctx.as_at)
    last_census = censuses[-1]

    # Providers: kind, URN, registration date, size weight.
    n_providers = 352
    kind = rng.choice(["childminder", "nursery", "school"], size=n_providers, p=[0.45, 0.45, 0.10])
    # Most settings are long established; about one in twelve opened during the history.
    opened_recently = rng.random(n_providers) < 0.08
    registered = [
        date(2025, 6, 1)
        - timedelta(days=int(rng.integers(30, 3 * 365)) if recent else int(rng.integers(3 * 365 + 120, 17 * 365)))
        for recent in opened_recently
    ]
    urns = []
    for i in range(n_providers):
        if kind[i] == "school":
            urns.append(str(int(rng.integers(110000, 150000))))
        elif registered[i] < date(2008, 9, 1):
            urns.append(str(int(rng.integers(500000, 600000))))
        else:
            urns.append(f"EY{int(rng.integers(100000, 999999)):06d}")
    urns = list(dict.fromkeys(urns))  # drop a rare repeat
    n_providers = len(urns)
    kind, registered = kind[:n_providers], registered[:n_providers]
    weight = np.where(
        kind == "childminder",
        rng.uniform(0.3, 1.2, n_providers),
        np.where(kind == "school", rng.uniform(4, 8, n_providers), rng.uniform(6, 22, n_providers)),
    )
    names = []
    for i in range(n_providers):
        place = str(rng.choice(PLACES))
        if kind[i] == "childminder":
            names.append(f"Childminder ({place})")
        elif kind[i] == "school":
            names.append(f"{place} Primary School Nursery")
        else:
            names.append(f"{rng.choice(NURSERY_NAMES)} {rng.choice(NURSERY_KINDS)} {place}")

    # Children: born over the years; funded from their 3rd birthday until about 4 and a half
    # (school entry), a share of 2 year olds, a few 5 year olds whose school start was deferred.
    first_birth = censuses[0] - timedelta(days=int(5.3 * 365))
    span = (last_census - first_birth).days
    n_children = int(BIRTHS_PER_YEAR * span / 365)
    born = np.datetime64(first_birth) + rng.integers(0, span, n_children).astype("timedelta64[D]")
    takes_up = rng.random(n_children) < 0.94
    two_funded = rng.random(n_children) < 0.30
    deferred = rng.random(n_children) < 0.006
    leaves_at = np.where(deferred, 5.2, rng.uniform(4.3, 4.75, n_children))
    main = rng.choice(n_providers, size=n_children, p=weight / weight.sum())
    second = np.where(rng.random(n_children) < 0.06, rng.choice(n_providers, size=n_children), -1)
    # A child starts at a setting only once it is open: otherwise at an established one.
    established = np.flatnonzero(~opened_recently)
    opened = np.array(registered, dtype="datetime64[D]")
    fallback = rng.choice(established, size=n_providers)
    main = np.where(opened[main] > born + np.timedelta64(2 * 365, "D"), fallback[main], main)
    second = np.where((second >= 0) & (opened[np.maximum(second, 0)] > born + np.timedelta64(2 * 365, "D")), -1, second)
    hours = np.where(rng.random(n_children) < 0.6, 30.0, 15.0)
    split = rng.choice([15.0, 20.0, 22.5], size=n_children, p=[0.35, 0.45, 0.20])
    child_ids = np.array([f"EYC{400000 + i:07d}" for i in range(n_children)])

    rows: list[list[str]] = []
    at_census: dict[date, np.ndarray] = {}
    for day in censuses:
        age_years = (np.datetime64(day) - born).astype(int) / 365.25
        funded = ((age_years >= 3.0) & (age_years < leaves_at) & takes_up) | (
            (age_years >= 2.0) & (age_years < 3.0) & two_funded
        )
        idx = np.flatnonzero(funded)
        ages = np.floor(age_years[idx]).astype(int)
        at_census[day] = idx[(ages == 3) | (ages == 4)]
        stamp = f"{day.isoformat()} 00:00:00"
        for i, age in zip(idx, ages, strict=False):
            h = hours[i] if age >= 3 else 15.0
            if second[i] >= 0 and second[i] != main[i] and h == 30.0:
                first_h = split[i]
                rows.append([child_ids[i], stamp, urns[main[i]], str(age), f"{first_h:g}"])
                rows.append([child_ids[i], stamp, urns[second[i]], str(age), f"{h - first_h:g}"])
            else:
                rows.append([child_ids[i], stamp, urns[main[i]], str(age), f"{h:g}"])

    # Judgement history: a None row at registration, then inspections every 3-6 years; a
    # setting judged below Good is re-inspected within a year and improves. After the last
    # census but one, only the story's three settings are judged below Good.
    history: dict[int, list[tuple[date, str]]] = {}
    for p in range(n_providers):
        events = [(registered[p], "None")]
        day = registered[p] + timedelta(days=int(rng.integers(120, 540)))
        while day <= last_census:
            judgement = str(rng.choice(GOOD))
            if events[-1][1] in BELOW or rng.random() >= 0.12 or day > censuses[-2]:
                day_next = day + timedelta(days=int(rng.integers(3 * 365, 6 * 365)))
            else:
                judgement = str(rng.choice(BELOW))
                day_next = day + timedelta(days=int(rng.integers(180, 365)))
            if kind[p] != "childminder" and judgement in ("Met", "Not met"):
                judgement = "Good" if judgement == "Met" else "Requires improvement"
            events.append((day, judgement))
            day = day_next
        history[p] = events

    def main_provider(day: date) -> np.ndarray:
        """Each 3-4 year old's main provider at a census (most hours, then lowest URN)."""
        mains = []
        for i in at_census[day]:
            if second[i] >= 0 and second[i] != main[i] and hours[i] == 30.0:
                a, b = main[i], second[i]
                ha, hb = split[i], 30.0 - split[i]
                if ha == hb:
                    mains.append(
                        min(
                            (a, b),
                            key=lambda p: (not urns[p].isdigit(), int(urns[p]) if urns[p].isdigit() else 0, urns[p]),
                        )
                    )
                else:
                    mains.append(a if ha > hb else b)
            else:
                mains.append(main[i])
        return np.array(mains, dtype=int)

    def judgement_at(p: int, day: date) -> str | None:
        past = [j for d, j in history[p] if d <= day]
        return past[-1] if past else None

    # The summer's three downgrades: nurseries Good in May with 8-15 children in September.
    sep_main = main_provider(last_census)
    sep_counts = np.bincount(sep_main, minlength=n_providers)
    may = censuses[-2]
    candidates = [
        p
        for p in rng.permutation(n_providers)
        if kind[p] == "nursery"
        and 8 <= sep_counts[p] <= 15
        and judgement_at(p, may) in ("Good", "Outstanding")
        and history[p][-1][0] <= may
    ]
    for p, judgement in zip(candidates[:3], ["Inadequate", "Inadequate", "Requires improvement"], strict=False):
        history[p].append((may + timedelta(days=int(rng.integers(45, 110))), judgement))
    # More settings judged below Good in the past year, until September's share is at the target.
    rated = [p for p in range(n_providers) if judgement_at(p, last_census) not in (None, "None")]
    den = int(sum(sep_counts[p] for p in rated))
    below_target = round(den * (1 - TARGET_SEPTEMBER))
    below = int(sum(sep_counts[p] for p in rated if judgement_at(p, last_census) in BELOW))
    for p in rng.permutation(rated):
        if below >= below_target:
            break
        if judgement_at(p, last_census) in BELOW or sep_counts[p] == 0 or below + sep_counts[p] > below_target:
            continue
        when = may - timedelta(days=int(rng.integers(20, 330)))
        judgement = str(rng.choice(BELOW if kind[p] == "childminder" else BELOW[:8]))
        history[p] = [e for e in history[p] if e[0] < when] + [(when, judgement)]
        below += int(sep_counts[p])

    provider_rows = []
    for p in range(n_providers):
        for day, judgement in history[p]:
            blank_date = judgement == "None" and rng.random() < 0.3
            provider_rows.append([urns[p], names[p], judgement, "" if blank_date else _uk(day)])
    provider_rows[int(rng.integers(0, len(provider_rows)))][2] = "good"  # a case fix: warned, loaded
    # Two settings open since the providers list was exported: missing from it.
    for k in range(2):
        for i in rng.choice(at_census[last_census], size=3, replace=False):
            rows.append([child_ids[i], f"{last_census.isoformat()} 00:00:00", f"EY{990001 + k}", "3", "15"])
    _sprinkle_bad_rows(rng, rows)
    _write(folder / "ey_funded_children.csv", ["child_id", "census_date", "provider_urn", "age", "funded_hours"], rows)
    _write(
        folder / "ey_providers.csv",
        ["provider_urn", "provider_name", "ofsted_judgement", "judgement_date"],
        provider_rows,
    )
    return {"ey_funded_children": len(rows), "ey_providers": len(provider_rows)}


def _sprinkle_bad_rows(rng, rows: list[list[str]]) -> None:
    for i in rng.choice(len(rows), size=max(4, len(rows) // 330), replace=False):
        kind = int(rng.integers(0, 3))
        if kind == 0:
            rows[i][3] = f"{rows[i][3]} yrs"  # not a whole number
        elif kind == 1:
            rows[i][4] = ""  # funded hours missing
        else:
            rows[i][1] = rows[i][1][:10].replace("-", "/")  # 2025/05/15: not an allowed format


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
