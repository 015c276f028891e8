"""Demo SSDA903 `header` and `episodes`: about 480 children looked after at any time."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from orchestration.demo import DemoContext
from orchestration.demo.postcodes import DORSET, FURTHER, NEIGHBOURS, sample, sample_near

SOURCE = "ssda903"
ENTRIES_PER_MONTH = 19
MEAN_STAY_DAYS = 850
ETHNIC = ["WBRI"] * 16 + ["WOTH", "MWBC", "MOTH", "AOTH", "BAFR", "OOTH", "NOBT"]
LS_CHOICES = (
    ["C2"] * 55
    + ["C1"] * 15
    + ["V2"] * 12
    + ["E1"] * 6
    + ["V3"] * 3
    + ["V4"] * 2
    + ["J2", "L1", "L2", "D1", "J1", "J3", "L3"]
)
PLACE_LOCAL = ["U1", "U3", "U4", "U6", "U6", "U6", "P1", "K2"]
PLACE_FAR = ["K2", "K2", "U6", "U4", "R1", "S1", "K1"]
REC_FINAL = ["E4A"] * 5 + ["E13", "E11", "E41", "E45", "E8", "E15"]


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    start = ctx.history_start - timedelta(days=5 * 365)
    days = (ctx.as_at - start).days
    entries = rng.poisson(ENTRIES_PER_MONTH * days / 30.4)
    entry_days = sorted(int(d) for d in rng.integers(0, days, size=entries))
    header_rows, episode_rows = [], []
    homes = sample(rng, DORSET, entries)
    local = sample_near(rng, DORSET, [h for h in homes for _ in range(4)], max_km=40)
    near = sample_near(rng, NEIGHBOURS, [h for h in homes for _ in range(4)], max_km=45)
    far = sample(rng, FURTHER, entries * 4)
    for n, offset in enumerate(entry_days):
        child = str(100000 + n)
        entered = start + timedelta(days=offset)
        stay = int(rng.exponential(MEAN_STAY_DAYS)) + 1
        left = entered + timedelta(days=stay)
        age_days = int(rng.integers(0, 17 * 365))
        dob = entered - timedelta(days=age_days)
        header_rows.append(
            [
                child,
                str(rng.choice(["M", "F"])),
                _fmt(dob),
                str(rng.choice(ETHNIC)),
                f"A{rng.integers(10**11, 10**12)}",
                "",
                "",
            ]
        )
        legal = str(rng.choice(LS_CHOICES))
        moves = int(rng.poisson(1.2))
        cuts = sorted(entered + timedelta(days=int(d)) for d in rng.integers(1, max(stay, 2), size=moves))
        bounds = [entered] + [c for c in cuts if entered < c < left] + [left]
        home = homes[n] if rng.random() > 0.04 else ""
        for k in range(len(bounds) - 1):
            decom, dec = bounds[k], bounds[k + 1]
            where = rng.random()
            if where < 0.50:
                place, postcode = str(rng.choice(PLACE_LOCAL)), local[4 * n + k % 4]
            elif where < 0.76:
                place, postcode = str(rng.choice(PLACE_LOCAL + PLACE_FAR)), near[4 * n + k % 4]
            else:
                place, postcode = str(rng.choice(PLACE_FAR)), far[4 * n + k % 4]
            if rng.random() < 0.02:
                postcode = ""
            ended = dec <= ctx.as_at
            last = k == len(bounds) - 2
            rec = "" if not ended else str(rng.choice(REC_FINAL)) if last else "X1"
            rne = "S" if k == 0 else str(rng.choice(["P", "T", "P", "L", "U", "B"]))
            if rne in ("L", "U", "B"):
                legal = "C2" if legal in ("C1", "V2") else legal
            episode_rows.append(
                [
                    child,
                    _fmt(decom),
                    rne,
                    legal,
                    str(rng.choice(["N1"] * 6 + ["N2", "N3", "N4", "N5", "N6", "N8"])),
                    place,
                    "" if place.startswith("T") else str(rng.choice(["PR1", "PR1", "PR4", "PR4", "PR5", "PR0"])),
                    _fmt(dec if ended else None),
                    rec,
                    "" if k == 0 or rne not in ("P", "T") else str(rng.choice(["CARPL", "CREQB", "LAREQ", "CHILD"])),
                    home,
                    postcode,
                    "" if place not in ("K1", "K2") else f"SC{rng.integers(100000, 999999)}",
                ]
            )
            if not ended:
                break
    _sprinkle_bad_rows(rng, episode_rows)
    _write(folder / "header.csv", ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], header_rows)
    _write(
        folder / "episodes.csv",
        [
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
        ],
        episode_rows,
    )
    return {"header": len(header_rows), "episodes": len(episode_rows)}


def _sprinkle_bad_rows(rng, rows: list[list[str]]) -> None:
    """What real extracts carry: a mistyped date, an old code, a lower-case code, a blank."""
    for i in rng.choice(len(rows), size=max(3, len(rows) // 300), replace=False):
        kind = int(rng.integers(0, 4))
        if kind == 0:
            rows[i][1] = rows[i][1].replace("/", "-")  # dd-mm-yyyy is not an allowed format
        elif kind == 1:
            rows[i][3] = "C3"
        elif kind == 2:
            rows[i][5] = rows[i][5].lower()  # a case fix: warned, still loaded
        else:
            rows[i][4] = ""


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
