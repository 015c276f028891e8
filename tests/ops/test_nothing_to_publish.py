"""A run that finds nothing to publish leaves the last published mart in place (contract section 4)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.publish import ORDER_BY, publish_mart


def test_an_empty_warehouse_does_not_replace_the_last_mart(tmp_path):
    warehouse, mart = tmp_path / "warehouse.duckdb", tmp_path / "published" / "mart.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        for table, order in ORDER_BY.items():
            columns = ", ".join(f"{c.strip()} varchar" for c in order.split(","))
            con.execute(f"create table marts.{table} ({columns})")
    mart.parent.mkdir()
    mart.write_bytes(b"last good mart")
    with pytest.raises(ValueError, match="nothing to publish"):
        publish_mart(warehouse, mart)
    assert mart.read_bytes() == b"last good mart"
    assert [p.name for p in mart.parent.iterdir()] == ["mart.duckdb"]  # no half-built file left beside it
