"""The dashboard and the exceptions report open in headless Chromium (Debian's `chromium`)
without console errors, show every indicator, and render a non-blank page. In CI (CI=true)
a missing Chromium fails the test; elsewhere it skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from PIL import Image, ImageStat

from orchestration.lib.reports.dashboard import build_dashboard
from orchestration.lib.reports.exceptions import build_exceptions_report
from orchestration.lib.reports.public_cut import build_public_cut

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
LOGGING = ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]  # console messages on stderr
INDICATORS = {
    # id: (service area, unit, polarity, target)
    "B_PCT": ("Children's Services", "percent", "lower_is_better", 30.0),
    "B_COUNT": ("Adults & Housing", "count", "lower_is_better", 500.0),
    "B_SMALL": ("Adults & Housing", "count", "lower_is_better", 0.0),
    "B_RATE": ("Children's Services", "rate", "lower_is_better", 0.1),
}


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but chromium is not installed (.ci/run installs it with apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def _browse(chromium: str, tmp: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"  # a fresh profile for every launch
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *LOGGING, *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def _mart(path: Path) -> None:
    """Four indicators over 24 months (Oct 2023 - Sep 2025) with SPC rows, one Red exception
    with service commentary containing markup, one drafted, and one other comment."""
    values, spc = [], []
    for n, (indicator_id, (*_, target)) in enumerate(INDICATORS.items()):
        for i in range(24):
            start = (pd.Timestamp("2023-10-01") + pd.DateOffset(months=i)).date()
            end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
            numerator = {0: 40 + i % 5, 1: 480 + 3 * i, 2: i % 3, 3: 30 + i % 4}[n]
            denominator = {0: 100, 3: 40000}.get(n)
            value = numerator if denominator is None else 100 * numerator / denominator
            row = [indicator_id, "month", f"{start:%Y-%m}", start, end, numerator, denominator, value, target,
                   "Red", "Worsening", "Same", 45.0 if n == 0 else None, None, None]  # fmt: skip
            values.append(row)
            spc.append([indicator_id, start, value, value, value * 1.2, value * 0.8, None, "common_cause", "fail"])
            if start.month in (6, 9, 12, 3):
                quarter_start = (pd.Timestamp(start) - pd.DateOffset(months=2)).date()
                year = quarter_start.year if quarter_start.month >= 4 else quarter_start.year - 1
                label = f"{year}/{str(year + 1)[-2:]} Q{(quarter_start.month - 4) % 12 // 3 + 1}"
                values.append([row[0], "quarter", label, quarter_start, *row[4:]])
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table indicators (indicator_id varchar, title varchar, service_area varchar, unit varchar, "
            "polarity varchar, target double, tolerance double, dot_threshold double, definition varchar, "
            "source varchar, target_source varchar)"
        )
        con.executemany(
            "insert into indicators values (?, ?, ?, ?, ?, ?, 1, 0, 'what is counted', 'test', 'Local default')",
            [(i, f"Title of {i}", a, u, p, t) for i, (a, u, p, t) in INDICATORS.items()],
        )
        con.execute(
            "create table indicator_values (indicator_id varchar, period_type varchar, period_label varchar, "
            "period_start date, period_end date, numerator bigint, denominator bigint, value double, target double, "
            "rag varchar, dot varchar, dot_year varchar, benchmark_england double, "
            "benchmark_statistical_neighbours double, benchmark_good_plus double)"
        )
        con.executemany(f"insert into indicator_values values ({', '.join('?' * 15)})", values)
        con.execute(
            "create table indicator_spc (indicator_id varchar, period_start date, value double, mean double, "
            "upper_limit double, lower_limit double, special_cause varchar, variation varchar, assurance varchar)"
        )
        con.executemany(f"insert into indicator_spc values ({', '.join('?' * 9)})", spc)
        con.execute(
            "create table exceptions as select * from (values "
            "('2025/26 Q2', 1, 'Adults & Housing', 'B_COUNT', 'Title of B_COUNT', 549.0, 'Red', 'Worsening', "
            "'<script>console.error(\"injected\")</script> rose', '=HYPERLINK(\"http://example.invalid\")', 'service'), "
            "('2025/26 Q2', 1, 'Children''s Services', 'B_PCT', 'Title of B_PCT', 43.0, 'Red', 'Worsening', "
            "'43.00% at the end of September', null, 'drafted')) "
            "as t(period_label, appendix, service_area, indicator_id, title, value, rag, dot, narrative, actions, "
            "narrative_source)"
        )
        con.execute(
            "create table service_commentary as select '2025/26 Q2' as period_label, "
            "'Children''s Services' as service_area, 'B_RATE' as indicator_id, 'Title of B_RATE' as title, "
            "'<img src=x onerror=console.error(1)>' as narrative, null as actions, false as is_exception"
        )


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    mart = root / "mart.duckdb"
    _mart(mart)
    out = root / "reports" / "2025-26-Q2"
    build_public_cut(mart, root / "public")
    dashboard = build_dashboard(root / "public", "2025/26 Q2", out)
    exceptions = build_exceptions_report(mart, "2025/26 Q2", out, run_date=date(2026, 1, 5))[0]
    return root, dashboard, exceptions


def test_console_errors_are_detected(chromium, tmp_path):
    """The check itself can fail: a page that logs an error is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>')
    result = _browse(chromium, tmp_path, page, "--dump-dom")
    assert any("boom" in line for line in _console_messages(result.stderr)), result.stderr[-2000:]


@pytest.mark.parametrize("which", ["dashboard", "exceptions"])
def test_page_opens_clean_with_every_indicator(chromium, pages, which):
    root, dashboard, exceptions = pages
    page = dashboard if which == "dashboard" else exceptions
    result = _browse(chromium, root, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_messages(result.stderr) == []
    dom = result.stdout
    expected = INDICATORS if which == "dashboard" else ["B_COUNT", "B_PCT", "B_RATE"]
    for indicator_id in expected:
        assert f'data-indicator="{indicator_id}"' in dom, indicator_id
    assert "<script" not in dom and "<img" not in dom  # the commentary stayed text
    if which == "dashboard":
        assert dom.count("<svg") >= len(INDICATORS) and "c (suppressed" in dom  # B_SMALL's 0..2


@pytest.mark.parametrize("which", ["dashboard", "exceptions"])
def test_screenshot_is_not_blank(chromium, pages, which):
    root, dashboard, exceptions = pages
    page = dashboard if which == "dashboard" else exceptions
    shot = root / f"{which}.png"
    result = _browse(chromium, root, page, f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 1600)
    assert ImageStat.Stat(image).var[0] > 100  # a blank page has no variance
    assert sum(1 for count in image.histogram() if count) > 20  # many grey levels, not a flat fill
