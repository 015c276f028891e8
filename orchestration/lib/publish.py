"""Publish the mart: a new DuckDB file of aggregates, swapped in atomically.

Readers open `published/mart.duckdb` read-only. We never write to that file: we build a new
one beside it, checkpoint and close it, then `os.replace` it over the old name. A reader that
had the old file open keeps its snapshot; the next reader sees the whole new mart.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

PUBLISHED_TABLES = (
    "indicators",
    "indicator_values",
    "indicator_spc",
    "exceptions",
    "service_commentary",
    "dq_summary",
    "load_log",
    "dq_rules",
    "dq_trend",
    "restatements",
)
ORDER_BY = {
    "indicators": "indicator_id",
    "indicator_values": "indicator_id, period_type, period_start",
    "indicator_spc": "indicator_id, period_start",
    "exceptions": "period_label, appendix, service_area, indicator_id",
    "service_commentary": "period_label, service_area, indicator_id",
    "dq_summary": "source, table_name, delivery, rule_code",
    "load_log": "source, table_name, delivery, file_name",
    "dq_rules": "source, table_name, family, rule_code",
    "dq_trend": "source, table_name, rule_code, period",
    "restatements": "indicator_id, period_label",
}


def publish_mart(warehouse: Path, mart: Path, schema: str = "marts") -> dict[str, int]:
    import duckdb

    mart.parent.mkdir(parents=True, exist_ok=True)
    staging = mart.with_name(f".{mart.name}.{os.getpid()}.new")
    staging.unlink(missing_ok=True)
    counts = {}
    con = duckdb.connect(str(staging))
    try:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        for table in PUBLISHED_TABLES:
            con.execute(
                f"create table main.{table} as select * from warehouse.{schema}.{table} order by {ORDER_BY[table]}"
            )
            counts[table] = con.execute(f"select count(*) from main.{table}").fetchone()[0]
        _copy_descriptions(con, schema)
        con.execute("detach warehouse")
        con.execute("checkpoint")
    finally:
        con.close()
    if not counts["indicator_values"]:  # contract section 4: nothing to publish keeps the last mart
        staging.unlink(missing_ok=True)
        raise ValueError(f"nothing to publish: the warehouse has no indicator values; {mart} is kept as it was")
    os.replace(staging, mart)
    return counts


def _copy_descriptions(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """dbt's persist_docs writes each published model's and column's description as a DuckDB
    comment in the warehouse; carry them into the mart so a dashboard author sees them."""
    tables = ", ".join(f"'{t}'" for t in PUBLISHED_TABLES)
    for table, comment in con.execute(
        f"select table_name, comment from duckdb_tables() where database_name = 'warehouse' "
        f"and schema_name = ? and table_name in ({tables}) and comment is not null",
        [schema],
    ).fetchall():
        con.execute(f"comment on table main.{table} is {_quoted(comment)}")
    for table, column, comment in con.execute(
        f"select table_name, column_name, comment from duckdb_columns() where database_name = 'warehouse' "
        f"and schema_name = ? and table_name in ({tables}) and comment is not null",
        [schema],
    ).fetchall():
        con.execute(f'comment on column main.{table}."{column}" is {_quoted(comment)}')


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
