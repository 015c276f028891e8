"""Dagster's SQLite event log, keeping its connections open (named in `dagster.yaml`).

The stock `SqliteEventLogStorage` creates and disposes an engine for every connection, and again
to ask whether a table exists: an event costs 11 ms, an asset or check event (written to the
run's shard and the index) 24 ms. A run writes ~1,500 events (a dbt build reports each of its
~340 nodes), so ~20 s of a run on tiny extracts went on opening SQLite files. This keeps one
engine per shard for the recently used shards (the UI reads many runs' shards, so old ones are
closed), remembers the tables it has found, and commits without an fsync each time
(`synchronous=NORMAL`, SQLite's advice for WAL databases, which Dagster's are: a power cut may
lose the last events, never the database). The files, tables and queries are Dagster's own, so
the UI and `dagster` commands read the same instance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

OPEN_SHARDS = 8  # the index, the run being written and a few the UI is showing


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with the same `base_dir` setting (`<dagster_home>/history/runs`)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()  # not `_db_lock`: `has_table` is asked while that is held
        self._tables_found: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard), connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
                )
                event.listen(engine, "connect", _commit_without_fsync)
            self._engines[shard] = engine
            while len(self._engines) > OPEN_SHARDS:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    def has_table(self, table_name: str) -> bool:
        if table_name not in self._tables_found:
            engine = self._engine(INDEX_SHARD_NAME)
            with engine.connect() as conn:
                if engine.dialect.has_table(conn, table_name):
                    self._tables_found.add(table_name)
        return table_name in self._tables_found

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _close_all(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_all()  # before the shard files are deleted
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()


def _commit_without_fsync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")
