"""Run the Dagster job in-process and report the quarter: what `scrutiny run` does."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

from orchestration.lib.reports.outputs import output_lines
from orchestration.settings import Settings

log = logging.getLogger("scrutiny")
RUN_LOGGING = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass
class RunOutcome:
    success: bool
    failure: str = ""


def run_everything(quarter_tag: str | None = None) -> RunOutcome:
    """The `scrutiny` job; when only some sources' files could not be read, a second run
    builds and publishes from everything else, so one broken source never stops the others."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.schedules.jobs import failed_steps, only_ingest_failed

    tags = {"scrutiny/quarter": quarter_tag} if quarter_tag else {}
    instance = dg.DagsterInstance.get()
    result = defs.resolve_job_def("scrutiny").execute_in_process(
        instance=instance, raise_on_error=False, run_config=RUN_LOGGING, tags=tags
    )
    if result.success:
        return RunOutcome(True)
    reasons = _failure_reasons(result)
    steps = failed_steps(instance, result.run_id)
    if not only_ingest_failed(steps):
        return RunOutcome(False, "; ".join(reasons) or "the run failed (see the Dagster UI for its logs)")
    log.warning("some sources could not be loaded; building and publishing the others")
    rest = defs.resolve_job_def("publish_available").execute_in_process(
        instance=instance, raise_on_error=False, run_config=RUN_LOGGING, tags=tags
    )
    if not rest.success:
        reasons += _failure_reasons(rest)
    return RunOutcome(False, "; ".join(reasons))


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
    for line in output_lines(settings, quarter_label):
        print(line)
    print(f"  Dagster runs and checks:                 make ui  (DAGSTER_HOME={settings.data_dir / 'dagster_home'})")
    return True
