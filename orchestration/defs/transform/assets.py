"""Transform: the dbt project (staging -> intermediate -> indicators -> published marts).

dbt models become assets grouped by layer; dbt data tests become asset checks. dbt sources
map onto the assets that load them (`raw/<source>`, `reference/postcodes`).
"""

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._record import replace
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.resources import WAREHOUSE_POOL, ScrutinySettings
from orchestration.settings import DBT_PROJECT_DIR, Settings

DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _manifest_is_fresh(manifest: Path) -> bool:
    if not manifest.exists():
        return False
    newest = max(
        p.stat().st_mtime
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.suffix in {".sql", ".yml", ".csv"} and "target" not in p.parts
    )
    return manifest.stat().st_mtime >= newest


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing (a fresh clone) or older than the
    project's files, so definitions always describe the models on disk. Several processes may
    load the definitions at once (test workers, the UI's code server): one parses under a lock,
    into a private folder, and the manifest is renamed into place whole."""
    manifest = dbt_project.manifest_path
    if _manifest_is_fresh(manifest):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _manifest_is_fresh(manifest):
            with tempfile.TemporaryDirectory(dir=manifest.parent, prefix=".parse-") as private:
                env = {**os.environ, **Settings.from_env().dbt_env()}
                result = subprocess.run(
                    [
                        DBT_EXECUTABLE,
                        "parse",
                        "--quiet",
                        "--project-dir",
                        str(DBT_PROJECT_DIR),
                        "--profiles-dir",
                        str(DBT_PROJECT_DIR),
                        "--target-path",
                        private,
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    raise RuntimeError(
                        f"dbt could not parse {DBT_PROJECT_DIR}:\n{result.stdout[-3000:]}{result.stderr[-2000:]}"
                    )
                for name in ("partial_parse.msgpack", "manifest.json"):  # the manifest last
                    if (Path(private) / name).exists():
                        os.replace(Path(private) / name, manifest.parent / name)
    return manifest


TEST_DESCRIPTIONS = {
    "relationships": "every {column} is a {field} of {to}",
    "rows_accounted_for": "for every file in {model}, rows read = rows loaded + rows quarantined",
}


def _well_formed(model: str, kwargs: Mapping[str, Any]) -> str:
    """The rules of one `well_formed` test (macros/generic_tests/well_formed.sql), in words."""
    said = []
    if kwargs.get("key"):
        said.append(f"({', '.join(kwargs['key'])}) identifies each row of {model}")
    if kwargs.get("required"):
        said.append(f"{', '.join(kwargs['required'])} never blank")
    for column, values in (kwargs.get("accepted") or {}).items():
        said.append(f"{column} only holds {', '.join(map(str, values))}")
    for column, codes in (kwargs.get("schema_codes") or {}).items():
        raw = f"{codes['table']}.{codes.get('raw_column') or column}"
        said.append(f"{column} only holds codes of the {raw} code list in schemas/{codes['source']}.py")
    return "; ".join(said)


def describe_test(test: Mapping[str, Any]) -> str:
    """What a dbt data test checks, in words, for tests whose YAML gives no description."""
    metadata = test.get("test_metadata") or {}
    kwargs = metadata.get("kwargs") or {}
    tested = test.get("attached_node") or next(iter((test.get("depends_on") or {}).get("nodes") or []), "")
    model = tested.rsplit(".", 1)[-1] or test["name"]
    if metadata.get("name") == "well_formed":
        return f"{_well_formed(model, kwargs)} (dbt well_formed test)"
    fields = {
        "column": f"{model}.{kwargs.get('column_name', '')}",
        "field": kwargs.get("field", ""),
        "to": str(kwargs.get("to", "")).removeprefix("ref('").removesuffix("')"),
        "model": model,
    }
    template = TEST_DESCRIPTIONS.get(metadata.get("name", ""))
    if template is None:
        return (
            f"dbt test {test['name']}: fails when the query in {test.get('original_file_path', 'its file')} finds rows"
        )
    return f"{template.format(**fields)} (dbt {metadata['name']} test)"


class ScrutinyDbtTranslator(DagsterDbtTranslator):
    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project) -> dg.AssetCheckSpec | None:
        """dbt's checks with a description: the test's own, or one said from its kind and arguments."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        test = manifest["nodes"].get(unique_id, {})
        if spec is None or spec.description:
            return spec
        return replace(spec, description=test.get("description") or describe_test(test))

    def get_asset_key(self, props: Mapping[str, Any]) -> dg.AssetKey:
        if props["resource_type"] == "source":
            if props["source_name"] == "reference":
                return dg.AssetKey(["reference", props["name"]])
            if props["source_name"] in ("meta", "history", "dq_dfe"):
                return dg.AssetKey([props["source_name"], props["name"]])
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


TRANSLATOR = ScrutinyDbtTranslator(
    settings=DagsterDbtTranslatorSettings(
        enable_asset_checks=True, enable_source_tests_as_checks=True, enable_duplicate_source_asset_keys=True
    )
)


PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def restore_partial_parse(data_dir: Path, target: Path) -> None:
    """Start a run's dbt call from the parse state the previous run in this data directory left.

    dbt partially parses only when the saved state was made with the same profile, and the profile
    holds the warehouse path: the project's shared state (parsed for whichever data directory
    loaded the definitions first) says "profile has changed" to every other data directory, and
    the state a run writes into its own target folder went with that folder. So each data
    directory keeps its own, copied in before dagster-dbt would copy the shared one."""
    saved = data_dir / "dbt" / PARTIAL_PARSE_FILE
    if saved.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(saved, target / PARTIAL_PARSE_FILE)


def keep_partial_parse(target: Path, data_dir: Path) -> None:
    """Save the parse state of a finished dbt call for the next run in this data directory
    (renamed into place whole, so a reader never sees half a file)."""
    written = target / PARTIAL_PARSE_FILE
    if written.exists():
        os.replace(written, data_dir / "dbt" / PARTIAL_PARSE_FILE)


# Unit tests run in the test suite. dagster-dbt points dbt's log file and JSON artifacts at the
# run's target folder, which is deleted once the build ends (the run's own log keeps every dbt
# event it streams): writing them cost ~15% of a build's time on tiny extracts.
DBT_BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test", "--log-level-file", "none", "--no-write-json"]


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=TRANSLATOR, pool=WAREHOUSE_POOL)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, scrutiny: ScrutinySettings):
    """dbt build of the selected models, seeds and their tests (unit tests run in the test suite)."""
    data_dir = Path(scrutiny.data_dir)
    target = data_dir / "dbt" / "target" / context.run_id
    restore_partial_parse(data_dir, target)
    try:
        yield from dbt.cli(DBT_BUILD_ARGS, context=context, target_path=target).stream()
    finally:
        keep_partial_parse(target, data_dir)
        shutil.rmtree(target, ignore_errors=True)


defs = dg.Definitions(assets=[warehouse_models])
