"""Refusals decided before any work: a run with bad configuration must not rebuild or republish.

Each check reads only folder names and a seed file, so it costs milliseconds; `scrutiny run`
exits 2 with the returned sentence when one applies.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from orchestration.lib.periods import parse_quarter, previous_quarter, quarter_slug
from schemas import SOURCES

SNAPSHOT_FOLDER = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH_FOLDER = re.compile(r"^(\d{4})-(\d{2})$")
TABLE_SUFFIXES = (".csv", ".xlsx")


def upper_tier_codes(seed: Path) -> set[str]:
    with seed.open(newline="", encoding="utf-8") as handle:
        return {row["upper_tier_code"] for row in csv.DictReader(handle)}


def la_code_refusal(la_code: str, seed: Path) -> str | None:
    codes = upper_tier_codes(seed)
    if la_code in codes:
        return None
    return (
        f"SCRUTINY_LA_CODE={la_code!r} is not an upper-tier authority code in {'/'.join(seed.parts[-4:])} "
        f"(for example E06000059, Dorset); set it to your council's county or unitary code"
    )


def _delivers_tables(source_dir: Path) -> bool:
    return any(
        path.suffix.lower() in TABLE_SUFFIXES
        for delivery in source_dir.iterdir()
        if delivery.is_dir()
        for path in delivery.iterdir()
    )


def raw_dir_refusal(raw_dir: Path) -> str | None:
    """The raw directory must exist and hold at least one supported source with a delivered table."""
    if not raw_dir.is_dir():
        return (
            f"the raw directory {raw_dir} does not exist; deliver extracts into "
            "<raw>/<source>/<delivery>/<table>.csv, or write the demo council's with `scrutiny demo-data --out DIR`"
        )
    folders = sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if any(name in SOURCES and _delivers_tables(raw_dir / name) for name in folders):
        return None
    found = ", ".join(folders) if folders else "no folders"
    return (
        f"the raw directory {raw_dir} holds no supported source (found: {found}); expected a folder named "
        f"one of {', '.join(sorted(SOURCES))}, each holding <delivery>/<table>.csv or .xlsx"
    )


def _month(year: int, month: int) -> date | None:
    return date(year, month, 1) if 1 <= month <= 12 else None


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def run_last_month(raw_dir: Path) -> tuple[date, str] | None:
    """The run's last month from delivery folder names (contract section 3): the month before the
    newest snapshot delivery's month, or with no snapshot source the newest incremental month;
    with the folder that decided it. Folders that are not a valid date or month are ignored."""
    snapshots, months = [], []
    for name, source in SOURCES.items():
        folder = raw_dir / name
        if not folder.is_dir():
            continue
        for delivery in folder.iterdir():
            if not delivery.is_dir():
                continue
            if source.mode == "snapshot" and (match := SNAPSHOT_FOLDER.match(delivery.name)):
                try:
                    day = date(*map(int, match.groups()))
                except ValueError:
                    continue
                snapshots.append((_add_months(day.replace(day=1), -1), f"{name}/{delivery.name}"))
            elif (
                source.mode == "incremental"
                and (match := MONTH_FOLDER.match(delivery.name))
                and (month := _month(*map(int, match.groups()))) is not None
            ):
                months.append((month, f"{name}/{delivery.name}"))
    if snapshots:
        return max(snapshots)
    return max(months) if months else None


def quarter_refusal(quarter: str, raw_dir: Path, history_months: int) -> str | None:
    """A quarter is reportable when its last month lies between the run's first and last months."""
    try:
        start_year, number = parse_quarter(quarter)
    except ValueError as exc:
        return str(exc)
    found = run_last_month(raw_dir)
    if found is None:
        return None  # raw_dir_refusal speaks for a raw directory without dated deliveries
    last, decided_by = found
    first = _add_months(last, -history_months)
    quarter_end = _add_months(date(start_year, 4, 1), 3 * number - 1)
    latest = quarter_slug(*previous_quarter(_add_months(last, 1)))
    if quarter_end > last:
        return (
            f"--quarter {quarter} ends in {quarter_end:%Y-%m}, after the run's last month {last:%Y-%m} "
            f"(set by the newest delivery, {decided_by}); the latest quarter the data can have is {latest}"
        )
    if quarter_end < first:
        return (
            f"--quarter {quarter} ends in {quarter_end:%Y-%m}, before the run's first month {first:%Y-%m} "
            f"({history_months} months before {last:%Y-%m}; SCRUTINY_HISTORY_MONTHS sets how far back a run reports)"
        )
    return None
