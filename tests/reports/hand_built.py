"""Hand-built inputs for the committee pack. A warehouse: the catalogue, indicator values and
commentary written directly into the schemas dbt reads, the pack's dbt models built on top
(exceptions, service_commentary, indicator_spc, indicators), then published as a mart; and
a small mart written directly (no dbt) for the browser and asset tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.publish import publish_mart
from orchestration.settings import Settings
from tests.dbt_invocation import invoke
from tests.harness import TEST_KEY

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
SMALL_MART_INDICATORS = {
    # id: (service area, unit, polarity, target)
    "B_PCT": ("Children's Services", "percent", "lower_is_better", 30.0),
    "B_COUNT": ("Adults & Housing", "count", "lower_is_better", 500.0),
    "B_SMALL": ("Adults & Housing", "count", "lower_is_better", 0.0),
    "B_RATE": ("Children's Services", "rate", "lower_is_better", 0.1),
}
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


DQ_MART_TABLES = {
    "dq_rules": "rule_code varchar, source varchar, table_name varchar, family varchar, severity varchar, "
    "description varchar, fix varchar",
    "dq_trend": "source varchar, table_name varchar, rule_code varchar, period varchar, rows_affected bigint, "
    "new bigint, resolved bigint",
    "restatements": "indicator_id varchar, period_label varchar, previous_delivery varchar, new_delivery varchar, "
    "previous_numerator bigint, previous_denominator bigint, previous_value double, numerator bigint, "
    "denominator bigint, value double, records_added bigint, records_removed bigint, records_changed bigint",
}


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
        for table, columns in DQ_MART_TABLES.items():  # published with the pack; empty here
            con.execute(f"create table marts.{table} ({columns})")
    env = {**settings.dbt_env(), "SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
    result = invoke(["build", "--select", *PACK_MODELS, "--exclude-resource-type", "unit_test"], env, root)
    assert result.success, result.output[-5000:]
    publish_mart(settings.warehouse_path, settings.mart_path)
    return settings.mart_path


def small_mart(path: Path, indicators: dict = SMALL_MART_INDICATORS) -> None:
    """Four indicators over 24 months (Oct 2023 - Sep 2025) with SPC rows, one Red exception
    with service commentary containing markup, one drafted, and one other comment."""
    values, spc = [], []
    for n, (indicator_id, (*_, target)) in enumerate(indicators.items()):
        for i in range(24):
            start = (pd.Timestamp("2023-10-01") + pd.DateOffset(months=i)).date()
            end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
            numerator = {0: 40 + i % 5, 1: 480 + 3 * i, 2: i % 3, 3: 30 + i % 4}[n]
            denominator = {0: 100, 3: 40000}.get(n)
            value = numerator if denominator is None else 100 * numerator / denominator
            row = [indicator_id, "month", f"{start:%Y-%m}", start, end, numerator, denominator, value, target,
                   "Red", "Worsening", "Same", 45.0 if n == 0 else None, None, None]  # fmt: skip
            values.append(row)
            spc.append([indicator_id, start, value, value, value * 1.2, value * 0.8, None, "common_cause", "fail"])
            if start.month in (6, 9, 12, 3):
                quarter_start = (pd.Timestamp(start) - pd.DateOffset(months=2)).date()
                year = quarter_start.year if quarter_start.month >= 4 else quarter_start.year - 1
                label = f"{year}/{str(year + 1)[-2:]} Q{(quarter_start.month - 4) % 12 // 3 + 1}"
                values.append([row[0], "quarter", label, quarter_start, *row[4:]])
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table indicators (indicator_id varchar, title varchar, service_area varchar, unit varchar, "
            "polarity varchar, target double, tolerance double, dot_threshold double, definition varchar, "
            "source varchar, target_source varchar)"
        )
        con.executemany(
            "insert into indicators values (?, ?, ?, ?, ?, ?, 1, 0, 'what is counted', 'test', 'Local default')",
            [(i, f"Title of {i}", a, u, p, t) for i, (a, u, p, t) in indicators.items()],
        )
        con.execute(
            "create table indicator_values (indicator_id varchar, period_type varchar, period_label varchar, "
            "period_start date, period_end date, numerator bigint, denominator bigint, value double, target double, "
            "rag varchar, dot varchar, dot_year varchar, benchmark_england double, "
            "benchmark_statistical_neighbours double, benchmark_good_plus double)"
        )
        con.executemany(f"insert into indicator_values values ({', '.join('?' * 15)})", values)
        con.execute(
            "create table indicator_spc (indicator_id varchar, period_start date, value double, mean double, "
            "upper_limit double, lower_limit double, special_cause varchar, variation varchar, assurance varchar)"
        )
        con.executemany(f"insert into indicator_spc values ({', '.join('?' * 9)})", spc)
        con.execute(
            "create table exceptions as select * from (values "
            "('2025/26 Q2', 1, 'Adults & Housing', 'B_COUNT', 'Title of B_COUNT', 549.0, 'Red', 'Worsening', "
            "'<script>console.error(\"injected\")</script> rose', '=HYPERLINK(\"http://example.invalid\")', 'service'), "
            "('2025/26 Q2', 1, 'Children''s Services', 'B_PCT', 'Title of B_PCT', 43.0, 'Red', 'Worsening', "
            "'43.00% at the end of September', null, 'drafted')) "
            "as t(period_label, appendix, service_area, indicator_id, title, value, rag, dot, narrative, actions, "
            "narrative_source)"
        )
        con.execute(
            "create table service_commentary as select '2025/26 Q2' as period_label, "
            "'Children''s Services' as service_area, 'B_RATE' as indicator_id, 'Title of B_RATE' as title, "
            "'<img src=x onerror=console.error(1)>' as narrative, null as actions, false as is_exception"
        )
