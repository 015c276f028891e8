"""Where the time of `scrutiny run` goes, on the demo council and on it K times bigger.

    .venv/bin/python scripts/benchmark.py [--raw-dir raw] [--work /tmp/scrutiny-bench] [--scales 1,10] [--k30]

A measurement, not a test: it prints figures and asserts nothing about them. From one run:
  - the postcode cache built once (a one-off per install), shared by every run below
  - for each K: the demo council K times bigger (`orchestration.demo.scale`, as
    `scrutiny demo-data --scale K` writes it), then `scrutiny run` in a fresh data directory:
    wall and CPU seconds, peak resident memory, and each Dagster step's time from the run's
    event log (ingest per source with rows per second, reference data, dbt, publish; what is
    left is start-up, definitions and run planning)
  - the floors on the same files and warehouse: DuckDB `read_csv` of every source file (all
    columns as text), and a bare `dbt build` (no Dagster) with its nodes' own times
  - at K = 1, in the same data directory: a second run (nothing new), with dbt's own line on
    whether it could partially parse; a `--full-refresh` (every delivery unchanged); a run after
    one new registration month; and a run after a changed SSDA903 delivery. For each, what the
    DQ work took: its own steps (the DfE validator, family checks, publish history, DQ report)
    and its share of the dbt step (the DQ nodes' share of all nodes' own times)
  - definitions load (best of 3) and the keyed hash at 1 M values (the scalar UDF of before
    and the batch UDF of now)
  - the issue's "done when" ratios, and whether the K-times mart has the same percentages and
    K times the counts
Ratios within one run are what to compare; absolute times vary with the machine and its load
(so CPU seconds are printed beside wall seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DBT = str(Path(sys.executable).with_name("dbt"))
GIB = 1024**3


def _kind(pid: int) -> str:
    """What a process of a run is, for where the memory goes."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    if "dfe903_runner" in command:
        return "DfE validator"
    if "/dbt " in command or command.rstrip().endswith("/dbt"):
        return "dbt"
    return "scrutiny (Dagster, ingest, reports)" if "orchestration" in command else "other"


def _tree_rss(root: int) -> dict[str, int]:
    """Resident bytes now of a process and all its descendants (from /proc), by kind."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        tree.update(children)
        frontier = children
    by_kind: dict[str, int] = {}
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        kind = _kind(pid)
        by_kind[kind] = by_kind.get(kind, 0) + (int(found.group(1)) * 1024 if found else 0)
    return by_kind


def measured(args: list[str], env: dict) -> dict:
    """Wall and CPU seconds and peak resident memory of one command: the largest sum of the
    resident memory of the command and all its descendants (dbt, the DfE validator), sampled
    every 0.2 s, with what each kind of process held at that moment. (The kernel's ru_maxrss
    would not do: a child forked from this process starts with this process's own resident
    size as its high-water mark.)"""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak: dict[str, int] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            now = _tree_rss(process.pid)
            if sum(now.values()) > sum(peak.values()):
                peak = now

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{output[-4000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_bytes": sum(peak.values()),
        "peak_by_process": peak,
        "output": output,
    }


def step_seconds(dagster_home: Path, since: float = 0.0) -> dict[str, float]:
    """Each step's seconds (start to success or failure) of the runs recorded in `dagster_home`
    that were created at or after `since` (a `time.time()`)."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    steps: dict[str, float] = {}
    for record in instance.get_run_records():
        if record.create_timestamp.timestamp() < since:
            continue
        starts: dict[str, float] = {}
        for entry in instance.all_logs(record.dagster_run.run_id):
            event = entry.dagster_event
            if event is None or not entry.step_key:
                continue
            if event.event_type == dg.DagsterEventType.STEP_START:
                starts[entry.step_key] = entry.timestamp
            elif event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
                steps[entry.step_key] = steps.get(entry.step_key, 0.0) + entry.timestamp - starts[entry.step_key]
    instance.dispose()
    return steps


