"""A backfill of two financial quarters builds both quarters' packs from the mart, and a rebuild
gives the same bytes. The mart is hand-built: one indicator, months April to September 2025 with
numerator = the month number and denominator 10, and the two quarters repeating their last month
(June: 6/10, September: 9/10), as the contract says."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import dagster as dg
import duckdb
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.defs.partitions import quarter_key_of_slug, quarter_slug_of_key
from orchestration.defs.publish.assets import quarter_pack
from orchestration.defs.resources import ScrutinySettings


def build_mart(path) -> None:
    path.parent.mkdir(parents=True)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table indicator_values (indicator_id varchar, period_type varchar, period_label varchar, "
            "period_start date, period_end date, numerator bigint, denominator bigint, value double)"
        )
        for month in range(4, 10):
            end = date(2025, month + 1, 1).toordinal() - 1
            con.execute(
                "insert into indicator_values values ('X', 'month', ?, ?, ?, ?, 10, ?)",
                [f"2025-{month:02d}", date(2025, month, 1), date.fromordinal(end), month, 10.0 * month],
            )
        for label, start, end, num in (
            ("2025/26 Q1", "2025-04-01", "2025-06-30", 6),
            ("2025/26 Q2", "2025-07-01", "2025-09-30", 9),
        ):
            con.execute(
                "insert into indicator_values values ('X', 'quarter', ?, ?, ?, ?, 10, ?)",
                [label, start, end, num, 10.0 * num],
            )


def test_quarter_keys_and_slugs_round_trip():
    assert quarter_key_of_slug("2025-26-Q2") == "2025-07-01"
    assert quarter_key_of_slug("2025-26-Q4") == "2026-01-01"
    assert all(quarter_slug_of_key(quarter_key_of_slug(s)) == s for s in ("2019-20-Q1", "2025-26-Q3", "2025-26-Q4"))


def test_a_two_quarter_backfill_builds_both_packs_and_rebuilds_them_byte_for_byte(tmp_path):
    settings = ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))
    build_mart(settings.settings.mart_path)
    reports = tmp_path / "data" / "reports"
    built = []
    for _ in range(2):
        result = dg.materialize(
            [quarter_pack],
            resources={"scrutiny": settings},
            tags={ASSET_PARTITION_RANGE_START_TAG: "2025-04-01", ASSET_PARTITION_RANGE_END_TAG: "2025-07-01"},
        )
        assert result.success
        built.append({p.relative_to(reports): p.read_bytes() for p in sorted(reports.rglob("*")) if p.is_file()})
    assert built[0] == built[1]
    assert set(map(str, built[0])) == {f"2025-26-Q{q}/{f}" for q in (1, 2) for f in ("figures.csv", "manifest.json")}
    q2 = list(
        csv.DictReader(io.StringIO(built[0][next(k for k in built[0] if str(k) == "2025-26-Q2/figures.csv")].decode()))
    )
    assert [(r["period_label"], r["numerator"]) for r in q2] == [
        ("2025-07", "7"),
        ("2025-08", "8"),
        ("2025-09", "9"),
        ("2025/26 Q2", "9"),
    ]
    manifest = json.loads((reports / "2025-26-Q1" / "manifest.json").read_text())
    assert (manifest["quarter"], manifest["rows"], manifest["indicators"]) == ("2025-26-Q1", 4, 1)


def test_a_quarter_the_mart_does_not_hold_fails_its_partition_naming_the_quarter(tmp_path):
    settings = ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))
    build_mart(settings.settings.mart_path)
    result = dg.materialize(
        [quarter_pack], resources={"scrutiny": settings}, partition_key="2024-01-01", raise_on_error=False
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "no figures for 2023-24-Q4" in failure.step_failure_data.user_failure_data.description
