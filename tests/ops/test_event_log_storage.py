"""The instance's event log keeps its SQLite connections open, and writes what Dagster's own reads."""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration import event_log_storage
from orchestration.cli import ensure_dagster_home
from orchestration.event_log_storage import PooledSqliteEventLogStorage


@dg.asset(check_specs=[dg.AssetCheckSpec("has_rows", asset="households")])
def households():
    yield dg.MaterializeResult(metadata={"rows": 3})
    yield dg.AssetCheckResult(passed=True)


def test_a_new_home_uses_the_pooled_event_log_in_dagsters_usual_place(tmp_path):
    home = tmp_path / "dagster_home"
    ensure_dagster_home(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        assert storage._base_dir == str(home / "history" / "runs")
        with storage.index_connection() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL: no fsync per commit
        assert storage.supports_asset_checks and not storage.has_table("no_such_table")


def test_events_it_writes_are_read_by_dagsters_stock_storage(tmp_path, monkeypatch):
    monkeypatch.setattr(event_log_storage, "OPEN_SHARDS", 2)
    home = tmp_path / "dagster_home"
    ensure_dagster_home(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = [dg.materialize([households], instance=instance).run_id for _ in range(3)]
        assert len(instance.event_log_storage._engines) == 2  # old shards are closed
    stock = SqliteEventLogStorage(str(home / "history" / "runs"))
    materialized = stock.fetch_materializations(dg.AssetKey("households"), limit=10).records
    assert sorted(record.run_id for record in materialized) == sorted(runs)
    assert [record.asset_materialization.metadata["rows"].value for record in materialized] == [3, 3, 3]
    checks = stock.get_asset_check_execution_history(dg.AssetCheckKey(dg.AssetKey("households"), "has_rows"), limit=10)
    assert sorted((check.run_id, check.status.value) for check in checks) == sorted((r, "SUCCEEDED") for r in runs)


def test_a_moved_home_keeps_its_event_log_with_it(tmp_path):
    ensure_dagster_home(tmp_path / "old")
    (tmp_path / "old").rename(tmp_path / "moved")
    ensure_dagster_home(tmp_path / "moved")  # every run and `make ui` call it first
    with dg.DagsterInstance.from_config(str(tmp_path / "moved")) as instance:
        assert instance.event_log_storage._base_dir == str(tmp_path / "moved" / "history" / "runs")
    assert not (tmp_path / "old").exists()
