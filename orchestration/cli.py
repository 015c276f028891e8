"""`scrutiny run` and `scrutiny demo-data`: the command-line face of the pipeline."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
import traceback
import uuid
from importlib.metadata import version
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR, Settings

log = logging.getLogger("scrutiny")

EXIT_CODES = """exit codes:
  0  the run succeeded (quarantined rows are not a failure)
  1  something failed: the last line says what; the previous published mart and reports stay
  2  refused before any work: bad arguments or configuration (nothing rebuilt or republished)"""

ENVIRONMENT = """environment:
  SCRUTINY_RAW_DIR               where the extracts are (default: raw/ in the repository)
  SCRUTINY_DATA_DIR              where the warehouse, mart, logs and caches go (default: data/)
  SCRUTINY_LA_CODE               the council's upper-tier authority code (default E06000059, Dorset)
  SCRUTINY_HISTORY_MONTHS        months of history before the run's last month (default 36)
  SCRUTINY_PSEUDONYMISATION_KEY  the keyed-hash secret (default: generated into DATA/secrets/)
  DAGSTER_HOME                   Dagster's run history (default: DATA/dagster_home)"""

RUN_HELP = f"""Ingest every delivery under the raw directory, validate it, build the warehouse with dbt,
publish the mart atomically and print the quarter's RAG table. Progress goes to the terminal; the
full Dagster and dbt log of each run goes to DATA/logs/<run id>.log (its path is printed). One run
at a time per data directory: a second one says which run it is waiting for, then starts.

{ENVIRONMENT}

{EXIT_CODES}

example:
  scrutiny run --raw-dir raw --data-dir data --quarter 2025-26-Q2"""

DEMO_HELP = """Write the demo council's extracts as raw/<source>/<delivery>/<table>.csv (deterministic for a seed).

exit codes:
  0  written
  2  bad arguments (e.g. --months below 13)

example:
  scrutiny demo-data --out raw --seed 2025 --months 36"""


def parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(
        prog="scrutiny",
        description="A council's source-system extracts in, the quarterly scrutiny indicator mart out.",
        epilog=f"{ENVIRONMENT}\n\n{EXIT_CODES}\n\nexample:\n  scrutiny demo-data --out raw && scrutiny run",
        formatter_class=formatter,
    )
    top.add_argument("--version", action="version", version=f"scrutiny {version('scrutiny')}")
    commands = top.add_subparsers(dest="command", required=True, metavar="{run,demo-data}")
    run = commands.add_parser(
        "run",
        help="ingest, validate, model and publish the latest complete quarter",
        description=RUN_HELP,
        formatter_class=formatter,
    )
    run.add_argument("--raw-dir", help="where the extracts are (default raw/, or SCRUTINY_RAW_DIR)")
    run.add_argument("--data-dir", help="where outputs go (default data/, or SCRUTINY_DATA_DIR)")
    run.add_argument("--quarter", help="the quarter to report, like 2025-26-Q2 (default: the latest complete one)")
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild everything (default: only what new, changed or withdrawn deliveries touch)",
    )
    demo = commands.add_parser(
        "demo-data", help="write the demo council's extracts", description=DEMO_HELP, formatter_class=formatter
    )
    demo.add_argument("--out", required=True, help="folder to write <source>/<delivery>/ into")
    demo.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    demo.add_argument("--months", type=int, default=36, help="months of history, at least 13 (default 36)")
    demo.add_argument(
        "--scale", type=int, default=1, help="write the council K times bigger: every record K times, fresh ids"
    )
    return top


def _terminal_stream():
    """A stream to the terminal that stays there while the job's own output goes to the log file."""
    try:
        return os.fdopen(os.dup(sys.stderr.fileno()), "w", buffering=1)
    except (AttributeError, OSError, ValueError):
        return sys.stderr


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handler = logging.StreamHandler(_terminal_stream())
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        if args.command == "demo-data":
            return demo_data(Path(args.out), args.seed, args.months, args.scale)
        return run_pipeline(args.raw_dir, args.data_dir, args.quarter, args.full_refresh)
    except KeyboardInterrupt:
        refuse("interrupted")
        return 130


def refuse(message: str) -> None:
    """The one line an operator reads."""
    print(f"scrutiny: {message}", file=sys.stderr, flush=True)


def demo_data(out: Path, seed: int, months: int, scale: int = 1) -> int:
    from orchestration.demo import write_demo

    if months < 13:
        refuse("--months must be at least 13 (a year of history for direction of travel)")
        return 2
    if scale < 1:
        refuse("--scale must be a whole number of at least 1")
        return 2
    started = time.perf_counter()
    written = write_demo(out, seed=seed, months=months, scale=scale)
    for source, tables in written.items():
        log.info("%s: %s", source, ", ".join(f"{t} {n:,} rows" for t, n in tables.items()))
    log.info("demo council written to %s in %.1f s", out, time.perf_counter() - started)
    return 0


EVENT_LOG_DIR = "DAGSTER_HOME/history/runs"  # the placeholder in orchestration/dagster.yaml