def rows_by_source(warehouse: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select source, sum(rows_read) from meta.file_register where status = 'loaded' group by source"
        ).fetchall()
    return {source: int(n) for source, n in rows}


def read_csv_floor(raw: Path) -> dict:
    """DuckDB reading every source CSV as text into a table: the engine's own rate on the files."""
    import duckdb

    from schemas import SOURCES

    files = [p for p in sorted(raw.rglob("*.csv")) if p.relative_to(raw).parts[0] in SOURCES]
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    dialect = "all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', null_padding = true"
    rows, started = 0, time.perf_counter()
    for i, path in enumerate(files):
        quoted = str(path).replace("'", "''")
        con.execute(f"create table t{i} as select * from read_csv('{quoted}', {dialect}, strict_mode = false)")
        rows += con.execute(f"select count(*) from t{i}").fetchone()[0]
        con.execute(f"drop table t{i}")
    seconds = time.perf_counter() - started
    con.close()
    return {"files": len(files), "rows": rows, "seconds": seconds, "rows_per_second": rows / seconds}


def bare_dbt_build(data_dir: Path, env: dict, work: Path) -> dict:
    """`dbt build` alone on the run's warehouse: dbt start-up, parse and nodes, no Dagster."""
    from orchestration.settings import DBT_PROJECT_DIR, Settings

    target = work / f"dbt-floor-{data_dir.name}"
    args = ["build", "--exclude-resource-type", "unit_test", "--project-dir", str(DBT_PROJECT_DIR)]
    args += ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)]
    args += ["--log-level-file", "none"]  # as the run's build (which writes no run_results.json either)
    dbt_env = {**env, **Settings(raw_dir=data_dir, data_dir=data_dir).dbt_env()}
    build = measured([DBT, *args], dbt_env)
    results = json.loads((target / "run_results.json").read_text())["results"]
    parse = measured([DBT, "parse", *args[3:]], dbt_env)  # start-up + partial parse: paid by every dbt call
    shutil.rmtree(target, ignore_errors=True)
    return {
        "wall": build["wall"],
        "cpu": build["cpu"],
        "nodes": len(results),
        "node_seconds": sum(r["execution_time"] for r in results),
        "start_up_and_partial_parse": parse["wall"],
    }


def partial_parse_line(output: str, dagster_home: Path, after: float) -> str:
    """dbt's own words on partial parsing in a run: dagster-dbt echoes dbt's events to the run's
    output and to Dagster's compute logs (those written after `after`)."""
    texts = [output] + [
        p.read_text(errors="replace") for p in dagster_home.rglob("compute_logs/*") if p.stat().st_mtime >= after
    ]
    lines = [
        line.strip()
        for text in texts
        for line in text.splitlines()
        if re.search("partial pars", line, re.I) and "to take advantage of partial parsing" not in line  # dagster-dbt's
    ]
    return lines[-1][-160:] if lines else "(dbt said nothing about partial parsing: it parsed partially)"


def safely(measure, *args):
    """A figure, or what stopped it (the other figures still get measured)."""
    try:
        return measure(*args)
    except Exception as exc:  # a benchmark reports what failed and goes on
        print(f"  {measure.__name__} failed: {exc!r}", flush=True)
        return {"error": repr(exc)}


def definitions_load(env: dict) -> float:
    probe = "import time; t = time.perf_counter(); import orchestration.definitions; print(time.perf_counter() - t)"
    runs = [
        subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
        for _ in "123"
    ]
    return min(float(r.stdout.strip().splitlines()[-1]) for r in runs)


