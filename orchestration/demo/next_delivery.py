"""The council's next extracts, made from delivered ones: a new registration month, a later snapshot."""

from __future__ import annotations

import contextlib
import csv
from datetime import date, timedelta
from pathlib import Path

DATE_COLUMNS = ("date_of_death", "mccd_received_date", "registration_date")


def next_registration_month(raw: Path, month: str, new_month: str, days: int = 30) -> Path:
    """raw/registration/<new_month>/ from <month>'s rows: dates `days` later, fresh ids, so some
    registrations fall in the same reported month as before and figures move."""
    source = raw / "registration" / month / "death_registrations.csv"
    target = raw / "registration" / new_month / "death_registrations.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["registration_id"] = f"N{new_month.replace('-', '')}{row['registration_id']}"
        for column in DATE_COLUMNS:
            with contextlib.suppress(ValueError):  # blank or deliberately broken values stay as delivered
                row[column] = (date.fromisoformat(row[column]) + timedelta(days=days)).isoformat()
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def next_snapshot(raw: Path, source: str, delivery: str, drop_last: str) -> Path:
    """raw/<source>/<delivery>/: the newest snapshot again, a later extract date, with the last
    row of table `drop_last` gone (a record closed or withdrawn since), so the source changed."""
    newest = max(p for p in (raw / source).iterdir() if p.is_dir())
    target = raw / source / delivery
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(newest.glob("*.csv")):
        data = path.read_bytes()
        if path.stem == drop_last:
            lines = data.rstrip(b"\r\n").splitlines(keepends=True)
            data = b"".join(lines[:-1])
        (target / path.name).write_bytes(data)
    return target
