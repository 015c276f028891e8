"""Where the time of `scrutiny run` goes, on the demo council. A measurement, not a test.

    .venv/bin/python scripts/benchmark.py [--raw-dir raw] [--work /tmp/scrutiny-bench]

Runs, each in a fresh data directory unless said:
  1. `scrutiny run` cold (builds the postcode cache, loads every file)
  2. `scrutiny run` warm (same data directory: nothing new to load)
  3. `scrutiny run` in a fresh data directory that already has the postcode cache
  4. the same work as 3 without Dagster: library ingest + `dbt build` + publish, timed per
     stage, with dbt's own per-model execution times from run_results.json
Prints a table and writes the figures as JSON beside the work directory. Ratios within one run
are what to compare; absolute times vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def timed(args: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and the child's peak resident memory (MiB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0,):
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def without_dagster(raw: Path, data: Path, env: dict) -> dict:
    from orchestration.lib.ingest import discover, ingest_source
    from orchestration.lib.publish import publish_mart
    from orchestration.lib.reference import load_reference_data
    from orchestration.lib.warehouse import connect
    from orchestration.settings import DBT_PROJECT_DIR, Settings
    from schemas import SOURCES

    settings = Settings(raw_dir=raw, data_dir=data)
    stages, rows = {}, {}
    started = time.perf_counter()
    with connect(settings.warehouse_path) as con:
        load_reference_data(con, raw, settings.reference_dir)
        stages["reference data"] = time.perf_counter() - started
        found = discover(raw)
        for name, files in found.files.items():
            t = time.perf_counter()
            outcome = ingest_source(con, SOURCES[name], files, found.problems.get(name, []))
            stages[f"ingest {name}"] = time.perf_counter() - t
            rows[name] = outcome.totals()
    target = data / "dbt_target"
    t = time.perf_counter()
    dbt = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
    ]
    subprocess.run(dbt, env={**env, **settings.dbt_env()}, check=True, capture_output=True)
    stages["dbt build"] = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([*dbt[:1], "parse", *dbt[4:]], env={**env, **settings.dbt_env()}, check=True, capture_output=True)
    stages_fixed = time.perf_counter() - t  # start-up and (partial) parse: paid by every dbt call
    results = json.loads((target / "run_results.json").read_text())["results"]
    executing = sum(r["execution_time"] for r in results)
    t = time.perf_counter()
    publish_mart(settings.warehouse_path, settings.mart_path)
    stages["publish"] = time.perf_counter() - t
    slowest = sorted(
        ((r["unique_id"].split(".")[-1], round(r["execution_time"], 3)) for r in results), key=lambda x: -x[1]
    )[:8]
    return {
        "stages": stages,
        "dbt_nodes": len(results),
        "dbt_node_seconds": executing,
        "dbt_fixed": stages_fixed,
        "dbt_slowest": slowest,
        "rows": rows,
        "total": sum(stages.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", default=str(REPO / "raw"))
    parser.add_argument("--work", default="/tmp/scrutiny-bench")
    args = parser.parse_args()
    raw, work = Path(args.raw_dir).resolve(), Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
    Path(env["DAGSTER_HOME"]).mkdir()
    scrutiny = [sys.executable, "-m", "orchestration.cli", "run", "--raw-dir", str(raw)]
    figures = {}
    figures["scrutiny run, cold"], figures["peak MiB, cold"] = timed([*scrutiny, "--data-dir", str(work / "a")], env)
    figures["scrutiny run, warm"], figures["peak MiB, warm"] = timed([*scrutiny, "--data-dir", str(work / "a")], env)
    for name in ("b", "c"):  # fresh data directories with the postcode cache, so like for like
        shutil.copytree(work / "a" / "reference", work / name / "reference")
    figures["scrutiny run, fresh, cache built"], _ = timed([*scrutiny, "--data-dir", str(work / "c")], env)
    plain = without_dagster(raw, work / "b", env)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import orchestration.definitions"], env=env, check=True)
    figures["load Dagster definitions"] = time.perf_counter() - t
    print(f"\n{'measure':<44} {'seconds':>8}")
    for name in (
        "scrutiny run, cold",
        "scrutiny run, warm",
        "scrutiny run, fresh, cache built",
        "load Dagster definitions",
    ):
        print(f"{name:<44} {figures[name]:>8.2f}")
    print(f"{'peak memory of scrutiny run (MiB)':<44} {figures['peak MiB, cold']:>8}")
    print("\nThe same work without Dagster:")
    for stage, seconds in plain["stages"].items():
        print(f"  {stage:<42} {seconds:>8.2f}")
    print(f"  {'total':<42} {plain['total']:>8.2f}")
    print(
        f"\ndbt: {plain['dbt_nodes']} nodes in {plain['stages']['dbt build']:.2f} s wall; the nodes' own times add "
        f"up to {plain['dbt_node_seconds']:.2f} s over 2 threads; start-up and partial parse alone "
        f"(`dbt parse`) take {plain['dbt_fixed']:.2f} s of every dbt call"
    )
    overhead = figures["scrutiny run, fresh, cache built"] - plain["total"]
    print(
        f"Dagster overhead (fresh run with cache - the same work without Dagster): {overhead:.2f} s "
        f"({overhead / figures['scrutiny run, fresh, cache built']:.0%} of the run)"
    )
    print("slowest dbt nodes:", ", ".join(f"{n} {s}s" for n, s in plain["dbt_slowest"]))
    print("\nrows per source (read / loaded / quarantined):")
    for name, totals in plain["rows"].items():
        print(f"  {name:<14} {totals['rows_read']:>9,} {totals['rows_loaded']:>9,} {totals['rows_quarantined']:>7,}")
    out = work.with_suffix(".json")
    out.write_text(json.dumps({"figures": figures, "without_dagster": plain}, indent=2, default=str))
    print(f"\nfigures written to {out}")


if __name__ == "__main__":
    main()
