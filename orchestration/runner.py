"""Run the Dagster job in-process and report the quarter: what `scrutiny run` does.

The terminal shows scrutiny's own progress (one line per phase with its time, then a summary);
Dagster's and dbt's full logs, tracebacks included, go to the run's log file.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.reports.outputs import output_lines
from orchestration.lib.run_lock import pid_alive
from orchestration.settings import Settings

log = logging.getLogger("scrutiny")
RUN_LOGGING = {"loggers": {"console": {"config": {"log_level": "DEBUG"}}}}
PID_TAG = "scrutiny/pid"
FAULT_ENV = "SCRUTINY_FAULT_AT"  # test hook: the process kills itself (SIGKILL) at this named point
IN_PROGRESS = ("NOT_STARTED", "STARTING", "STARTED", "CANCELING")
DBT_STEP = "warehouse_models"
PUBLISH_STEP = "published__mart"
INVENTORY_STEP = "raw__delivery_inventory"


def fault_point(name: str) -> None:
    """Die here, as `kill -9` would, when SCRUTINY_FAULT_AT names this point (the kill test's hook)."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class RunOutcome:
    success: bool
    failure: str = ""


@dataclass
class Progress:
    """Turns the run's Dagster events into progress lines: ingest per source, dbt with counts,
    publish; each with its time. Called by the instance for every event of the run."""

    started: dict[str, float] = field(default_factory=dict)
    ingest: dict[str, dict] = field(default_factory=dict)
    dbt_layers: Counter = field(default_factory=Counter)
    dbt_checks: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)
    published: bool = False

    def __call__(self, entry) -> None:
        if not entry.is_dagster_event:
            return
        event = entry.get_dagster_event()
        step, kind = event.step_key, event.event_type_value
        if kind == "STEP_START":
            self.started[step] = entry.timestamp
            self._on_start(step)
        elif kind == "ASSET_MATERIALIZATION":
            self._on_materialization(step, event)
        elif kind == "ASSET_CHECK_EVALUATION" and step == DBT_STEP:
            evaluation = event.event_specific_data
            outcome = "passed" if evaluation.passed else evaluation.severity.value.lower().replace("warn", "warned")
            self.dbt_checks["failed" if outcome == "error" else outcome] += 1
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            self._on_end(step, kind == "STEP_SUCCESS", entry.timestamp - self.started.get(step, entry.timestamp))

    def _on_start(self, step: str) -> None:
        if step.startswith("raw__") and step != INVENTORY_STEP:
            fault_point("ingest")
        elif step == DBT_STEP:
            log.info("dbt build: started (seeds, staging, intermediate, indicators, marts, and their tests)")
        elif step == PUBLISH_STEP:
            fault_point("publish")

    def _on_materialization(self, step: str, event) -> None:
        key = event.asset_key.path
        if step == DBT_STEP:
            if not self.dbt_layers[key[0]]:
                fault_point(f"dbt:{key[0]}")
            self.dbt_layers[key[0]] += 1
        elif step.startswith("raw__") and step != INVENTORY_STEP:
            self.ingest[step.removeprefix("raw__")] = {
                k: v.value for k, v in event.event_specific_data.materialization.metadata.items()
            }

    def _on_end(self, step: str, ok: bool, seconds: float) -> None:
        if not ok:
            self.failed.append(step)
        if step.startswith("raw__") and step != INVENTORY_STEP:
            source = step.removeprefix("raw__")
            totals = self.ingest.get(source, {})
            if not ok:
                log.info("ingest %s: failed, its reason is the last line (%.1f s)", source, seconds)
            elif totals.get("files"):
                log.info(
                    "ingest %s: %d file(s), %s rows read, %s quarantined (%.1f s)",
                    source,
                    totals["files"],
                    f"{totals.get('rows_read', 0):,}",
                    f"{totals.get('rows_quarantined', 0):,}",
                    seconds,
                )
        elif step == DBT_STEP:
            built = ", ".join(f"{layer} {n}" for layer, n in sorted(self.dbt_layers.items()))
            checks = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.dbt_checks.items()))
            log.info(
                "dbt build: %s; %d built (%s); tests: %s (%.1f s)",
                "done" if ok else "failed",
                sum(self.dbt_layers.values()),
                built or "none",
                checks or "none",
                seconds,
            )
        elif step == PUBLISH_STEP:
            self.published = ok
            log.info("publish: %s (%.1f s)", "mart replaced" if ok else "failed; the last mart is kept", seconds)
        elif not step.startswith("reference__") and step != INVENTORY_STEP:  # e.g. reports built after publish
            log.info("%s: %s (%.1f s)", step.replace("__", " "), "done" if ok else "failed", seconds)

    def summary(self) -> str:
        delivered = [t for t in self.ingest.values() if t.get("files")]
        rows = sum(t.get("rows_read", 0) for t in delivered)
        quarantined = sum(t.get("rows_quarantined", 0) for t in delivered)
        return (
            f"{len(delivered)} source(s) with deliveries, {rows:,} rows read, {quarantined:,} quarantined; "
            f"dbt built {sum(self.dbt_layers.values())}, tests {sum(self.dbt_checks.values())} "
            f"({self.dbt_checks['passed']} passed, {self.dbt_checks['warned']} warned, {self.dbt_checks['failed']} failed); "
            + ("mart published" if self.published else "mart not republished (the last one is kept)")
        )


