"""Demo housing extract: temporary accommodation (TA) placements, `ta_placements`.

Households enter TA (about 30 a month, rising ~7% a year, more in autumn and winter) and stay
a long-tailed time (median ~5 months), so ~210 are in TA at a month end by September 2025,
with a seasonal rise into the winter. A stay is 1-4 placements; a move starts the next placement
on the day the last one ended. B&B is the emergency option: families (dependent children or
a pregnant member) are moved on from B&B within a few weeks, usually but not always within
six weeks, and occasionally from one B&B to another; single households stay longer.
Dates are dd/mm/yyyy, as the housing team's spreadsheet export writes them.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "housing"

ARRIVALS_PER_DAY = 1.1  # mid-September 2025, before the seasonal factor
GROWTH = 1.07  # a year
SEASON = 0.3  # arrivals peak in late October
STAY_MEDIAN_DAYS = 150
FAMILY_SHARE = 0.55
FIRST_TYPE = {"bb": 0.2, "nightly_paid": 0.3, "hostel": 0.2, "psl": 0.15, "la_ha_stock": 0.12, "other": 0.03}
NEXT_TYPE = {"bb": 0.04, "nightly_paid": 0.26, "hostel": 0.1, "psl": 0.3, "la_ha_stock": 0.27, "other": 0.03}
COLUMNS = [
    "placement_id",
    "household_id",
    "ta_type",
    "start_date",
    "end_date",
    "dependent_children",
    "pregnant_member",
    "out_of_area",
]
NAT = np.datetime64("NaT", "D")


def _pick(rng, weights: dict[str, float], n: int) -> np.ndarray:
    values = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    last = np.datetime64(ctx.as_at - timedelta(days=1))
    begin = np.datetime64(ctx.history_start - timedelta(days=2 * 365))  # run-in: stays are long

    days = np.arange(begin, last + 1)
    years = (days - np.datetime64(date(2025, 9, 15))).astype(int) / 365.25
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    rate = ARRIVALS_PER_DAY * GROWTH**years * (1 + SEASON * np.cos(2 * np.pi * (doy - 300) / 365.25))
    arrived = np.repeat(days, rng.poisson(rate))
    n = len(arrived)
    family = rng.random(n) < FAMILY_SHARE
    children = np.where(family, rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5], n), 0)
    pregnant = rng.random(n) < np.where(family, 0.06, 0.03)
    stay = np.round(np.exp(rng.normal(np.log(STAY_MEDIAN_DAYS), 0.9, n))).astype(int) + 1

    # Placements: 1-4 per stay, consecutive (a move starts the next on the day the last ended).
    pieces = np.minimum(1 + rng.poisson(0.6, n), 4)
    first_kind = _pick(rng, FIRST_TYPE, n)
    cuts = np.sort(rng.random((n, 3)), axis=1) * stay[:, None]
    # A family placed in B&B first is moved on within a few weeks, now and then to another B&B
    # first (the second B&B starts on the day the first one ended, so the stay continues).
    needs_move = (family | pregnant) & (first_kind == "bb")
    chain = needs_move & (rng.random(n) < 0.15)
    bb_days = np.round(np.exp(rng.normal(np.log(18), 0.55, (n, 2)))).astype(int) + 1
    moved_on = np.minimum(bb_days[:, 0], stay)
    after_chain = np.minimum(moved_on + bb_days[:, 1], stay)
    rest = np.sort(rng.random((n, 2)), axis=1)
    cuts[needs_move, 0] = moved_on[needs_move]
    cuts[needs_move, 1] = (moved_on + rest[:, 0] * (stay - moved_on))[needs_move]
    cuts[needs_move, 2] = (moved_on + rest[:, 1] * (stay - moved_on))[needs_move]
    cuts[chain, 1] = after_chain[chain]
    cuts[chain, 2] = (after_chain + rest[:, 1] * (stay - after_chain))[chain]
    pieces[needs_move] = np.maximum(pieces[needs_move], 2)
    pieces[chain] = np.maximum(pieces[chain], 3)
    bounds = np.concatenate([np.zeros((n, 1)), np.round(cuts), stay[:, None]], axis=1).astype(int)

    hh = np.repeat(np.arange(n), pieces)
    order = np.arange(len(hh)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    is_last = order == pieces[hh] - 1
    kind = np.where(order == 0, first_kind[hh], _pick(rng, NEXT_TYPE, len(hh)))
    kind[(order == 1) & needs_move[hh]] = np.where(chain[hh], "bb", _pick(rng, NEXT_TYPE | {"bb": 0}, len(hh)))[
        (order == 1) & needs_move[hh]
    ]
    starts = arrived[hh] + bounds[hh, order]
    ends = arrived[hh] + np.where(is_last, stay[hh], bounds[hh, order + 1])
    keep = (ends > starts) & (starts <= last)
    starts, ends, kind, hh = starts[keep], ends[keep], kind[keep], hh[keep]
    ends = np.where(ends > last, NAT, ends)
    by_start = np.argsort(starts, kind="stable")  # placement IDs are issued in date order
    starts, ends, kind, hh = starts[by_start], ends[by_start], kind[by_start], hh[by_start]

    m = len(hh)
    household_ids = np.char.add("HL", (rng.permutation(n) + 204000).astype(str))
    rows = {
        "placement_id": np.char.add("TA", (np.arange(m) + 310000).astype(str)).astype(object),
        "household_id": household_ids[hh].astype(object),
        "ta_type": kind.astype(object),
        "start_date": _uk(starts).astype(object),
        "end_date": np.where(np.isnat(ends), "", _uk(np.where(np.isnat(ends), starts, ends))).astype(object),
        "dependent_children": children[hh].astype(str).astype(object),
        "pregnant_member": np.where(pregnant[hh], "Y", "N").astype(object),
        "out_of_area": np.where(rng.random(m) < 0.12, "Y", "N").astype(object),
    }
    _sprinkle(rng, rows)
    with (folder / "ta_placements.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(zip(*(rows[c] for c in COLUMNS), strict=False))
    return {"ta_placements": m}


def _sprinkle(rng, rows: dict[str, np.ndarray]) -> None:
    """A few rows as a hand-kept spreadsheet has them: an impossible date, a type typed as
    'B&B', a blank household; plus upper-case types and lower-case flags (warnings, loaded)."""
    n = len(rows["placement_id"])
    bad = rng.choice(n, size=max(3, n * 3 // 1000), replace=False)
    rows["start_date"][bad[0::3]] = "29/02/2023"  # 2023 is not a leap year
    rows["ta_type"][bad[1::3]] = "B&B"
    rows["household_id"][bad[2::3]] = ""
    shout = rng.choice(n, size=6, replace=False)
    rows["ta_type"][shout] = [v.upper() for v in rows["ta_type"][shout]]
    rows["pregnant_member"][shout[:3]] = [v.lower() for v in rows["pregnant_member"][shout[:3]]]


def _uk(days: np.ndarray) -> np.ndarray:
    """dd/mm/yyyy text for day dates."""
    iso = np.datetime_as_string(days.astype("datetime64[D]"))
    text = np.strings.slice(iso, 8, 10)
    for part in ("/", np.strings.slice(iso, 5, 7), "/", np.strings.slice(iso, 0, 4)):
        text = np.strings.add(text, part)
    return text
