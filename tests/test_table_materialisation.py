"""The project's `table` materialisation (dbt_project/macros/materializations/table.sql): a
rebuild replaces the table whole, contracts still hold, and a build that fails leaves the last
good table in place. Run on a one-model dbt project that uses the project's macro."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import DBT_PROJECT_DIR
from tests.dbt_invocation import _environment, _release_warehouse


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "models").mkdir(parents=True)
    shutil.copytree(DBT_PROJECT_DIR / "macros" / "materializations", root / "macros" / "materializations")
    (root / "dbt_project.yml").write_text(
        "name: probe\nversion: '1.0.0'\nprofile: probe\nconfig-version: 2\n"
        "models:\n  probe:\n    +materialized: table\n"
    )
    (root / "profiles.yml").write_text(
        f"probe:\n  target: t\n  outputs:\n    t:\n      type: duckdb\n      path: {tmp_path / 'probe.duckdb'}\n"
    )
    (root / "models" / "_models.yml").write_text(
        textwrap.dedent("""
        version: 2
        models:
          - name: typed
            config: {contract: {enforced: true}}
            columns:
              - {name: n, data_type: integer}
        """)
    )
    return root


def build(project: Path, models: dict[str, str]) -> bool:
    return bool(invoke_build(project, models).success)


def invoke_build(project: Path, models: dict[str, str]):
    from dbt.cli.main import dbtRunner

    for name, sql in models.items():
        (project / "models" / f"{name}.sql").write_text(sql)
    args = ["build", "--project-dir", str(project), "--profiles-dir", str(project), "--quiet"]
    args += ["--target-path", str(project / "target"), "--log-path", str(project / "logs")]
    with _environment({"DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}):
        try:
            return dbtRunner().invoke(args)
        finally:
            _release_warehouse()


def rows(project: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(project.parent / "probe.duckdb"), read_only=True) as con:
        return con.execute(f"select * from main.{table} order by all").fetchall()


def relations(project: Path) -> list[str]:
    with duckdb.connect(str(project.parent / "probe.duckdb"), read_only=True) as con:
        return [
            name for (name,) in con.execute("select table_name from information_schema.tables order by 1").fetchall()
        ]


def test_a_rebuild_replaces_the_table_and_a_failed_one_keeps_the_last(project):
    assert build(project, {"plain": "select 1 as n union all select 2", "typed": "select 7 as n"})
    assert rows(project, "plain") == [(1,), (2,)]
    assert build(project, {"plain": "select 3 as n, 'x' as added"})
    assert rows(project, "plain") == [(3, "x")]
    assert not build(project, {"plain": "select n from a_table_that_is_not_there"})
    assert rows(project, "plain") == [(3, "x")]
    assert relations(project) == ["plain", "typed"]  # no temporary or backup relations left


def test_a_contract_still_holds(project):
    assert build(project, {"plain": "select 1 as n", "typed": "select 7 as n"})
    assert rows(project, "typed") == [(7,)]
    assert not build(project, {"typed": "select 'seven' as n"})  # the contract says integer
    assert rows(project, "typed") == [(7,)]


def test_a_model_asking_for_what_it_does_not_do_is_refused_by_name(project):
    result = invoke_build(project, {"plain": "{{ config(grants={'select': ['reader']}) }} select 1 as n"})
    assert not result.success
    [failed] = [r for r in result.result.results if r.node.name == "plain"]
    assert "model plain asks for grants, indexes or Python" in failed.message
