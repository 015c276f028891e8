"""Running `scrutiny` as an operator would, on tiny hand-built extracts (tests/harness.py `Extracts`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.harness import Extracts, share_postcode_cache
from tests.indicators.cld_ta_rows import TA_HEADER, ta

SCRUTINY = [sys.executable, "-m", "orchestration.cli"]


def housing_extracts(root: Path, postcode_dir: Path) -> Extracts:
    """Three TA placements delivered 2024-04-05 (last month 2024-03); the data directory reuses the
    test session's postcode cache so that no run spends a minute building it."""
    extracts = Extracts(root)
    extracts.write(
        "housing",
        "2024-04-05",
        "ta_placements",
        TA_HEADER,
        [
            ta("T1", "H1", "hostel", "10/01/2024", "15/02/2024"),
            ta("T2", "H1", "psl", "15/02/2024"),
            ta("T3", "H8", "nightly_paid", "2023-12-01"),
        ],
    )
    share_postcode_cache(extracts.data, postcode_dir)
    return extracts


def environment(extracts: Extracts, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DAGSTER_HOME": str(extracts.data / "dagster_home")}
    for name in ("SCRUTINY_RAW_DIR", "SCRUTINY_DATA_DIR", "SCRUTINY_LA_CODE", "SCRUTINY_HISTORY_MONTHS"):
        env.pop(name, None)
    return {**env, **extra}


def run_args(extracts: Extracts, *more: str) -> list[str]:
    return [*SCRUTINY, "run", "--raw-dir", str(extracts.raw), "--data-dir", str(extracts.data), *more]


def scrutiny_run(extracts: Extracts, *more: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(run_args(extracts, *more), capture_output=True, text=True, env=environment(extracts, **env))


def figures(mart: Path) -> list[tuple]:
    with duckdb.connect(str(mart), read_only=True) as con:
        return con.execute(
            "select indicator_id, period_type, period_label, numerator, denominator, value, rag "
            "from indicator_values order by all"
        ).fetchall()
