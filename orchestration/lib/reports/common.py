"""What the report builders share: the quarter they report, figures printed the committee's
way, SPC wording, the Jinja environment (autoescaped) and writing a file whole."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import jinja2

from orchestration.lib.periods import quarter_label, quarter_of

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,  # everything from the commentary file and the catalogue is escaped
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
UNIT_SUFFIX = {"percent": "%", "rate": " per 100 pupils", "count": ""}
VARIATION = {
    "common_cause": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
}
ASSURANCE = {
    "pass": "Target consistently met",
    "hit_or_miss": "Target hit or miss",
    "fail": "Target consistently missed",
}
RULE = {
    "outside_limits": "point outside the limits",
    "trend": "trend of 7",
    "two_of_three": "2 of 3 beyond 2 sigma",
    "shift": "shift of 7",
}


def format_figure(value: float | None, unit: str) -> str:
    """Percentages and rates to 2 dp with their unit, counts whole; '-' with no figure."""
    if value is None or value != value:
        return "-"
    if unit == "count":
        return f"{round(value):d}"
    return f"{value:.2f}{UNIT_SUFFIX[unit]}"


def format_setting(value: float | None, unit: str) -> str:
    """A target or benchmark as set: 30%, 0.1, 480."""
    if value is None or value != value:
        return "-"
    return f"{value:g}{'%' if unit == 'percent' else ''}"


def spc_summary(variation: str | None, special_cause: str | None, assurance: str | None) -> str:
    """'Special cause: concern (shift of 7); target consistently missed' (NaN counts as missing)."""
    variation, special_cause, assurance = (
        v if isinstance(v, str) else None for v in (variation, special_cause, assurance)
    )
    if not variation:
        return "No SPC (fewer than 15 months)"
    text = VARIATION[variation] + (f" ({RULE[special_cause]})" if special_cause else "")
    return text + (f"; {ASSURANCE[assurance][0].lower()}{ASSURANCE[assurance][1:]}" if assurance else "")


def quarter_heading(period_start: date, period_end: date) -> str:
    """'Quarter 2 2025/26 (July–September 2025)'."""
    start_year, quarter = quarter_of(period_start)
    return (
        f"Quarter {quarter} {quarter_label(start_year, quarter).split()[0]} "
        f"({period_start:%B}–{period_end:%B} {period_end.year})"
    )


def write_whole(path: Path, content: bytes | str) -> None:
    """Write beside the target and rename over it: a failed build never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    if isinstance(content, str):
        staging.write_text(content, encoding="utf-8")
    else:
        staging.write_bytes(content)
    os.replace(staging, path)
