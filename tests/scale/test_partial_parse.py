"""dbt partially parses from the second run in a data directory on.

dbt's saved parse state holds a hash of the profile, and the profile holds the warehouse path:
state parsed for another data directory (the project's shared `target/partial_parse.msgpack`,
which dagster-dbt copies into each run's fresh target folder) makes dbt say "Unable to do
partial parsing because profile has changed" and parse everything. The transform asset keeps
each data directory's own state between runs; this drives the same two helpers around real
`dbt parse` calls and reads dbt's events.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from orchestration.defs.transform.assets import DBT_EXECUTABLE, keep_partial_parse, restore_partial_parse
from orchestration.settings import DBT_PROJECT_DIR, Settings


def dbt_parse_events(data_dir, target) -> dict[str, str]:
    """{event name: message} of one `dbt parse` (debug level: dbt says when it partially parses)."""
    env = {**os.environ, **Settings(raw_dir=data_dir, data_dir=data_dir).dbt_env()}
    args = [DBT_EXECUTABLE, "parse", "--log-format", "json", "--log-level", "debug", "--target-path", str(target)]
    args += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    events = [json.loads(line)["info"] for line in result.stdout.splitlines() if line.startswith("{")]
    return {event["name"]: event["msg"] for event in events}


def test_second_run_in_a_data_directory_partially_parses(tmp_path):
    elsewhere, data = tmp_path / "elsewhere", tmp_path / "data"
    dbt_parse_events(elsewhere, elsewhere / "target")  # state parsed for another data directory
    for run in ("run-1", "run-2"):
        target = data / "dbt" / "target" / run
        restore_partial_parse(data, target)
        if not target.exists():  # what dagster-dbt does when the data directory has no state yet
            target.mkdir(parents=True)
            shutil.copy(elsewhere / "target" / "partial_parse.msgpack", target)
        events = dbt_parse_events(data, target)
        keep_partial_parse(target, data)
        shutil.rmtree(target)
        if run == "run-1":
            assert "profile has changed" in events["UnableToPartialParse"]
    assert "UnableToPartialParse" not in events
    assert {"PartialParsingEnabled", "PartialParsingSkipParsing"} & set(events), sorted(events)
    assert (data / "dbt" / "partial_parse.msgpack").exists()
