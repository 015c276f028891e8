"""`scrutiny run` rebuilds only what new deliveries touch, and gets the same figures as a full
refresh of the same extracts; quarter packs backfill reproducibly.

The extracts are the demo council's registration (incremental) and SSDA903 (snapshot, so it
sets the run's last month, 2025-09) deliveries, over 15 months of history (2024-07 to 2025-09)
to keep four runs quick. After a full run, the council delivers
registration month 2025-10 and re-delivers 2025-09 without its first 40 rows; registrations in
2025-10's file dated in September move September's PH_DEATHS_REG_5D_PCT, so the incremental run
has real work to get right."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.demo import DemoContext
from orchestration.demo import registration as demo_registration
from orchestration.demo import ssda903 as demo_ssda903
from orchestration.demo.next_delivery import next_registration_month
from tests.harness import share_postcode_cache

pytestmark = pytest.mark.heavy

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
MART_TABLES = ("indicators", "indicator_values", "exceptions", "dq_summary", "load_log")


def scrutiny_run(raw: Path, data: Path, *extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    result = subprocess.run(
        [SCRUTINY, "run", "--raw-dir", str(raw), "--data-dir", str(data), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    logs = sorted((data / "logs").glob("*.log"), key=lambda p: p.stat().st_mtime)  # Dagster's and dbt's output
    return output + (logs[-1].read_text() if logs and "nothing new" not in output else "")


def mart_rows(data: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(data / "published" / "mart.duckdb"), read_only=True) as con:
        columns = [c for (c,) in con.execute(f"select column_name from (describe {table})").fetchall()]
        kept = ", ".join(f'"{c}"' for c in columns if c != "loaded_at")  # the load time differs by run
        return con.execute(f"select {kept} from {table} order by all").fetchall()


def deaths_september(data: Path) -> tuple:
    with duckdb.connect(str(data / "published" / "mart.duckdb"), read_only=True) as con:
        return con.execute(
            "select numerator, denominator from indicator_values "
            "where indicator_id = 'PH_DEATHS_REG_5D_PCT' and period_label = '2025-09'"
        ).fetchone()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, postcode_dir):
    root = tmp_path_factory.mktemp("runs")
    for data in ("incremental", "full"):
        share_postcode_cache(root / data, postcode_dir)
    raw = root / "raw"
    for demo in (demo_registration, demo_ssda903):
        demo.generate(raw, DemoContext(seed=2025, months=15))
    first = scrutiny_run(raw, root / "incremental")
    before = deaths_september(root / "incremental")
    unchanged = scrutiny_run(raw, root / "incremental")
    next_registration_month(raw, "2025-09", "2025-10")
    september = raw / "registration" / "2025-09" / "death_registrations.csv"
    lines = september.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    september.write_text(lines[0] + "".join(lines[41:]), encoding="utf-8")
    incremental = scrutiny_run(raw, root / "incremental")
    full = scrutiny_run(raw, root / "full", "--full-refresh")
    return {
        "root": root,
        "first": first,
        "unchanged": unchanged,
        "incremental": incremental,
        "full": full,
        "before": before,
    }


def test_the_first_run_is_full_and_a_second_with_nothing_new_says_so_and_runs_nothing(runs):
    assert "full rebuild: no earlier publish" in runs["first"]
    assert "nothing new since the last publish" in runs["unchanged"]
    assert "Running dbt command" not in runs["unchanged"] and "2025/26 Q2: RAG by indicator" in runs["unchanged"]


def test_the_incremental_run_rebuilds_registration_and_what_unions_it_only(runs):
    log = runs["incremental"]
    assert "changed: raw/registration (2025-09, 2025-10)" in log
    assert "registration months 2025-09 to 2025-10" in log
    [command] = [line for line in log.splitlines() if "Running dbt command" in line]
    assert "--select" in command
    for model in ("stg_registration__death_registrations", "ind_ph_deaths_reg_5d_pct", "indicator_values", "load_log"):
        assert model in command
    for model in ("stg_ssda903__episodes", "ind_cs_lac_outside_la_pct", "stg_adults__cld_events"):
        assert model not in command
    instance = dg.DagsterInstance.from_config(str(runs["root"] / "incremental" / "dagster_home"))
    [last, *_] = instance.get_runs(dg.RunsFilter(job_name="scrutiny"))
    selected = {key.to_user_string() for key in last.asset_selection}
    assert "raw/registration" in selected and "raw/ssda903" not in selected  # 903 not even re-hashed by its asset


def test_incremental_figures_equal_a_full_refresh_of_the_same_extracts(runs):
    root = runs["root"]
    assert deaths_september(root / "incremental") != runs["before"]  # the deliveries moved the figures
    for table in MART_TABLES:
        incremental, full = mart_rows(root / "incremental", table), mart_rows(root / "full", table)
        if table == "dq_summary":
            # Restatement is the one history-dependent rule: the incremental data directory had
            # published September before the re-delivery, a fresh full refresh has no history.
            restated = [row for row in incremental if row[3] == "figure_restated"]
            assert restated and all(row[0] == "registration" for row in restated)
            incremental = [row for row in incremental if row[3] != "figure_restated"]
        assert incremental == full, table


def test_a_two_quarter_backfill_rebuilds_both_packs_reproducibly(runs):
    from orchestration.defs.publish.assets import quarter_pack
    from orchestration.defs.resources import ScrutinySettings

    root = runs["root"]
    packs = {}
    for name in ("incremental", "full"):
        resource = ScrutinySettings(raw_dir=str(root / "raw"), data_dir=str(root / name))
        for attempt in (1, 2):
            result = dg.materialize(
                [quarter_pack],
                resources={"scrutiny": resource},
                tags={ASSET_PARTITION_RANGE_START_TAG: "2025-04-01", ASSET_PARTITION_RANGE_END_TAG: "2025-07-01"},
            )
            assert result.success
            packs[name, attempt] = {
                slug: (root / name / "reports" / slug / "figures.csv").read_bytes()
                for slug in ("2025-26-Q1", "2025-26-Q2")
            }
    first = packs["incremental", 1]
    with duckdb.connect(str(root / "full" / "published" / "mart.duckdb"), read_only=True) as con:
        indicators = con.execute(
            "select count(distinct indicator_id) from indicator_values where period_label = '2025/26 Q1'"
        ).fetchone()[0]
    assert indicators and all(len(p.splitlines()) == 1 + 4 * indicators for p in first.values())  # quarter + 3 months
    assert first["2025-26-Q1"] != first["2025-26-Q2"]
    assert packs["incremental", 2] == first == packs["full", 1] == packs["full", 2]
