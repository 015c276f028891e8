"""Run the Dagster job in-process and report the quarter: what `scrutiny run` does."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from orchestration.settings import Settings

log = logging.getLogger("scrutiny")
RUN_LOGGING = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass
class RunOutcome:
    success: bool
    failure: str = ""


def run_everything(quarter_tag: str | None = None, full_refresh: bool = False) -> RunOutcome:
    """The `scrutiny` job over what changed since the last publish (everything with
    `full_refresh`, or on a first run); when only some sources' files could not be read, a second
    run builds and publishes from everything else, so one broken source never stops the others.
    Then the quarter's pack. With nothing new it says so and returns without loading Dagster."""
    from orchestration.lib.changes import compare, current_state, published_state_path, read_state

    settings = Settings.from_env()
    if not full_refresh:
        previous = read_state(published_state_path(settings))
        state, _ = current_state(settings, _hash_cache(settings))
        if compare(previous, state, settings).nothing_new and _pack_exists(settings, quarter_tag):
            log.info("nothing new since the last publish: the published mart and reports stand")
            return RunOutcome(True)
    return _run_planned(settings, quarter_tag, full_refresh)


def _hash_cache(settings: Settings) -> dict:
    from orchestration.lib.changes import load_hash_cache

    return load_hash_cache(settings)


def _pack_exists(settings: Settings, quarter_tag: str | None) -> bool:
    from orchestration.lib.quarter_pack import latest_quarter, manifest_path

    quarter = quarter_tag or latest_quarter(settings.mart_path)
    return quarter is not None and manifest_path(settings.data_dir / "reports", quarter).exists()


def _run_planned(settings: Settings, quarter_tag: str | None, full_refresh: bool) -> RunOutcome:
    import json

    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.partitions import QUARTER_TAG, quarter_key_of_slug
    from orchestration.defs.schedules.jobs import catch_up_selection, catch_up_tags, failed_steps, only_ingest_failed
    from orchestration.defs.schedules.plan import plan_for
    from orchestration.lib.changes import hash_cache_path, write_atomically
    from orchestration.lib.quarter_pack import latest_quarter

    instance = dg.DagsterInstance.get()
    plan, files = plan_for(settings, defs.resolve_asset_graph(), _hash_cache(settings), full_refresh)
    write_atomically(hash_cache_path(settings), json.dumps(files))
    log.info(plan.describe())
    tags = {**plan.tags(), **({QUARTER_TAG: quarter_tag} if quarter_tag else {})}
    outcome = RunOutcome(True)
    if not plan.nothing_to_do:
        result = defs.resolve_job_def("scrutiny").execute_in_process(
            instance=instance, raise_on_error=False, run_config=RUN_LOGGING, tags=tags, asset_selection=plan.selection
        )
        if not result.success:
            reasons = _failure_reasons(result)
            if not only_ingest_failed(failed_steps(instance, result.run_id)):
                return RunOutcome(False, "; ".join(reasons) or "the run failed (see the Dagster UI for its logs)")
            log.warning("some sources could not be loaded; building and publishing the others")
            rest = defs.resolve_job_def("publish_available").execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=RUN_LOGGING,
                tags=catch_up_tags(tags),
                asset_selection=catch_up_selection(plan.selection),
            )
            if not rest.success:
                reasons += _failure_reasons(rest)
            outcome = RunOutcome(False, "; ".join(reasons))
    quarter = quarter_tag or latest_quarter(settings.mart_path)
    if quarter:
        pack = defs.resolve_job_def("quarter_packs").execute_in_process(
            instance=instance, raise_on_error=False, run_config=RUN_LOGGING, partition_key=quarter_key_of_slug(quarter)
        )
        if not pack.success and outcome.success:
            outcome = RunOutcome(False, "; ".join(_failure_reasons(pack)) or f"the {quarter} pack failed")
    return outcome


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
    print(f"  published mart (dashboards, read-only): {settings.mart_path}")
    print(f"  internal warehouse (restricted):        {settings.warehouse_path}")
    print(f"  Dagster runs and checks:                 make ui  (DAGSTER_HOME={settings.data_dir / 'dagster_home'})")
    return True