def hash_rates(values: int = 1_000_000) -> dict[str, float]:
    """Values per second through DuckDB of the scalar keyed-hash UDF (as before the batch version)
    and of the batch UDF the dbt plugin registers, on `values` distinct identifiers."""
    import duckdb
    import pyarrow as pa

    from orchestration.lib.pseudonymise import keyed_hasher, pseudonym, pseudonymise_batch

    key = os.urandom(32)
    hasher = keyed_hasher(key)
    functions = {
        "scalar": lambda v: pa.array([pseudonym(key, x) for x in v.to_pylist()], type=pa.string()),
        "batch": lambda v: pseudonymise_batch(hasher, v),
    }
    con = duckdb.connect()
    con.execute(f"create table ids as select 'P' || (i * 7919 % 1000003)::varchar as id from range({values}) r(i)")
    rates = {}
    for name, function in functions.items():
        con.create_function(
            name, function, ["VARCHAR"], "VARCHAR", type="arrow", null_handling="special", side_effects=False
        )
        started = time.perf_counter()
        con.execute(f"select count({name}(id)) from ids").fetchall()
        rates[name] = values / (time.perf_counter() - started)
    return rates


def same_percentages_k_times_counts(small: Path, big: Path, scale: int) -> str:
    import duckdb

    sql = (
        "select indicator_id, period_type, period_label, unit, numerator, denominator, value "
        "from indicator_values join indicators using (indicator_id) order by all"
    )
    with duckdb.connect(str(small), read_only=True) as a, duckdb.connect(str(big), read_only=True) as b:
        one, many = a.execute(sql).fetchall(), b.execute(sql).fetchall()
    if [r[:4] for r in one] != [r[:4] for r in many]:
        return "no: different indicator periods"
    wrong = 0
    for (*_, unit, num, den, value), (*_, num_k, den_k, value_k) in zip(one, many, strict=True):
        times = [None if x is None else x * scale for x in (num, den)]
        expected = None if value is None else (value * scale if unit == "count" else value)
        close = value_k == expected or (
            value_k is not None and expected is not None and abs(value_k - expected) <= 1e-9 * max(1, abs(expected))
        )
        wrong += [num_k, den_k] != times or not close
    return f"{len(one) - wrong} of {len(one)} indicator values as expected"


DQ_STEPS = ("dfe903_validation", "data_quality_families", "data_quality__published_history", "reports__dq_report")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NODE_LINE = re.compile(r"(?:OK created sql \w+ model \w+\.|PASS |WARN |FAIL |ERROR )(\w+) \.* \[\w+ in ([\d.]+)s\]")


def dq_nodes() -> set[str]:
    """Names of the dbt nodes that are DQ work: the data_quality models and the tests on them."""
    from orchestration.settings import DBT_PROJECT_DIR

    nodes = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())["nodes"]
    models = {uid for uid, n in nodes.items() if n["resource_type"] == "model" and "data_quality" in n["fqn"]}
    tests = {
        n["name"] for n in nodes.values() if n["resource_type"] == "test" and set(n["depends_on"]["nodes"]) & models
    }
    return {nodes[uid]["name"] for uid in models} | tests


def dq_seconds(data_dir: Path, since: float, steps: dict[str, float]) -> dict:
    """What the DQ work took in the runs since `since`: its own Dagster steps (the DfE validator,
    the family checks, the publish history, the DQ report) plus its share of the dbt step, the
    dbt step's wall time split by the DQ nodes' share of all nodes' own times (dbt runs 2 threads)."""
    text = "".join(
        ANSI.sub("", p.read_text(errors="replace"))
        for p in (data_dir / "logs").glob("*.log")
        if p.stat().st_mtime >= since
    )
    wanted = dq_nodes()
    node_times = [(name, float(seconds)) for name, seconds in NODE_LINE.findall(text)]
    every = sum(seconds for _, seconds in node_times)
    dq = sum(seconds for name, seconds in node_times if name in wanted)
    dbt_step = steps.get("warehouse_models", 0.0)
    own = {step: steps.get(step, 0.0) for step in DQ_STEPS}
    share = dbt_step * dq / every if every else 0.0
    return {"steps": own, "dbt_nodes": dq, "all_nodes": every, "dbt_share": share, "total": sum(own.values()) + share}


