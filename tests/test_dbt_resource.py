"""The dbt resource's shortcut holds: the dbt it drives is the dbt-core this Python imports."""

from __future__ import annotations

import re
import subprocess

from packaging import version

from orchestration.defs.transform.assets import DBT_EXECUTABLE
from orchestration.defs.transform.resources import WarehouseDbtCliResource
from orchestration.settings import DBT_PROJECT_DIR


def test_the_version_it_assumes_is_the_executables_own():
    resource = WarehouseDbtCliResource(project_dir=str(DBT_PROJECT_DIR), dbt_executable=DBT_EXECUTABLE)
    printed = subprocess.run([DBT_EXECUTABLE, "--version"], capture_output=True, text=True, check=True).stdout
    core = re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed) or re.search(r"(\d+\.\d+\.\d+)", printed)
    assert resource._cli_version == version.parse(core.group(1))
    assert resource._initialize_dbt_core_adapter(["build"]) is None  # no adapter opened in this process
