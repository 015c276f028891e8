"""`scrutiny demo-data` then `scrutiny run`, as a user would, in a fresh directory."""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.publish import publish_mart
from orchestration.lib.reading import decode
from orchestration.settings import indicator_ids
from schemas import SOURCES, normalise_name

CONTRACT_COLUMNS = {
    "indicators": [
        "indicator_id",
        "title",
        "service_area",
        "unit",
        "polarity",
        "target",
        "tolerance",
        "dot_threshold",
        "definition",
        "source",
        "target_source",
    ],
    "indicator_values": [
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
    ],
    "exceptions": [
        "period_label",
        "appendix",
        "service_area",
        "indicator_id",
        "title",
        "value",
        "rag",
        "dot",
        "narrative",
        "actions",
        "narrative_source",
    ],
    "indicator_spc": [
        "indicator_id",
        "period_start",
        "value",
        "mean",
        "upper_limit",
        "lower_limit",
        "special_cause",
        "variation",
        "assurance",
    ],
    "service_commentary": [  # published beside the contract's tables, for the exceptions report
        "period_label",
        "service_area",
        "indicator_id",
        "title",
        "narrative",
        "actions",
        "is_exception",
    ],
    "dq_summary": ["source", "table_name", "delivery", "rule_code", "severity", "description", "rows_affected"],
    "load_log": [
        "source",
        "table_name",
        "delivery",
        "file_name",
        "sha256",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
        "loaded_at",
    ],
    "dq_rules": ["rule_code", "source", "table_name", "family", "severity", "description", "fix"],
    "dq_trend": ["source", "table_name", "rule_code", "period", "rows_affected", "new", "resolved"],
    "restatements": [
        "indicator_id",
        "period_label",
        "previous_delivery",
        "new_delivery",
        "previous_numerator",
        "previous_denominator",
        "previous_value",
        "numerator",
        "denominator",
        "value",
        "records_added",
        "records_removed",
        "records_changed",
    ],
}
SCRUTINY = [sys.executable, "-m", "orchestration.cli"]


def scrutiny(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*SCRUTINY, *args], capture_output=True, text=True, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    made = scrutiny("demo-data", "--out", str(root / "raw"), "--months", "13")
    assert made.returncode == 0, made.stderr
    run = scrutiny(
        "run",
        "--raw-dir",
        str(root / "raw"),
        "--data-dir",
        str(root / "data"),
        env={"DAGSTER_HOME": str(root / "dagster_home")},
    )
    return root, run


