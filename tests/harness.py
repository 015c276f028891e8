"""Build a warehouse from small hand-written extracts, the way the pipeline does.

Tests write CSV (or other encodings) under a raw directory, then `build()` runs the same
library code the Dagster assets call (ingest, reference data) and the real dbt project,
and returns a read-only connection to the warehouse (`marts.indicator_values` etc.).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.reference import load_reference_data
from orchestration.lib.warehouse import connect
from orchestration.settings import Settings
from schemas import SOURCES
from tests.dbt_invocation import invoke

TEST_KEY = "scrutiny-test-key"


@dataclass
class Build:
    settings: Settings
    outcomes: dict = field(default_factory=dict)
    dbt_output: str = ""

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.settings.warehouse_path), read_only=True)

    def values(self, indicator_id: str, period_type: str = "month") -> dict[str, tuple]:
        """{period_label: (numerator, denominator, value, rag, dot, dot_year)}"""
        with self.connect() as con:
            rows = con.execute(
                "select period_label, numerator, denominator, value, rag, dot, dot_year "
                "from marts.indicator_values where indicator_id = ? and period_type = ? order by period_start",
                [indicator_id, period_type],
            ).fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def query(self, sql: str, params=None) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()


def dbt_selection(delivered: dict) -> list[str]:
    """What a test's dbt build needs: every model and seed (a model of an undelivered source
    builds on empty raw tables, and the published mart reads them all), but only the data tests
    that can say something about the test's own extracts: on the catalogue and reference data
    (always loaded), on the delivered sources' staging, intermediate and indicator models, and the
    row accounting. The data-quality and published marts' tests run in the end-to-end test and in
    every real run; tests of an undelivered source's models would check empty tables."""
    layers = ("models/staging", "models/intermediate", "models/marts/indicators")
    tested = [f"source:{name}+,resource_type:test,path:{layer}" for name in sorted(delivered) for layer in layers]
    return [
        "--select",
        "resource_type:model",
        "resource_type:seed",
        "resource_type:seed+1,resource_type:test",
        "source:reference+1,resource_type:test",
        "test_name:rows_accounted_for",
        *tested,
        "--indirect-selection",
        "empty",
        "--exclude-resource-type",
        "unit_test",
    ]


def share_postcode_cache(data_dir: Path, postcode_dir: Path) -> None:
    """Link the test session's postcode directory (parquet) into a data directory, so that a
    `scrutiny run` there does not spend ~8 s building its own."""
    reference = data_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    for cache in postcode_dir.glob("postcodes-*.parquet"):
        (reference / cache.name).symlink_to(cache)


class Extracts:
    """A raw directory being written by a test."""

    def __init__(self, root: Path):
        self.raw = root / "raw"
        self.data = root / "data"
        self.raw.mkdir(parents=True, exist_ok=True)

    def write(
        self,
        source: str,
        delivery: str,
        table: str,
        header: list[str],
        rows: list[list],
        encoding: str = "utf-8",
        suffix: str = ".csv",
    ) -> Path:
        folder = self.raw / source / delivery
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{table}{suffix}"
        with path.open("w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        return path

    def build(
        self,
        postcode_cache: Path,
        history_months: int = 36,
        la_code: str = "E06000059",
        check: bool = True,
        dbt_file_log: bool = False,
    ) -> Build:
        settings = Settings(raw_dir=self.raw, data_dir=self.data, la_code=la_code, history_months=history_months)
        build = Build(settings)
        found = discover(self.raw)
        with connect(settings.warehouse_path) as con:
            load_reference_data(con, self.raw, postcode_cache)
            for name, files in found.files.items():
                build.outcomes[name] = ingest_source(con, SOURCES[name], files, found.problems.get(name, []))
        env = {**settings.dbt_env(), "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
        result = invoke(["build", *dbt_selection(build.outcomes)], env, self.data, file_log=dbt_file_log)
        build.dbt_output = result.output
        if check and not result.success:
            raise AssertionError(f"dbt build failed:\n{build.dbt_output[-6000:]}")
        return build
