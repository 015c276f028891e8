"""The catalogue seed is the one list of indicators: every catalogue row has its model and its
YAML beside it, every indicator model has a catalogue row, dbt unions exactly those models, and
the README names no indicator the catalogue does not have."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, Settings, indicator_ids

INDICATOR_MODELS = DBT_PROJECT_DIR / "models" / "marts" / "indicators"


def test_every_catalogue_row_has_its_model_and_yaml_and_nothing_else_is_an_indicator():
    expected = {f"ind_{indicator_id.lower()}" for indicator_id in indicator_ids()}
    assert len(expected) == len(indicator_ids()) > 0
    assert {path.stem for path in INDICATOR_MODELS.glob("ind_*.sql")} == expected
    assert {path.stem for path in INDICATOR_MODELS.glob("ind_*.yml")} == expected
    for name in expected:
        assert f"name: {name}\n" in (INDICATOR_MODELS / f"{name}.yml").read_text()


def test_readme_names_only_catalogue_indicators():
    """The README lists no indicators of its own (it points to the catalogue); every indicator id
    it shows, e.g. in the example RAG table, is a catalogue id."""
    readme = (REPO_ROOT / "README.md").read_text()
    shown = set(re.findall(r"\b(?:CS|ASC|HOU|PH)_[A-Z0-9_]+\b", readme))
    assert shown and shown <= set(indicator_ids())


def test_dbt_unions_every_catalogue_indicator(tmp_path):
    """Parsed the way the pipeline parses (Settings.dbt_env): indicator_periods depends on one
    model per catalogue row, so adding an indicator needs no list edited anywhere."""
    settings = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
        ],
        env={**os.environ, **settings.dbt_env()},
        check=True,
        capture_output=True,
    )
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    upstream = manifest["nodes"]["model.scrutiny.indicator_periods"]["depends_on"]["nodes"]
    assert sorted(node for node in upstream if node.startswith("model.")) == sorted(
        f"model.scrutiny.ind_{indicator_id.lower()}" for indicator_id in indicator_ids()
    )
    intermediate_reading_marts = [
        (node["name"], parent)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["path"].startswith("intermediate/")
        for parent in node["depends_on"]["nodes"]
        if manifest["nodes"].get(parent, {}).get("path", "").startswith("marts/")
    ]
    assert intermediate_reading_marts == []