def test_run_succeeds_and_prints_the_quarter(demo):
    root, run = demo
    assert run.returncode == 0, run.stderr[-3000:]
    assert "2025/26 Q2: RAG by indicator" in run.stdout
    with duckdb.connect(str(root / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        indicators = [r[0] for r in con.execute("select indicator_id from indicators").fetchall()]
    assert sorted(indicators) == sorted(indicator_ids())
    table = run.stdout.split("RAG by indicator")[1]
    assert all(f" {indicator} " in table for indicator in indicators)
    assert str(root / "data" / "published" / "mart.duckdb") in run.stdout


def test_mart_has_the_contract_tables_and_columns(demo):
    root, _ = demo
    with duckdb.connect(str(root / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        for table, columns in CONTRACT_COLUMNS.items():
            assert [r[0] for r in con.execute(f"describe {table}").fetchall()] == columns
        counts = dict(
            con.execute(
                "select indicator_id || ' ' || period_type, count(*) from indicator_values group by all"
            ).fetchall()
        )
        accounting = con.execute(
            "select count(*) from load_log where rows_read <> rows_loaded + rows_quarantined"
        ).fetchone()
    # 13 months of demo history: 2024-09 .. 2025-09, and the quarters ending in them
    for indicator in ("CS_LAC_OUTSIDE_LA_PCT", "CS_LAC_OVER_20_MILES_PCT"):
        assert counts[f"{indicator} month"] >= 13
        assert counts[f"{indicator} quarter"] >= 5
    assert accounting == (0,)


def _personal_values(raw: Path) -> set[str]:
    """Identifiers and postcodes the demo delivered (every source's personal text columns,
    names and free text aside), to look for where they must not be."""
    personal = {
        col.key
        for source in SOURCES.values()
        for tables in source.versions.values()
        for table in tables.values()
        for col in table.columns
        if col.personal and col.kind == "text" and "name" not in col.key
    }
    found = set()
    for path in raw.rglob("*.csv"):
        text, _ = decode(path, path.read_bytes())
        for row in csv.DictReader(io.StringIO(text, newline="")):
            for column, value in row.items():
                if column and value and len(value.strip()) > 4 and normalise_name(column) in personal:
                    found.add(value.strip())
    return found


def test_no_personal_data_in_the_mart_or_run_logs(demo):
    root, run = demo
    personal = _personal_values(root / "raw")
    assert len(personal) > 500
    with duckdb.connect(str(root / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        text = []
        for table in CONTRACT_COLUMNS:
            for row in con.execute(f"select * from {table}").fetchall():
                text += [str(v) for v in row if isinstance(v, str)]
    blob = "\n".join(text) + run.stdout + run.stderr
    events = root / "dagster_home" / "history" / "runs"
    for db in events.glob("*.db"):
        with sqlite3.connect(db) as con:
            blob += "\n".join(r[0] for r in con.execute("select event from event_logs"))
    blob = re.sub(r'(?<=": )-?\d+(\.\d+)?', "", blob)  # numeric JSON fields: counts and timestamps
    words = re.findall(r"[A-Za-z0-9]+(?:\.[0-9]+)*", blob)
    tokens = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}  # postcodes have a space
    leaked = sorted(value for value in personal if value in tokens)
    assert not leaked, leaked[:5]


def test_run_leaves_the_committee_pack_and_prints_where(demo):
    """The latest quarter's exceptions report, dashboard and the public cut, with no personal
    value in any of them."""
    root, run = demo
    pack = [root / "data" / "reports" / "2025-26-Q2" / name for name in ("exceptions.html", "exceptions.xlsx")]
    pack += [root / "data" / "reports" / "2025-26-Q2" / "dashboard.html", root / "data" / "published" / "public"]
    for path in pack:
        assert path.exists() and str(path) in run.stdout, path
    dashboard = pack[2].read_text()
    with duckdb.connect(str(root / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        indicators = [r[0] for r in con.execute("select indicator_id from indicators").fetchall()]
    assert all(f'data-indicator="{i}"' in dashboard for i in indicators)
    charts_aside = re.sub(r"<svg.*?</svg>", "", dashboard, flags=re.S)  # chart coordinates are numbers
    public = "\n".join(p.read_text() for p in pack[3].glob("*.csv")) + charts_aside + pack[0].read_text()
    words = set(re.findall(r"[A-Za-z0-9]+(?:\.[0-9]+)*", public))
    words |= {f"{a} {b}" for a, b in itertools.pairwise(re.findall(r"[A-Za-z0-9]+", public))}
    # all-digit identifiers are indistinguishable from the published counts; the rest must be absent
    assert not sorted(v for v in _personal_values(root / "raw") if v in words and not v.isdigit())[:5]


def test_a_second_run_loads_nothing_new(demo):
    root, _ = demo
    register = "select file_name, status, loaded_at from meta.file_register order by file_name"
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as con:
        before = con.execute(register).fetchall()
    again = scrutiny(
        "run",
        "--raw-dir",
        str(root / "raw"),
        "--data-dir",
        str(root / "data"),
        env={"DAGSTER_HOME": str(root / "dagster_home")},
    )
    assert again.returncode == 0, again.stderr[-2000:]
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as con:
        after = con.execute(register).fetchall()
    delivered = [p for p in (root / "raw").rglob("*") if p.suffix in (".csv", ".xlsx") and "reference" not in p.parts]
    assert len(before) == len(delivered) and after == before  # every file recorded once, none re-read


def test_bad_arguments_give_one_line_reasons(tmp_path):
    missing = scrutiny("run", "--raw-dir", str(tmp_path / "nowhere"), "--data-dir", str(tmp_path / "data"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    (tmp_path / "raw").mkdir()
    bad = scrutiny("run", "--raw-dir", str(tmp_path / "raw"), "--quarter", "2025-Q2")
    assert bad.returncode == 2 and "like 2025-26-Q2" in bad.stderr


def test_publish_is_atomic_for_open_readers(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        for table, columns in CONTRACT_COLUMNS.items():
            con.execute(f"create table marts.{table} as select " + ", ".join(f"1 as {c}" for c in columns))
    mart = tmp_path / "published" / "mart.duckdb"
    publish_mart(warehouse, mart)
    reader = duckdb.connect(str(mart), read_only=True)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.indicators select * from marts.indicators")
    publish_mart(warehouse, mart)  # the open reader does not block the publish
    assert reader.execute("select count(*) from indicators").fetchone() == (1,)  # its snapshot
    # a new reader (a dashboard is another process) sees the whole new mart
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; print(duckdb.connect(sys.argv[1], "
            "read_only=True).execute('select count(*) from indicators').fetchone()[0])",
            str(mart),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.strip() == "2"
    reader.close()
    assert [p.name for p in mart.parent.iterdir()] == ["mart.duckdb"]


def test_the_run_summary_names_quarantined_rows_by_file_column_and_rule(demo):
    _, run = demo
    summary = run.stdout.split("Quarantined rows (file, column, rule: file rows; what to do):")[1]
    first = summary.strip().splitlines()[0]
    assert re.match(r"raw/\w+/[\d-]+/\w+\.csv \w+ \w+ x\d+: rows \d+", first), first
    assert "re-deliver" in first
