"""dbt, run inside the test process with the project parsed once per process.

A `dbt build` in a fresh subprocess spends ~15 s before its first node (dbt's imports, a full
parse of ~400 files because every test has its own target and warehouse path, pyarrow for the
keyed hash); the nodes of a small hand-built extract take ~10 s more. The project's files do
not change during a test session, so each pytest worker parses it once and hands the manifest
to every later invocation (dbt's documented `dbtRunner(manifest=...)`). The warehouse path,
LA code and history months are read per invocation from the environment given, as they are
in a real run; only the parse is shared.
"""

from __future__ import annotations

import copy
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

_manifest = None


@dataclass
class DbtResult:
    success: bool
    output: str


@contextmanager
def _environment(env: dict[str, str]):
    """dbt reads its profile, vars and flags from os.environ: set them for one invocation only."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _release_warehouse() -> None:
    """dbt-duckdb keeps its DuckDB connection open in a class attribute after a run; close it so
    the test can open the warehouse read-only (and the next build can open another one)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def invoke(args: list[str], env: dict[str, str], work_dir: Path, file_log: bool = False) -> DbtResult:
    """`dbt <args>` on the project, with targets under `work_dir`; the output is the text dbt
    would have printed. dbt's debug log file (`work_dir/dbt_logs`, ~15% of a small build's
    time) is written only when `file_log` asks for it, as a real run writes none."""
    global _manifest
    from dbt.cli.main import dbtRunner

    lines: list[str] = []

    def collect(event) -> None:
        if event.info.level in ("info", "warn", "error") and event.info.msg:
            lines.append(str(event.info.msg))

    common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    common += ["--target-path", str(work_dir / "dbt_target"), "--log-path", str(work_dir / "dbt_logs")]
    common += ["--quiet", "--no-use-colors", "--no-write-json", "--log-level-file", "debug" if file_log else "none"]
    with _environment(env):
        try:
            if _manifest is None:
                parsed = dbtRunner().invoke(["parse", *common])
                if not parsed.success:
                    return DbtResult(False, f"dbt parse failed: {parsed.exception}")
                _manifest = parsed.result
            # an inline query joins the manifest it runs with: give it a copy, so the next has none to clash with
            manifest = copy.deepcopy(_manifest) if "--inline" in args else _manifest
            result = dbtRunner(manifest=manifest, callbacks=[collect]).invoke([*args, *common])
        finally:
            _release_warehouse()
    if result.exception is not None:
        lines.append(f"dbt raised: {result.exception}")
    return DbtResult(bool(result.success), "\n".join(lines))