@contextmanager
def output_to(log_path: Path) -> Iterator[None]:
    """Everything written to file descriptors 1 and 2 while the job runs (Dagster's console
    logger, dbt's output, warnings, tracebacks) goes to the run's log file, not the terminal."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log_path.open("a") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def _run_pid(instance, run) -> int | None:
    if PID_TAG in run.tags:
        return int(run.tags[PID_TAG])
    from dagster import DagsterEventType

    records = instance.get_records_for_run(run.run_id, of_type=DagsterEventType.RUN_START, limit=1).records
    event = records[0].event_log_entry.dagster_event if records else None
    return event.pid if event else None


def recover_dead_runs(instance) -> list[str]:
    """Runs left in progress by a process that died (kill -9, power cut): marked failed and their
    `warehouse` concurrency slots freed, so the next run is not queued behind them forever.
    Called under the run lock, so a run scrutiny started is dead unless its own pid is us."""
    from dagster import DagsterRunStatus, RunsFilter

    statuses = [DagsterRunStatus[name] for name in IN_PROGRESS]
    recovered = []
    for run in instance.get_runs(filters=RunsFilter(statuses=statuses)):
        pid = _run_pid(instance, run)
        ours = PID_TAG in run.tags
        if pid == os.getpid() or (not ours and (pid is None or pid_alive(pid))):
            continue  # a run launched elsewhere (e.g. from the UI) that is still alive
        instance.report_run_failed(
            run, message=f"scrutiny: the process running this run (pid {pid}) died before it finished"
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def remove_leftovers(settings: Settings, dead_runs: list[str]) -> None:
    """Half-written files of dead runs: an unfinished mart beside the published one, dbt targets."""
    for partial in settings.published_dir.glob(f".{settings.mart_path.name}.*.new"):
        pid = partial.name.split(".")[-2]
        if not pid.isdigit() or not pid_alive(int(pid)):
            partial.unlink(missing_ok=True)
    for run_id in dead_runs:
        shutil.rmtree(settings.data_dir / "dbt" / "target" / run_id, ignore_errors=True)


def run_everything(
    run_id: str, log_path: Path, quarter_tag: str | None = None, full_refresh: bool = False
) -> tuple[RunOutcome, Progress]:
    """The `scrutiny` job over what changed since the last publish (everything with
    `full_refresh`, or on a first run); when only some sources' files could not be read, a second
    run builds and publishes from everything else, so one broken source never stops the others.
    Then the quarter's pack. With nothing new it says so and returns without loading Dagster."""
    from orchestration.lib.changes import compare, current_state, load_hash_cache, published_state_path, read_state

    progress = Progress()
    settings = Settings.from_env()
    if not full_refresh:
        state, _ = current_state(settings, load_hash_cache(settings))
        nothing_new = compare(read_state(published_state_path(settings)), state, settings).nothing_new
        if nothing_new and _pack_exists(settings, quarter_tag):
            log.info("nothing new since the last publish: the published mart and reports stand")
            return RunOutcome(True), progress
    return _run_planned(settings, run_id, log_path, quarter_tag, full_refresh, progress)


def _pack_exists(settings: Settings, quarter_tag: str | None) -> bool:
    from orchestration.lib.quarter_pack import latest_quarter, manifest_path

    quarter = quarter_tag or latest_quarter(settings.mart_path)
    return quarter is not None and manifest_path(settings.data_dir / "reports", quarter).exists()


