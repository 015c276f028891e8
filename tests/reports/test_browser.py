"""The dashboard and the exceptions report open in headless Chromium (Debian's `chromium`)
without console errors, show every indicator, and render a non-blank page. In CI (CI=true)
a missing Chromium fails the test; elsewhere it skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from orchestration.lib.reports.dashboard import build_dashboard
from orchestration.lib.reports.exceptions import build_exceptions_report
from orchestration.lib.reports.public_cut import build_public_cut
from tests.reports.hand_built import SMALL_MART_INDICATORS, small_mart

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
LOGGING = ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]  # console messages on stderr
INDICATORS = SMALL_MART_INDICATORS


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


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    mart = root / "mart.duckdb"
    small_mart(mart, INDICATORS)
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
