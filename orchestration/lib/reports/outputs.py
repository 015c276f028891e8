"""Where the committee pack is written, and the lines `scrutiny run` prints about it."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.periods import label_from_slug, slug_from_label
from orchestration.settings import Settings

QUARTER_TAG = "scrutiny/quarter"


def public_dir(settings: Settings) -> Path:
    return settings.published_dir / "public"


def reports_dir(settings: Settings, quarter_label: str) -> Path:
    """data/reports/2025-26-Q2/ for '2025/26 Q2'."""
    return settings.data_dir / "reports" / slug_from_label(quarter_label)


def report_quarter(mart: Path, quarter_slug: str | None) -> str:
    """The quarter a run reports: its `scrutiny/quarter` tag (2025-26-Q2), else the mart's
    latest complete quarter. Raises ValueError when there is none."""
    from orchestration.lib.quarter_pack import latest_quarter

    if quarter_slug:
        return label_from_slug(quarter_slug)
    latest = latest_quarter(mart)
    if latest is None:
        raise ValueError(f"{mart} has no complete quarter to report")
    return label_from_slug(latest)


def output_lines(settings: Settings, quarter_label: str) -> list[str]:
    """The pack's paths for the run summary's Outputs block (only those that exist)."""
    folder = reports_dir(settings, quarter_label)
    named = [
        ("exceptions report (HTML):", folder / "exceptions.html"),
        ("exceptions report (Excel):", folder / "exceptions.xlsx"),
        ("scrutiny dashboard:", folder / "dashboard.html"),
        ("public cut (disclosure-controlled):", public_dir(settings)),
    ]
    return [f"  {name:<40} {path}" for name, path in named if path.exists()]