def timed_run(command: list[str], env: dict, data_dir: Path, extra: tuple[str, ...] = ()) -> dict:
    """One `scrutiny run` with its wall/CPU/memory, step times and DQ seconds."""
    started = time.time()
    figures = measured([*command, *extra], env)
    figures["steps"] = safely(step_seconds, Path(env["DAGSTER_HOME"]), started)
    if "error" not in figures["steps"]:
        figures["dq"] = safely(dq_seconds, data_dir, started, figures["steps"])
    logs = [p.read_text(errors="replace") for p in (data_dir / "logs").glob("*.log") if p.stat().st_mtime >= started]
    unable = [line for text in logs for line in text.splitlines() if "Unable to do partial parsing" in line]
    ran = any("Running dbt command" in text for text in logs)
    figures["parse"] = unable[-1][-120:] if unable else ("partially parsed" if ran else "dbt did not run")
    figures["output"] = figures["output"][-3000:]
    return figures


def run_at_scale(scale: int, raw: Path, work: Path, cache: Path, env: dict) -> dict:
    from orchestration.demo.scale import scale_extracts

    if scale == 1:
        scaled = work / "raw-k1"  # a copy: the later deliveries below must not touch the user's raw/
        shutil.copytree(raw, scaled)
    else:
        scaled = work / f"raw-k{scale}"
        started = time.perf_counter()
        scale_extracts(raw, scaled, scale)
        print(f"  K = {scale}: extracts written in {time.perf_counter() - started:.1f} s", flush=True)
    data = work / f"data-k{scale}"
    shutil.copytree(cache, data / "reference")
    home = data / "dagster_home"
    run_env = {**env, "DAGSTER_HOME": str(home)}
    command = [sys.executable, "-m", "orchestration.cli", "run", "--raw-dir", str(scaled), "--data-dir", str(data)]
    started = time.time()
    figures = {"scale": scale, "run": measured(command, run_env)}
    figures["first_run_parse"] = partial_parse_line(figures["run"]["output"], home, started)
    figures["steps"] = safely(step_seconds, home, started)
    if "error" not in figures["steps"]:
        figures["dq"] = safely(dq_seconds, data, started, figures["steps"])
    figures["rows"] = safely(rows_by_source, data / "warehouse.duckdb")
    # the first run's mart, for the K-times comparison (later runs below deliver more at K = 1)
    figures["mart"] = str(work / f"mart-k{scale}.duckdb")
    shutil.copy2(data / "published" / "mart.duckdb", figures["mart"])
    figures["read_csv"] = safely(read_csv_floor, scaled)
    figures["dbt_floor"] = safely(bare_dbt_build, data, env, work)
    if scale == 1:
        # dbt says it partially parsed only at debug level, so the second run logs at debug
        started = time.time()
        figures["warm"] = safely(measured, command, {**run_env, "DBT_LOG_LEVEL": "debug"})
        figures["warm_run_parse"] = partial_parse_line(figures["warm"].get("output", ""), home, started)
        from orchestration.demo.next_delivery import next_registration_month, next_snapshot

        # a full refresh with every delivery unchanged: the DfE validator is skipped (903 did not change)
        figures["full_refresh"] = safely(timed_run, command, run_env, data, ("--full-refresh",))
        last = max(p.name for p in (scaled / "registration").iterdir() if p.is_dir())
        following = f"{int(last[:4]) + (last[5:] == '12')}-{int(last[5:]) % 12 + 1:02d}"
        next_registration_month(scaled, last, following)
        figures["new_month"] = safely(timed_run, command, run_env, data)
        newest = max(p.name for p in (scaled / "ssda903").iterdir() if p.is_dir())
        next_snapshot(scaled, "ssda903", f"{newest[:8]}{int(newest[8:]) + 7:02d}", "episodes")
        figures["changed_903"] = safely(timed_run, command, run_env, data)
    for run in ("run", "warm"):
        if run in figures and "output" in figures[run]:
            figures[run]["output"] = figures[run]["output"][-3000:]
    print(f"  K = {scale}: run {figures['run']['wall']:.1f} s", flush=True)
    return figures


