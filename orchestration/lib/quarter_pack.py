"""A financial quarter's pack under `data/reports/<quarter>/`, built from the published mart
alone, so rebuilding a past quarter from the same mart gives the same bytes."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from pathlib import Path

from orchestration.lib.changes import write_atomically
from orchestration.lib.periods import label_from_slug, slug_from_label

FIGURES = "figures.csv"
MANIFEST = "manifest.json"


def latest_quarter(mart_path: Path) -> str | None:
    """The published mart's latest complete quarter (a quarter row exists only once its months
    do), as '2025-26-Q2'; None before a publish. The one place this is decided."""
    import duckdb

    if not mart_path.exists():
        return None
    with duckdb.connect(str(mart_path), read_only=True) as con:
        row = con.execute(
            "select period_label from indicator_values where period_type = 'quarter' order by period_end desc limit 1"
        ).fetchone()
    return slug_from_label(row[0]) if row else None


def manifest_path(reports_dir: Path, slug: str) -> Path:
    return reports_dir / slug / MANIFEST


def quarter_figures(mart_path: Path, slug: str) -> tuple[list[str], list[tuple]]:
    """The quarter's row and its three months' rows of every indicator, in a fixed order."""
    import duckdb

    label = label_from_slug(slug)
    with duckdb.connect(str(mart_path), read_only=True) as con:
        start, end = con.execute(
            "select min(period_start), max(period_end) from indicator_values "
            "where period_type = 'quarter' and period_label = ?",
            [label],
        ).fetchone()
        if start is None:
            return [], []
        cursor = con.execute(
            "select * from indicator_values where (period_type = 'quarter' and period_label = ?) "
            "or (period_type = 'month' and period_start between ? and ?) "
            "order by indicator_id, period_type, period_start",
            [label, start, end],
        )
        return [d[0] for d in cursor.description], cursor.fetchall()


def write_pack(mart_path: Path, reports_dir: Path, slug: str) -> dict:
    """Write reports/<slug>/figures.csv and manifest.json (with the figures' SHA-256), each into
    a temporary file renamed into place, so a failed rebuild leaves the previous pack. Raises
    ValueError when the mart has no figures for the quarter."""
    columns, rows = quarter_figures(mart_path, slug)
    if not rows:
        raise ValueError(f"the published mart has no figures for {slug}: publish a run covering that quarter first")
    folder = reports_dir / slug
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, newline="", suffix=".partial") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    os.replace(handle.name, folder / FIGURES)
    manifest = {
        "quarter": slug,
        "label": label_from_slug(slug),
        "rows": len(rows),
        "indicators": len({row[0] for row in rows}),
        "sha256": {FIGURES: hashlib.sha256((folder / FIGURES).read_bytes()).hexdigest()},
    }
    write_atomically(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest
