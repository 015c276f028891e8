"""kill -9 during a run, and two runs at once (issue 10, item 6), on tiny extracts.

One data directory lives through a sequence of runs, each killed by the SCRUTINY_FAULT_AT hook
(the process SIGKILLs itself at the named point, as `kill -9` would):

1. `startup` on a fresh data directory: nothing is left behind.
2. run A on the still-fresh directory is killed at `dbt:staging`; run B is started while A holds
   the lock: B says it waits for A by run id and pid, then marks A failed, frees its
   `warehouse` slot and completes. This is the uninterrupted baseline (and a first run created
   the Dagster instance under the lock, so the instance is not broken by two first runs).
3. kills at `ingest`, at the first model of each layer the dbt step materialises
   (`dbt:data_quality` ... `dbt:published`) and at `publish`: each leaves the baseline mart byte
   for byte.
4. a last run stops what the dead run left (the dbt it started would go on holding the
   warehouse), completes, and publishes the baseline's figures.

One data directory for all of them: each extra module would pay a first and a last run again.

Before the fix the run after a dbt-phase kill hung silently behind the dead run's slot, and two
first runs broke the instance (alembic: more than one head).

HOU_TA_HOUSEHOLDS by hand (open at 31 Dec / 31 Jan / 29 Feb / 31 Mar): T3 (H8, from 2023-12-01)
yes throughout; H1's T1 10/01-15/02 is open at 31 Jan; T2 from 15/02 at 29 Feb and 31 Mar:
1, 2, 2, 2.
"""

from __future__ import annotations

import json
import subprocess
import time

import dagster as dg
import pytest

from tests.harness import Extracts
from tests.ops.cli import environment, figures, housing_extracts, run_args, scrutiny_run

pytestmark = pytest.mark.heavy

DBT_PHASES = ("dbt:data_quality", "dbt:reference", "dbt:intermediate", "dbt:indicators", "dbt:published")
LATER_KILLS = ("ingest", *DBT_PHASES, "publish")


def state(path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def run_id_of(stderr: str) -> str:
    return next(line.split()[2] for line in stderr.splitlines() if " started; full log: " in line)


def kill_at_each(extracts: Extracts, points: tuple[str, ...], seen: dict) -> None:
    """A run killed at each point in turn, then one left to finish; `seen` keeps each run, the
    mart's bytes after it and the figures it reads."""
    mart = extracts.data / "published" / "mart.duckdb"
    for point in points:
        # a full refresh, so the run reaches the phase to kill (an incremental run with nothing new stops early)
        killed = scrutiny_run(extracts, "--full-refresh", SCRUTINY_FAULT_AT=point)
        seen[point] = (killed, state(mart), figures(mart))
    seen["last"] = scrutiny_run(extracts, "--full-refresh")
    seen["last_figures"] = figures(mart)
    instance = dg.DagsterInstance.from_config(str(extracts.data / "dagster_home"))
    seen["runs"] = {run.run_id: run.status for run in instance.get_runs()}
    seen["slots"] = instance.event_log_storage.get_concurrency_info("warehouse")


def assert_the_kill_left_the_mart(seen: dict, point: str) -> None:
    killed, after, readable = seen[point]
    assert killed.returncode == -9, killed.stderr
    assert after == seen["baseline_state"]
    assert readable == seen["baseline"]


def assert_the_last_run_recovered(seen: dict, last_killed: str) -> None:
    last = seen["last"]
    assert last.returncode == 0, last.stderr
    assert seen["last_figures"] == seen["baseline"]
    assert f"marked the dead run {run_id_of(seen[last_killed][0].stderr)} failed" in last.stderr


def assert_the_instance_is_sound(seen: dict, killed: list[str]) -> None:
    runs = seen["runs"]
    assert {runs[run_id] for run_id in killed} == {dg.DagsterRunStatus.FAILURE}
    assert set(runs.values()) <= {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE}
    # two completed `scrutiny run`s, each a scrutiny job run plus its quarter-pack run
    assert list(runs.values()).count(dg.DagsterRunStatus.SUCCESS) == 4
    assert seen["slots"].active_slot_count == 0 and seen["slots"].pending_step_count == 0


@pytest.fixture(scope="module")
def lived(tmp_path_factory, postcode_dir) -> dict:
    extracts = housing_extracts(tmp_path_factory.mktemp("faults"), postcode_dir)
    mart = extracts.data / "published" / "mart.duckdb"
    seen = {"extracts": extracts, "mart": mart}
    seen["startup"] = scrutiny_run(extracts, SCRUTINY_FAULT_AT="startup")
    seen["after_startup"] = sorted(p.name for p in extracts.data.iterdir())

    first = subprocess.Popen(
        run_args(extracts),
        env=environment(extracts, SCRUTINY_FAULT_AT="dbt:staging"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = extracts.data / "run.lock"
    deadline = time.monotonic() + 300
    while not (lock.exists() and lock.read_text() and json.loads(lock.read_text())["pid"] == first.pid):
        assert first.poll() is None and time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.2)
    seen["holder"] = json.loads(lock.read_text())
    second = subprocess.Popen(
        run_args(extracts), env=environment(extracts), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen["first"] = (first.wait(timeout=900), *first.communicate())
    seen["second"] = (second.wait(timeout=1200), *second.communicate())
    seen["baseline"] = figures(mart)
    seen["baseline_state"] = state(mart)
    kill_at_each(extracts, LATER_KILLS, seen)
    return seen


def test_a_kill_at_startup_leaves_nothing_behind(lived):
    assert lived["startup"].returncode == -9
    assert lived["after_startup"] == ["reference"]  # only the postcode cache the test put there


def test_a_second_run_says_which_run_it_waits_for(lived):
    holder = lived["holder"]
    code, _, stderr = lived["second"]
    assert f"waiting for run {holder['run_id']} (pid {holder['pid']}, started {holder['started']})" in stderr
    assert code == 0, stderr


def test_the_next_run_marks_the_dead_run_failed_and_completes(lived):
    holder = lived["holder"]
    assert lived["first"][0] == -9
    code, _, stderr = lived["second"]
    assert f"the previous run {holder['run_id']} (pid {holder['pid']}" in stderr and "died before it finished" in stderr
    assert f"marked the dead run {holder['run_id']} failed and freed its warehouse slot" in stderr
    assert code == 0


def test_the_baseline_has_the_hand_worked_figures(lived):
    ta = {row[2]: row[3] for row in lived["baseline"] if row[0] == "HOU_TA_HOUSEHOLDS" and row[1] == "month"}
    assert ta == {"2023-12": 1, "2024-01": 2, "2024-02": 2, "2024-03": 2}


@pytest.mark.parametrize("point", LATER_KILLS)
def test_a_kill_leaves_the_last_mart_readable_and_complete(lived, point):
    assert_the_kill_left_the_mart(lived, point)


def test_after_every_kill_a_run_completes_with_the_uninterrupted_figures(lived):
    assert_the_last_run_recovered(lived, "publish")


def test_the_dagster_instance_stays_sound(lived):
    assert_the_instance_is_sound(
        lived, [lived["holder"]["run_id"]] + [run_id_of(lived[p][0].stderr) for p in LATER_KILLS]
    )