def print_scale(f: dict) -> None:
    run = f["run"]
    steps = {} if "error" in f["steps"] else f["steps"]
    rows = {} if "error" in f["rows"] else f["rows"]
    ingest_seconds = sum(v for k, v in steps.items() if k.startswith("raw__") and k != "raw__delivery_inventory")
    total_rows = sum(rows.values())
    print(f"\nK = {f['scale']}: {total_rows:,} source rows")
    print(f"  {'scrutiny run, fresh data directory':<46} {run['wall']:>8.1f} s wall {run['cpu']:>8.1f} s CPU")
    print(f"  {'peak resident memory':<46} {run['peak_bytes'] / GIB:>8.2f} GiB")
    for kind, held in sorted(run.get("peak_by_process", {}).items(), key=lambda k: -k[1]):
        print(f"    of which {kind:<37} {held / GIB:>8.2f} GiB")
    for step, seconds in sorted(steps.items(), key=lambda s: -s[1]):
        source = step.removeprefix("raw__")
        rate = f"{rows[source] / seconds:>10,.0f} rows/s" if source in rows and seconds else ""
        print(f"    step {step:<41} {seconds:>8.2f} s {rate}")
    print(f"    {'outside steps (start-up, definitions, plan)':<46} {run['wall'] - sum(steps.values()):>8.2f} s")
    rate = total_rows / ingest_seconds if ingest_seconds else 0
    print(f"  {'ingest + validation':<46} {ingest_seconds:>8.2f} s {rate:>10,.0f} rows/s")
    floor = f["read_csv"]
    if "error" not in floor:
        print(
            f"  {'floor: DuckDB read_csv, same files':<46} {floor['seconds']:>8.2f} s {floor['rows_per_second']:>10,.0f}"
            f" rows/s ({floor['files']} files, {floor['rows']:,} rows); ingest at "
            f"{rate / floor['rows_per_second']:.2f}x"
        )
    dbt = f["dbt_floor"]
    if "error" not in dbt:
        print(
            f"  {'floor: bare dbt build, same warehouse':<46} {dbt['wall']:>8.2f} s ({dbt['nodes']} nodes; their own "
            f"times add up to {dbt['node_seconds']:.1f} s over 2 threads; start-up + partial parse "
            f"{dbt['start_up_and_partial_parse']:.1f} s)"
        )
    print(f"  dbt, this run:   {f['first_run_parse']}")
    if "warm" in f and "error" not in f["warm"]:
        print(
            f"  {'second run, same data directory (nothing new)':<46} {f['warm']['wall']:>8.1f} s wall (dbt at debug)"
        )
        print(f"  dbt, second run: {f['warm_run_parse']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", default=str(REPO / "raw"), help="the demo council's extracts (make demo)")
    parser.add_argument("--work", default="/tmp/scrutiny-bench")
    parser.add_argument("--scales", default="1,10", help="comma-separated K values (1 first)")
    parser.add_argument("--k30", action="store_true", help="also K = 30 (the issue's 90 s and 2 GiB targets)")
    parser.add_argument("--report", help="print the figures of an earlier run's JSON instead of measuring")
    args = parser.parse_args()
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        report(saved["figures"], {int(k): v for k, v in saved["by_scale"].items()})
        return
    raw, work = Path(args.raw_dir).resolve(), Path(args.work)
    scales = [int(k) for k in args.scales.split(",")] + ([30] if args.k30 else [])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}

    from orchestration.lib.reference import postcode_cache

    started = time.perf_counter()
    postcode_cache(work / "cache")
    cache_seconds = time.perf_counter() - started
    print(f"postcode cache built in {cache_seconds:.1f} s (once per install; every run below starts with it)")
    out = work.with_suffix(".json")
    figures: dict = {"postcode cache (one-off)": cache_seconds}
    by_scale: dict = {}
    for k in scales:  # the figures are saved after each step, so a long run that stops keeps them
        by_scale[k] = run_at_scale(k, raw, work, work / "cache", env)
        out.write_text(json.dumps({"figures": figures, "by_scale": by_scale}, indent=2, default=str))
    figures["keyed hash, values/s"] = safely(hash_rates)
    figures["definitions load (best of 3)"] = safely(definitions_load, env)
    out.write_text(json.dumps({"figures": figures, "by_scale": by_scale}, indent=2, default=str))
    report(figures, by_scale)
    print(f"\nfigures written to {out}")