def _run_planned(
    settings: Settings, run_id: str, log_path: Path, quarter_tag: str | None, full_refresh: bool, progress: Progress
) -> tuple[RunOutcome, Progress]:
    import json

    import dagster as dg

    from orchestration.defs.partitions import QUARTER_TAG, quarter_key_of_slug
    from orchestration.defs.schedules.jobs import catch_up_selection, catch_up_tags, failed_steps, only_ingest_failed
    from orchestration.defs.schedules.plan import plan_for
    from orchestration.lib.changes import hash_cache_path, load_hash_cache, write_atomically
    from orchestration.lib.quarter_pack import latest_quarter

    instance = dg.DagsterInstance.get()
    with output_to(log_path):
        from orchestration.definitions import defs

        fault_point("definitions")
        plan, files = plan_for(settings, defs.resolve_asset_graph(), load_hash_cache(settings), full_refresh)
    write_atomically(hash_cache_path(settings), json.dumps(files))
    log.info(plan.describe())
    tags = {PID_TAG: str(os.getpid()), **plan.tags(), **({QUARTER_TAG: quarter_tag} if quarter_tag else {})}
    outcome = RunOutcome(True)
    if not plan.nothing_to_do:
        instance.add_event_listener(run_id, progress)
        with output_to(log_path):
            result = defs.resolve_job_def("scrutiny").execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=RUN_LOGGING,
                tags=tags,
                run_id=run_id,
                asset_selection=plan.selection,
            )
        if not result.success:
            reasons = _failure_reasons(result)
            if not only_ingest_failed(failed_steps(instance, result.run_id)):
                return RunOutcome(False, "; ".join(reasons) or f"the run failed (details: {log_path})"), progress
            log.warning("some sources could not be loaded; building and publishing the others")
            rest_id = str(uuid.uuid4())
            instance.add_event_listener(rest_id, progress)
            with output_to(log_path):
                rest = defs.resolve_job_def("publish_available").execute_in_process(
                    instance=instance,
                    raise_on_error=False,
                    run_config=RUN_LOGGING,
                    tags=catch_up_tags(tags),
                    run_id=rest_id,
                    asset_selection=catch_up_selection(plan.selection),
                )
            if not rest.success:
                reasons += _failure_reasons(rest)
            outcome = RunOutcome(False, "; ".join(reasons))
    quarter = quarter_tag or latest_quarter(settings.mart_path)
    if quarter:
        pack_id = str(uuid.uuid4())
        instance.add_event_listener(pack_id, progress)
        with output_to(log_path):
            pack = defs.resolve_job_def("quarter_packs").execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=RUN_LOGGING,
                tags={PID_TAG: str(os.getpid())},
                run_id=pack_id,
                partition_key=quarter_key_of_slug(quarter),
            )
        if not pack.success and outcome.success:
            outcome = RunOutcome(False, "; ".join(_failure_reasons(pack)) or f"the {quarter} pack failed")
    return outcome, progress


def _failure_reasons(result) -> list[str]:
    reasons = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data:
            error = event.step_failure_data.user_failure_data
            text = (
                error.description
                if error and error.description
                else (event.step_failure_data.error.message.strip() if event.step_failure_data.error else event.message)
            )
            reasons.append(f"{event.step_key}: {text.splitlines()[0] if text else 'failed'}")
    return reasons


def _print_quarantine(settings: Settings, limit: int = 12) -> None:
    """Where the quarantined rows are: file, rule and column, with the first file rows (no values)."""
    if not settings.warehouse_path.exists():
        return
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(
            """
            select 'raw/' || file_name, column_name, rule_code, count(distinct row_number) as n,
                   array_to_string(list_sort(list(distinct row_number)), ', ') as file_rows,
                   min(description)
            from meta.row_issues group by all order by n desc, 1 limit ?
            """,
            [limit],
        ).fetchall()
    if not rows:
        return
    print("\nQuarantined rows (file, column, rule: file rows; what to do):")
    for file_name, column, rule, n, file_rows, description in rows:
        shown = file_rows if len(file_rows) <= 40 else file_rows[:40].rsplit(",", 1)[0] + ", ..."
        print(f"  {file_name} {column} {rule} x{n}: rows {shown}; {description.split('; ', 1)[-1]}")
    print(
        f"  (every quarantined row with its reasons: meta.quarantine and meta.row_issues in {settings.warehouse_path})"
    )


