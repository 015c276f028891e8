"""What the two kill-test modules share: kill a sequence of runs in one data directory, then one
that completes, and the checks on what they left (`test_faults.py`, `test_faults_dbt.py`)."""

from __future__ import annotations

import dagster as dg

from tests.harness import Extracts
from tests.ops.cli import figures, scrutiny_run


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
