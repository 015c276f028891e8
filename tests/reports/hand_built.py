"""A hand-built warehouse for the committee pack: the catalogue, indicator values and
commentary written directly into the schemas dbt reads, the pack's dbt models built on top
(exceptions, service_commentary, indicator_spc, indicators), then published as a mart."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.publish import publish_mart
from orchestration.settings import DBT_PROJECT_DIR, Settings
from tests.harness import DBT, TEST_KEY

CATALOGUE_COLUMNS = [
    "indicator_id",
    "title",
    "service_area",
    "unit",
    "polarity",
    "target",
    "tolerance",
    "dot_threshold",
    "benchmark_england",
    "benchmark_statistical_neighbours",
    "benchmark_good_plus",
    "target_source",
    "benchmark_source",
    "source",
    "definition",
]
VALUE_COLUMNS = [
    "indicator_id",
    "period_type",
    "period_label",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
    "value",
    "target",
    "rag",
    "dot",
    "dot_year",
    "benchmark_england",
    "benchmark_statistical_neighbours",
    "benchmark_good_plus",
]
CATALOGUE_TYPES = ["varchar"] * 5 + ["double"] * 6 + ["varchar"] * 4
VALUE_TYPES = ["varchar", "varchar", "varchar", "date", "date", "bigint", "bigint", "double", "double"]
VALUE_TYPES += ["varchar"] * 3 + ["double"] * 3
COMMENTARY_COLUMNS = ["period_label", "indicator_id", "narrative", "actions"]
PACK_MODELS = ["indicators", "exceptions", "service_commentary", "indicator_spc"]


def indicator(indicator_id, title, service_area, unit, polarity, target, england=None) -> dict:
    return {
        "indicator_id": indicator_id,
        "title": title,
        "service_area": service_area,
        "unit": unit,
        "polarity": polarity,
        "target": target,
        "tolerance": 1.0,
        "dot_threshold": 0.0,
        "benchmark_england": england,
        "benchmark_statistical_neighbours": None,
        "benchmark_good_plus": None,
        "target_source": "Local default to review (test)",
        "benchmark_source": "test",
        "source": "test",
        "definition": f"{indicator_id} as defined for the test",
    }


def month_end(start: date) -> date:
    return (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def value_row(ind: dict, period_type: str, label: str, start: date, end: date, value, **extra) -> dict:
    row = dict.fromkeys(VALUE_COLUMNS)
    row.update(
        indicator_id=ind["indicator_id"],
        period_type=period_type,
        period_label=label,
        period_start=start,
        period_end=end,
        numerator=None if value is None else round(value),
        value=value,
        target=ind["target"],
        benchmark_england=ind["benchmark_england"],
    )
    row.update(extra)
    return row


def monthly_series(ind: dict, values: list[float], first: date = date(2023, 1, 1)) -> list[dict]:
    rows = []
    for i, value in enumerate(values):
        start = (pd.Timestamp(first) + pd.DateOffset(months=i)).date()
        rows.append(value_row(ind, "month", f"{start:%Y-%m}", start, month_end(start), value))
    return rows


def build_mart(root: Path, catalogue: list[dict], values: list[dict], commentary: list[dict]) -> Path:
    """Write the inputs, run the pack's dbt models on them, publish; returns the mart path."""
    settings = Settings(raw_dir=root / "raw", data_dir=root / "data")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        for schema in ("reference", "intermediate", "marts"):
            con.execute(f"create schema if not exists {schema}")
        tables = {
            "reference.indicator_catalogue": (catalogue, CATALOGUE_COLUMNS, CATALOGUE_TYPES),
            "marts.indicator_values": (values, VALUE_COLUMNS, VALUE_TYPES),
            "intermediate.int_commentary_by_quarter": (commentary, COMMENTARY_COLUMNS, ["varchar"] * 4),
        }
        for name, (rows, columns, types) in tables.items():
            con.execute(f"create table {name} ({', '.join(f'{c} {t}' for c, t in zip(columns, types, strict=True))})")
            if rows:
                con.executemany(
                    f"insert into {name} values ({', '.join('?' * len(columns))})",
                    [[row.get(c) for c in columns] for row in rows],
                )
        con.execute(
            "create table marts.dq_summary (source varchar, table_name varchar, delivery varchar, "
            "rule_code varchar, severity varchar, description varchar, rows_affected bigint)"
        )
        con.execute(
            "create table marts.load_log (source varchar, table_name varchar, delivery varchar, file_name varchar, "
            "sha256 varchar, rows_read bigint, rows_loaded bigint, rows_quarantined bigint, loaded_at timestamp)"
        )
    env = {
        **os.environ,
        **settings.dbt_env(),
        "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY,
        "DBT_LOG_PATH": str(root / "dbt_logs"),
    }
    result = subprocess.run(
        [DBT, "build", "--select", *PACK_MODELS, "--exclude-resource-type", "unit_test"]
        + ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
        + ["--target-path", str(root / "dbt_target")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    publish_mart(settings.warehouse_path, settings.mart_path)
    return settings.mart_path