def report(settings: Settings, quarter_label: str | None) -> bool:
    """Print the quarter's RAG table and where each output is; False if nothing to show."""
    if not settings.mart_path.exists():
        print(f"scrutiny: no mart was published at {settings.mart_path}")
        return False
    con = duckdb.connect(str(settings.mart_path), read_only=True)
    try:
        if quarter_label is None:
            row = con.execute(
                "select period_label from indicator_values where period_type = 'quarter' "
                "order by period_end desc limit 1"
            ).fetchone()
            if row is None:
                print("scrutiny: the mart has no complete quarter yet")
                return False
            quarter_label = row[0]
        rows = con.execute(
            """
            select i.service_area, v.indicator_id, v.value, v.target, v.rag, v.dot, v.dot_year, i.unit
            from indicator_values v join indicators i using (indicator_id)
            where v.period_type = 'quarter' and v.period_label = ?
            order by i.service_area, v.indicator_id
            """,
            [quarter_label],
        ).fetchall()
        if not rows:
            latest = con.execute(
                "select max(period_label) from indicator_values where period_type = 'quarter'"
            ).fetchone()[0]
            print(f"scrutiny: the mart has no figures for {quarter_label} (latest complete quarter: {latest})")
            return False
        print(f"\n{quarter_label}: RAG by indicator (value at the quarter's last month)\n")
        print(
            f"{'service area':<30} {'indicator':<30} {'value':>9} {'target':>8} {'RAG':<6} {'DOT':<10} {'year on year':<10}"
        )
        for area, indicator, value, target, rag, dot, dot_year, unit in rows:
            shown = "-" if value is None else (f"{value:,.0f}" if unit == "count" else f"{value:.2f}")
            target_shown = "-" if target is None else f"{target:g}"
            print(
                f"{area:<30} {indicator:<30} {shown:>9} {target_shown:>8} {rag or '-':<6} {dot or '-':<10} {dot_year or '-':<10}"
            )
        counts = dict(
            con.execute(
                "select rag, count(*) from indicator_values where period_type = 'quarter' "
                "and period_label = ? group by rag",
                [quarter_label],
            ).fetchall()
        )
        quarantined = con.execute(
            "select coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_read), 0) from load_log"
        ).fetchone()
    finally:
        con.close()
    print(
        f"\nRed {counts.get('Red', 0)}, Amber {counts.get('Amber', 0)}, Green {counts.get('Green', 0)}; "
        f"{quarantined[0]:,} of {quarantined[1]:,} rows read were quarantined (see dq_summary)"
    )
    _print_quarantine(settings)
    from orchestration.lib.ingest import discover

    skipped = discover(settings.raw_dir).skipped_sources
    if skipped:
        print(f"Skipped folders under {settings.raw_dir} (not a supported source yet): {', '.join(skipped)}")
    print("\nOutputs:")
    for label, where in outputs(settings):
        print(f"  {label + ':':<40} {where}")
    for line in output_lines(settings, quarter_label):  # the committee pack of the quarter shown
        print(line)
    from orchestration.lib.reports.dq_report import print_outputs

    print_outputs(settings.data_dir, settings.mart_path, quarter_label)
    return True


def _mart_output(settings: Settings) -> tuple[str, str]:
    return "published mart (dashboards, read-only)", str(settings.mart_path)


def _warehouse_output(settings: Settings) -> tuple[str, str]:
    return "internal warehouse (restricted)", str(settings.warehouse_path)


def _dagster_output(settings: Settings) -> tuple[str, str]:
    return "Dagster runs and checks", f"make ui  (DAGSTER_HOME={os.environ.get('DAGSTER_HOME', '')})"


def _logs_output(settings: Settings) -> tuple[str, str]:
    return "run logs (Dagster and dbt, full)", str(settings.logs_dir)


# One small function per line of the outputs block: add an output by adding a function here.
OUTPUT_LINES: list[Callable[[Settings], tuple[str, str] | None]] = [
    _mart_output,
    _warehouse_output,
    _dagster_output,
    _logs_output,
]


def outputs(settings: Settings) -> list[tuple[str, str]]:
    return [line for build in OUTPUT_LINES if (line := build(settings))]
