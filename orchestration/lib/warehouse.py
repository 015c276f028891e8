"""The internal DuckDB warehouse: raw tables per source and the ingest metadata tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

META_DDL = """
create schema if not exists meta;
create table if not exists meta.file_register (
    source varchar, mode varchar, table_name varchar, delivery varchar, file_name varchar, sha256 varchar,
    fingerprint varchar, status varchar, encoding varchar, rows_read bigint, rows_loaded bigint,
    rows_quarantined bigint, message varchar, loaded_at timestamp);
create table if not exists meta.quarantine (
    source varchar, table_name varchar, delivery varchar, file_name varchar, row_number bigint,
    reasons varchar, record varchar);
create table if not exists meta.row_issues (
    source varchar, table_name varchar, delivery varchar, file_name varchar, row_number bigint,
    column_name varchar, rule_code varchar, description varchar);
create table if not exists meta.file_warnings (
    source varchar, table_name varchar, delivery varchar, file_name varchar, rule_code varchar,
    severity varchar, description varchar, rows_affected bigint);
"""


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(META_DDL)
        yield con
    finally:
        con.close()


def raw_schema(source: str) -> str:
    return f"raw_{source}"


def ensure_raw_table(con: duckdb.DuckDBPyConnection, source: str, table: str, columns: list[str]) -> None:
    """All raw columns are text: the validated values exactly as delivered (dates as ISO)."""
    schema = raw_schema(source)
    con.execute(f"create schema if not exists {schema}")
    cols = ", ".join(f'"{c}" varchar' for c in columns)
    con.execute(
        f"create table if not exists {schema}.{table} ({cols}, _extra varchar, _delivery varchar, "
        f"_file_name varchar, _row_number bigint)"
    )
    existing = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    }
    for column in columns:
        if column not in existing:
            con.execute(f'alter table {schema}.{table} add column "{column}" varchar')