def ensure_dagster_home(home: Path) -> None:
    """The instance settings (one warehouse writer at a time, the event log's open connections,
    no telemetry) on first use; an existing `dagster.yaml` is the operator's and is kept, except
    that the event log directory this wrote follows the home when the home has been moved."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    event_log_dir = str(home.resolve() / "history" / "runs")
    if not config.exists():
        config.write_text(Path(__file__).with_name("dagster.yaml").read_text().replace(EVENT_LOG_DIR, event_log_dir))
        return
    text = config.read_text()
    followed = re.sub(
        r"(class: PooledSqliteEventLogStorage\n\s+config:\n\s+base_dir: ).*", rf"\g<1>{event_log_dir}", text
    )
    if followed != text:
        config.write_text(followed)


def preflight(settings: Settings, quarter: str | None) -> str | None:
    """The first reason to refuse the run before any work, if there is one."""
    from orchestration.lib.periods import parse_quarter
    from orchestration.lib.preflight import la_code_refusal, quarter_refusal, raw_dir_refusal

    if quarter:
        try:
            parse_quarter(quarter)
        except ValueError as exc:  # a malformed argument first: it is what the operator just typed
            return str(exc)
    seed = DBT_PROJECT_DIR / "seeds" / "reference" / "district_upper_tier.csv"
    return (
        raw_dir_refusal(settings.raw_dir)
        or la_code_refusal(settings.la_code, seed)
        or (quarter_refusal(quarter, settings.raw_dir, settings.history_months) if quarter else None)
    )


def run_pipeline(raw_dir: str | None, data_dir: str | None, quarter: str | None, full_refresh: bool = False) -> int:
    if raw_dir:
        os.environ["SCRUTINY_RAW_DIR"] = raw_dir
    if data_dir:
        os.environ["SCRUTINY_DATA_DIR"] = data_dir
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        refuse(f"bad configuration: {exc}")
        return 2
    refusal = preflight(settings, quarter)
    if refusal:
        refuse(refusal)
        return 2
    from orchestration.lib.periods import label_from_slug
    from orchestration.lib.run_lock import RUN_PID_ENV, RunLock
    from orchestration.runner import fault_point

    fault_point("startup")
    run_id = str(uuid.uuid4())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.export()
    os.environ[RUN_PID_ENV] = str(os.getpid())  # inherited by dbt and the validator: see stop_leftovers
    os.environ.setdefault("DAGSTER_HOME", str(settings.data_dir / "dagster_home"))
    home = Path(os.environ["DAGSTER_HOME"]).resolve()
    locks = [RunLock(settings.data_dir, run_id)]
    if home != settings.data_dir / "dagster_home":
        locks.append(RunLock(home, run_id))  # a Dagster instance shared by several data directories
    try:
        for lock in locks:
            lock.acquire(
                on_wait=lambda holder, lock=lock: log.info(
                    "waiting for %s, which holds %s; this run starts when it ends",
                    holder.describe() if holder else "another scrutiny run",
                    lock.path,
                ),
                on_stale=lambda holder, stopped: log.info(
                    "the previous %s died before it finished; recovering%s",
                    holder.describe(),
                    f" (stopped the processes it left running: pid {', '.join(map(str, stopped))})" if stopped else "",
                ),
            )
        return _locked_run(settings, run_id, home, label_from_slug(quarter) if quarter else None, quarter, full_refresh)
    finally:
        for lock in reversed(locks):
            lock.release()


def _locked_run(
    settings: Settings, run_id: str, home: Path, wanted: str | None, quarter: str | None, full_refresh: bool = False
) -> int:
    from orchestration.runner import fault_point, recover_dead_runs, remove_leftovers, report, run_everything

    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.logs_dir / f"{run_id}.log"
    file_handler = logging.FileHandler(log_path)
    file_handler.setFormatter(logging.Formatter("%(asctime)s scrutiny %(levelname)s %(message)s"))
    log.addHandler(file_handler)
    log.info("run %s started; full log: %s", run_id, log_path)
    started = time.perf_counter()
    try:
        fault_point("locked")
        ensure_dagster_home(home)
        import dagster as dg

        recovered = recover_dead_runs(dg.DagsterInstance.get())
        for dead in recovered:
            log.info("marked the dead run %s failed and freed its warehouse slot", dead)
        remove_leftovers(settings, recovered)
        fault_point("instance")
        outcome, progress = run_everything(run_id, log_path, quarter_tag=quarter, full_refresh=full_refresh)
        fault_point("report")
        printed = report(settings, wanted)
        status = "succeeded" if outcome.success and printed else "failed"
        log.info("run %s %s in %.1f s: %s", run_id, status, time.perf_counter() - started, progress.summary())
        log.info("full log: %s", log_path)
    except Exception as exc:  # the terminal gets one line; the traceback goes to the log file
        with log_path.open("a") as handle:
            traceback.print_exc(file=handle)
        refuse(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} (details: {log_path})")
        return 1
    finally:
        log.removeHandler(file_handler)
        file_handler.close()
    if outcome.failure:
        refuse(outcome.failure)
        return 1
    return 0 if printed else 1


if __name__ == "__main__":
    sys.exit(main())
