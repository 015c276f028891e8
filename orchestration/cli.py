"""`scrutiny run` and `scrutiny demo-data`: the command-line face of the pipeline."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from orchestration.settings import Settings

log = logging.getLogger("scrutiny")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scrutiny", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest, validate, model and publish the latest complete quarter")
    run.add_argument("--raw-dir", help="where the extracts are (default raw/, or SCRUTINY_RAW_DIR)")
    run.add_argument("--data-dir", help="where outputs go (default data/, or SCRUTINY_DATA_DIR)")
    run.add_argument("--quarter", help="the quarter to report, like 2025-26-Q2 (default: the latest complete one)")
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild everything (default: only what new, changed or withdrawn deliveries touch)",
    )
    demo = commands.add_parser("demo-data", help="write the demo council's extracts")
    demo.add_argument("--out", required=True, help="folder to write raw/<source>/<delivery>/ into")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--months", type=int, default=36)
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        if args.command == "demo-data":
            return demo_data(Path(args.out), args.seed, args.months)
        return run_pipeline(args.raw_dir, args.data_dir, args.quarter, args.full_refresh)
    except KeyboardInterrupt:
        print("scrutiny: interrupted", file=sys.stderr)
        return 130


def demo_data(out: Path, seed: int, months: int) -> int:
    from orchestration.demo import write_demo

    if months < 13:
        print("scrutiny: --months must be at least 13 (a year of history for direction of travel)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    written = write_demo(out, seed=seed, months=months)
    for source, tables in written.items():
        log.info("%s: %s", source, ", ".join(f"{t} {n:,} rows" for t, n in tables.items()))
    log.info("demo council written to %s in %.1f s", out, time.perf_counter() - started)
    return 0


def ensure_dagster_home(home: Path) -> None:
    """The instance settings (one warehouse writer at a time, no telemetry) on first use."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copy(Path(__file__).with_name("dagster.yaml"), config)


def run_pipeline(raw_dir: str | None, data_dir: str | None, quarter: str | None, full_refresh: bool = False) -> int:
    if raw_dir:
        os.environ["SCRUTINY_RAW_DIR"] = raw_dir
    if data_dir:
        os.environ["SCRUTINY_DATA_DIR"] = data_dir
    settings = Settings.from_env()
    if not settings.raw_dir.is_dir():
        print(
            f"scrutiny: the raw directory {settings.raw_dir} does not exist; deliver extracts into "
            "raw/<source>/<delivery>/ or run `scrutiny demo-data --out raw`",
            file=sys.stderr,
        )
        return 2
    from orchestration.lib.periods import label_from_slug

    try:
        wanted = label_from_slug(quarter) if quarter else None
    except ValueError as exc:
        print(f"scrutiny: {exc}", file=sys.stderr)
        return 2
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.export()
    os.environ.setdefault("DAGSTER_HOME", str(settings.data_dir / "dagster_home"))
    ensure_dagster_home(Path(os.environ["DAGSTER_HOME"]))

    from orchestration.runner import report, run_everything

    started = time.perf_counter()
    outcome = run_everything(quarter_tag=quarter, full_refresh=full_refresh)
    log.info("run finished in %.1f s", time.perf_counter() - started)
    printed = report(settings, wanted)
    if outcome.failure:
        print(f"scrutiny: {outcome.failure}", file=sys.stderr)
        return 1
    return 0 if printed else 1


if __name__ == "__main__":
    sys.exit(main())
