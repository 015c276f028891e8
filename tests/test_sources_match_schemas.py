"""`schemas/<source>.py` is the one statement of a source's tables and columns; the dbt source
YAML only names the raw tables for lineage and docs. This fails when the two drift: a source or
table in one and not the other, or a column the YAML names that no schema version has, or a
YAML test restating what ingest already enforces (required fields, code lists)."""

from pathlib import Path

import yaml

from orchestration.settings import DBT_PROJECT_DIR
from schemas import SOURCES

STAGING = DBT_PROJECT_DIR / "models" / "staging"
NOT_FROM_SCHEMAS = {"meta", "reference"}  # written by the pipeline itself, not delivered


def dbt_sources() -> dict[str, dict]:
    found = {}
    for path in sorted(STAGING.glob("*/_*__sources.yml")):
        for source in yaml.safe_load(Path(path).read_text())["sources"]:
            found[source["name"]] = {table["name"]: table for table in source["tables"]}
    return found


def test_dbt_sources_are_the_schema_sources():
    assert set(dbt_sources()) - NOT_FROM_SCHEMAS == set(SOURCES)


def test_each_source_has_the_schema_tables_and_only_schema_columns():
    for name, tables in dbt_sources().items():
        if name in NOT_FROM_SCHEMAS:
            continue
        schema_tables = {}
        for version in SOURCES[name].versions.values():
            for table_name, table in version.items():
                schema_tables.setdefault(table_name, set()).update(col.key for col in table.columns)
        assert set(tables) == set(schema_tables), name
        for table_name, table in tables.items():
            listed = {column["name"] for column in table.get("columns", [])}
            assert listed <= schema_tables[table_name], (name, table_name, listed - schema_tables[table_name])
            restated = [column["name"] for column in table.get("columns", []) if column.get("data_tests")]
            assert not restated, f"{name}.{table_name}: tests restate schemas/{name}.py: {restated}"
