"""`scrutiny demo-data` then `scrutiny run`, as a user would, in a fresh directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.publish import publish_mart
from orchestration.settings import indicator_ids
from tests.harness import TEST_KEY
from tests.privacy import delivered_personal_values, leaks, scanned_outputs

pytestmark = pytest.mark.heavy

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
    """The CLI with the test key, whether called from a module's fixture (before the autouse
    fixture sets it) or a test: a run under another key would rightly rebuild everything."""
    key = {"SCRUTINY_PSEUDONYMISATION_KEY": TEST_KEY}
    return subprocess.run([*SCRUTINY, *args], capture_output=True, text=True, env={**os.environ, **key, **(env or {})})


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


def test_no_personal_value_in_any_output_in_any_spelling(demo):
    """The privacy scan (tests/privacy.py): every delivered identifier, NHS number, UPN, postcode,
    name and date of birth, in each spelling, in the mart, the public cut, the reports outside
    restricted/, the Dagster and dbt logs, Dagster's event store and the run's own output."""
    root, run = demo
    personal = delivered_personal_values(root / "raw")
    assert len(personal) > 2000
    assert {"pers_dob", "dob", "home_post", "pers_surname", "nhs_number", "upn"} <= set().union(*personal.values())
    outputs = scanned_outputs(root / "data", root / "dagster_home")
    outputs["run output"] = [run.stdout, run.stderr]
    scanned = {Path(name).name for name in outputs}
    assert {"mart.duckdb", "indicator_values.csv", "dq_report.html", "exceptions.xlsx", "dashboard.html"} <= scanned
    assert any(name.endswith(".log") for name in scanned) and any(name.endswith(".db") for name in scanned)
    assert leaks(root / "raw", outputs, personal) == {}


def test_run_leaves_the_committee_pack_and_prints_where(demo):
    """The latest quarter's exceptions report, dashboard and the public cut."""
    root, run = demo
    pack = [root / "data" / "reports" / "2025-26-Q2" / name for name in ("exceptions.html", "exceptions.xlsx")]
    pack += [root / "data" / "reports" / "2025-26-Q2" / "dashboard.html", root / "data" / "published" / "public"]
    for path in pack:
        assert path.exists() and str(path) in run.stdout, path
    dashboard = pack[2].read_text()
    with duckdb.connect(str(root / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        indicators = [r[0] for r in con.execute("select indicator_id from indicators").fetchall()]
    assert all(f'data-indicator="{i}"' in dashboard for i in indicators)


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
    assert "nothing new since the last publish: the published mart and reports stand" in again.stderr
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
