"""Row accounting that can fail: rows read is the file's own record count, taken by a byte scan
independent of the CSV parser, and the blocking check compares it with what was stored."""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.defs.ingest.assets import CHECK_ROWS_ACCOUNTED, build_ingest_asset
from orchestration.defs.resources import ScrutinySettings
from orchestration.lib import loading
from orchestration.lib.ingest import accounting_failures
from schemas import SOURCES
from tests.ingest.test_bad_inputs import HEADER, ROW1, ROW2, deliver, ingest


def _drop_one_stored_row(monkeypatch):
    """A loader bug: one valid row never reaches the raw table, though the counts say it did."""
    store = loading.store

    def leaky_store(con, target, table, staged, meta):
        store(con, target, table, staged, meta)
        con.execute(f"delete from {target} where _row_number = (select max(_row_number) from {target})")

    monkeypatch.setattr(loading, "store", leaky_store)
    monkeypatch.setattr("orchestration.lib.ingest.store", leaky_store)


def _materialise(tmp_path):
    asset = build_ingest_asset(SOURCES["ssda903"])
    settings = ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))
    result = dg.materialize([asset], resources={"scrutiny": settings}, raise_on_error=False)
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    return result, checks


def test_the_accounting_holds_for_a_clean_file(tmp_path):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    ingest(tmp_path)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        assert accounting_failures(con, "ssda903") == []


def test_a_lost_row_fails_the_accounting(tmp_path, monkeypatch):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    _drop_one_stored_row(monkeypatch)
    ingest(tmp_path)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        [failure] = accounting_failures(con, "ssda903")
    assert failure == {
        "file": "ssda903/2025-10-03/episodes.csv",
        "rows_read": 2,
        "rows_loaded": 2,
        "stored": 1,
        "rows_quarantined": 0,
        "held_in_quarantine": 0,
    }


def test_a_miscounted_file_fails_the_accounting(tmp_path, monkeypatch):
    """rows_read comes from the file, not from the parser: a parser that loses a record shows."""
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    real = loading._stage_csv

    def parser_skips_a_record(con, path, table, workdir):
        staged = real(con, path, table, workdir)
        staged.source = staged.source.replace("skip = ?", "skip = ? + 1")
        return staged

    monkeypatch.setattr(loading, "_stage_csv", parser_skips_a_record)
    [outcome] = ingest(tmp_path).files
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 1, 0)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        [failure] = accounting_failures(con, "ssda903")
    assert failure["rows_read"] == 2 and failure["stored"] == 1


def test_the_blocking_check_fails_the_asset_on_a_lost_row(tmp_path, monkeypatch):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    _drop_one_stored_row(monkeypatch)
    result, checks = _materialise(tmp_path)
    check = checks[CHECK_ROWS_ACCOUNTED]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert check.metadata["mismatches"].value[0]["stored"] == 1
    assert not result.success  # blocking: nothing downstream runs on a lost row


def test_the_check_still_runs_when_another_file_is_unreadable(tmp_path):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    deliver(tmp_path / "raw", b"", table="header")
    result, checks = _materialise(tmp_path)
    assert not result.success  # the blank header.csv fails the source
    check = checks[CHECK_ROWS_ACCOUNTED]
    assert check.passed and check.metadata["files_checked"].value == 1


def test_the_check_fails_when_another_file_is_unreadable_and_a_row_is_lost(tmp_path, monkeypatch):
    deliver(tmp_path / "raw", "\n".join([HEADER, ROW1, ROW2]))
    deliver(tmp_path / "raw", b"", table="header")
    _drop_one_stored_row(monkeypatch)
    _, checks = _materialise(tmp_path)
    assert not checks[CHECK_ROWS_ACCOUNTED].passed