def report(figures: dict, by_scale: dict) -> None:
    print(f"\n{'definitions load, best of 3':<48} {figures['definitions load (best of 3)']} s")
    rates = figures["keyed hash, values/s"]
    if "error" not in rates:
        print(
            f"{'keyed hash at 1 M values (scalar -> batch UDF)':<48} {rates['scalar'] / 1e6:>8.2f} -> "
            f"{rates['batch'] / 1e6:.2f} M values/s ({rates['batch'] / rates['scalar']:.1f}x)"
        )
    for f in by_scale.values():
        print_scale(f)

    one = by_scale.get(1)
    if one and "changed_903" in one:
        print("\nWhat the DQ work adds to a run (issue 7), K = 1, from this run:")
        cases = (
            ("run", "cold, first run (903 new: validator runs)"),
            ("full_refresh", "full refresh, 903 unchanged (validator skipped)"),
            ("new_month", "one new registration month, 903 unchanged"),
            ("changed_903", "a changed 903 delivery only"),
        )
        for key, label in cases:
            run, dq = one[key], (one if key == "run" else one[key]).get("dq", {})
            if "error" in run or not dq or "error" in dq:
                print(f"  {label}: not measured ({run.get('error') or dq.get('error')})")
                continue
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in dq["steps"].items() if v)
            if key != "run":
                print(f"  {label}: dbt {run.get('parse')}")
            print(
                f"  {label:<50} run {run['wall']:>6.1f} s; DQ {dq['total']:>5.1f} s ({100 * dq['total'] / run['wall']:.0f}%):"
                f" {steps}; DQ dbt nodes {dq['dbt_nodes']:.1f} of {dq['all_nodes']:.1f} node-s -> {dq['dbt_share']:.1f} s"
            )

    print("\nDone when (issue 9), ratios from this run:")
    if one:
        print(f"  demo council cold (fresh data directory) {one['run']['wall']:.1f} s (target <= 25 s)")
        if not any("error" in one[part] for part in ("steps", "rows", "read_csv")):
            steps = one["steps"].items()
            ingest = sum(v for k, v in steps if k.startswith("raw__") and k != "raw__delivery_inventory")
            rate = sum(one["rows"].values()) / ingest
            print(
                f"  ingest at {rate / one['read_csv']['rows_per_second']:.2f}x DuckDB read_csv's rate (target >= 0.5x)"
            )
        full = one.get("full_refresh", {})
        for key, label, target in (("warm", "nothing new", 10), ("new_month", "one new registration month", 40)):
            if "wall" in one.get(key, {}) and "wall" in full:
                print(
                    f"  {label}: {one[key]['wall']:.1f} s = {100 * one[key]['wall'] / full['wall']:.0f}% of a full refresh "
                    f"({full['wall']:.1f} s; target <= {target}%), {100 * one[key]['wall'] / one['run']['wall']:.0f}% of the cold run"
                )
    for k, f in by_scale.items():
        if one and k != 1:
            print(
                f"  K = {k}: end to end {f['run']['wall'] / one['run']['wall']:.2f}x K = 1 (target <= 2.5x at K = 10; "
                f"CPU seconds {f['run']['cpu'] / one['run']['cpu']:.2f}x); "
                f"peak memory {f['run']['peak_bytes'] / one['run']['peak_bytes']:.2f}x K = 1 (target <= 1.5x at "
                f"K = 10), {f['run']['peak_bytes'] / GIB:.2f} GiB; the mart: "
                f"{same_percentages_k_times_counts(Path(one['mart']), Path(f['mart']), k)}"
            )
        if k == 30:
            print(f"  K = 30: {f['run']['wall']:.1f} s (target <= 90 s), {f['run']['peak_bytes'] / GIB:.2f} GiB (<= 2)")


if __name__ == "__main__":
    main()
