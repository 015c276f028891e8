"""Demo death registrations: one delivery per month (`raw/registration/YYYY-MM/`).

About 450 registrations a month, more in winter; about 10% referred to the coroner (most
with no MCCD date); a few registrations with the MCCD date not recorded. The share
registered within 5 days of the MCCD reaching the registrar drifts around 78-82%, a little
lower in winter, and follows the council's Q2 2025/26 story at the end: about 77% in the
summer, 80% in September (Red against the 95% target, improving on June).

Each month's extract holds the registrations of that month, except a few entered late on a
month's last day, which the next month's extract carries, and two registrations that two
extracts both carry (a DQ warning). One month was re-delivered after a correction: its
folder holds the final file, re-exported from Excel (BOM, dd/mm/yyyy dates).
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "registration"
HEADER = [
    "registration_id",
    "district",
    "office",
    "date_of_death",
    "mccd_received_date",
    "registration_date",
    "coroner_referred",
]
PER_MONTH = 450
OFFICES = [
    "Dorchester",
    "Weymouth",
    "Bridport",
    "Blandford Forum",
    "Sherborne",
    "Gillingham",
    "Shaftesbury",
    "Wimborne Minster",
    "Ferndown",
    "Wareham",
    "Lyme Regis",
    "Sturminster Newton",
]
OFFICE_WEIGHTS = np.array([16, 18, 9, 8, 7, 6, 5, 10, 9, 6, 3, 3], dtype=float)
# Within-5-days share for the last months of the run (oldest first): the report's Q2 story.
STORY = [0.772, 0.765, 0.775, 0.80]
EARLY_DAYS = np.array([0, 1, 2, 3, 4, 5])
EARLY_WEIGHTS = np.array([0.04, 0.18, 0.24, 0.22, 0.17, 0.15])


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _weekdays(first: date) -> list[date]:
    days, day = [], first
    while day.month == first.month:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    first = ctx.history_start.year * 12 + ctx.history_start.month - 1
    last = ctx.last_month_start.year * 12 + ctx.last_month_start.month - 1
    by_folder: dict[str, list[list[str]]] = {}
    serial = 0
    for index in range(first, last + 1):
        month = _month_start(index)
        season = 1 + 0.17 * np.cos(2 * np.pi * (month.month - 1) / 12)
        n = int(rng.poisson(PER_MONTH * season))
        if index == last:
            n = int(PER_MONTH * 0.9)  # September: the seasonal fall in deaths
        from_end = last - index
        share = (
            STORY[len(STORY) - 1 - from_end]
            if from_end < len(STORY)
            else 0.80 - 0.03 * max(0.0, np.cos(2 * np.pi * (month.month - 1) / 12)) + rng.normal(0, 0.012)
        )
        coroner = rng.random(n) < 0.10
        cohort = np.flatnonzero(~coroner)
        no_mccd = rng.choice(cohort, size=int(rng.integers(1, 4)), replace=False)
        timed = np.setdiff1d(cohort, no_mccd)
        early = set(rng.choice(timed, size=min(len(timed), round(share * len(cohort))), replace=False).tolist())
        days = _weekdays(month)
        registered = [days[i] for i in rng.integers(0, len(days), size=n)]
        folder_of = [month.strftime("%Y-%m")] * n
        for i, day in enumerate(registered):
            if day == days[-1] and index < last and rng.random() < 0.12:
                folder_of[i] = _month_start(index + 1).strftime("%Y-%m")  # entered after the extract ran
        for i in range(n):
            serial += 1
            reg = registered[i]
            if coroner[i]:
                died = reg - timedelta(days=int(rng.integers(8, 70)))
                mccd = None if rng.random() < 0.7 else reg - timedelta(days=int(rng.integers(1, 10)))
            else:
                if i in no_mccd:
                    mccd = None
                elif i in early:
                    mccd = reg - timedelta(days=int(rng.choice(EARLY_DAYS, p=EARLY_WEIGHTS)))
                else:
                    mccd = reg - timedelta(days=int(6 + rng.geometric(0.3) - 1 + rng.integers(0, 3)))
                died = (mccd or reg - timedelta(days=4)) - timedelta(days=int(rng.integers(1, 8)))
            office = str(rng.choice(OFFICES, p=OFFICE_WEIGHTS / OFFICE_WEIGHTS.sum()))
            by_folder.setdefault(folder_of[i], []).append(
                [
                    f"DR{reg.year}{serial:06d}",
                    "Dorset",
                    office,
                    died.isoformat(),
                    mccd.isoformat() if mccd else "",
                    reg.isoformat(),
                    "Y" if coroner[i] else "N",
                ]
            )
    folders = sorted(by_folder)
    for folder in rng.choice(folders[:-1], size=2, replace=False):  # carried by two extracts
        following = folders[folders.index(folder) + 1]
        by_folder[following].append(list(by_folder[folder][int(rng.integers(0, len(by_folder[folder])))]))
    all_rows = [row for folder in folders for row in by_folder[folder]]
    _sprinkle_bad_rows(rng, all_rows)
    redelivered = folders[-5]
    written = 0
    for folder in folders:
        rows = by_folder[folder]
        path = out / SOURCE / folder / "death_registrations.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        if folder == redelivered:
            rows = [[_uk(v) if c in (3, 4, 5) else v for c, v in enumerate(row)] for row in rows]
            _write(path, rows, encoding="utf-8-sig")
        else:
            _write(path, rows)
        written += len(rows)
    return {"death_registrations": written}


def _uk(value: str) -> str:
    if len(value) == 10 and value[4] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    return value


def _sprinkle_bad_rows(rng, rows: list[list[str]]) -> None:
    """A mistyped date, an unknown flag, a missing registration date, lower-case flags."""
    for i in rng.choice(len(rows), size=max(4, len(rows) // 330), replace=False):
        kind = int(rng.integers(0, 4))
        if kind == 0:
            rows[i][5] = rows[i][5].replace("-", ".")  # 2025.07.14: not an allowed format
        elif kind == 1:
            rows[i][6] = "U"
        elif kind == 2:
            rows[i][5] = ""
        else:
            rows[i][6] = rows[i][6].lower()  # a case fix: warned, still loaded


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
