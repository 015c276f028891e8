"""Transform: the dbt project (staging -> intermediate -> indicators -> published marts).

dbt models become assets grouped by layer; dbt data tests become asset checks. dbt sources
map onto the assets that load them (`raw/<source>`, `reference/postcodes`).
"""

import os
import shutil
import sys
from pathlib import Path
from typing import Any, Mapping

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.resources import WAREHOUSE_POOL, ScrutinySettings
from orchestration.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing (a fresh clone) or older than the
    project's files, so definitions always describe the models on disk."""
    manifest = dbt_project.manifest_path
    newest = max(p.stat().st_mtime for p in DBT_PROJECT_DIR.rglob("*")
                 if p.suffix in {".sql", ".yml", ".csv"} and "target" not in p.parts)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        # dagster-dbt's preparer runs the `dbt` it finds on PATH: make it this environment's,
        # so `.venv/bin/scrutiny run` works without an activated venv.
        bin_dir = str(Path(sys.executable).parent)
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
        dbt_project.preparer.prepare(dbt_project)
    return manifest


class ScrutinyDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, props: Mapping[str, Any]) -> dg.AssetKey:
        if props["resource_type"] == "source":
            if props["source_name"] == "reference":
                return dg.AssetKey(["reference", props["name"]])
            if props["source_name"] == "meta":
                return dg.AssetKey(["meta", props["name"]])
            return dg.AssetKey(["raw", props["source_name"]])
        return dg.AssetKey([self._layer(props), props["name"]])

    def get_group_name(self, props: Mapping[str, Any]) -> str:
        return self._layer(props)

    @staticmethod
    def _layer(props: Mapping[str, Any]) -> str:
        if props["resource_type"] == "seed":
            return "reference"
        parts = Path(props["original_file_path"]).parts  # models/<layer>/[<area>/]file.sql
        if parts[1] == "marts":
            return {"published": "published", "data_quality": "data_quality"}.get(parts[2], "indicators")
        return parts[1]


TRANSLATOR = ScrutinyDbtTranslator(settings=DagsterDbtTranslatorSettings(
    enable_asset_checks=True, enable_source_tests_as_checks=True, enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=TRANSLATOR, pool=WAREHOUSE_POOL)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, scrutiny: ScrutinySettings):
    """dbt build of the selected models, seeds and their tests (unit tests run in the test suite)."""
    target = Path(scrutiny.data_dir) / "dbt" / "target" / context.run_id
    try:
        yield from dbt.cli(["build", "--exclude-resource-type", "unit_test"], context=context,
                           target_path=target).stream()
    finally:
        shutil.rmtree(target, ignore_errors=True)


defs = dg.Definitions(assets=[warehouse_models])
