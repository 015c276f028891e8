"""What the operator sees when a source's file is refused (issue 10, item 8): its one line, no
Python traceback on the terminal, progress per phase with times and a summary instead of a line
per dbt test, and the path of the run's log file, which holds the full Dagster and dbt log.

Before the fix Dagster's console logger printed every event (a line per dbt test, 600+ lines)
and the refused file's traceback beside its message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ops.cli import housing_extracts, scrutiny_run

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def refused_file_run(tmp_path_factory, postcode_dir):
    extracts = housing_extracts(tmp_path_factory.mktemp("operator"), postcode_dir)
    blank = extracts.raw / "registration" / "2024-03" / "death_registrations.csv"
    blank.parent.mkdir(parents=True)
    blank.write_bytes(b"")
    return scrutiny_run(extracts)


def test_a_refused_file_gives_its_line_and_no_traceback(refused_file_run):
    result = refused_file_run
    assert result.returncode == 1
    terminal = result.stdout + result.stderr
    assert "Traceback" not in terminal and 'File "' not in terminal
    last = result.stderr.splitlines()[-1]
    assert last.startswith("scrutiny: raw__registration: ")
    assert "registration/2024-03/death_registrations.csv: the file is blank" in last


def test_progress_per_phase_with_times_then_a_summary(refused_file_run):
    lines = refused_file_run.stderr.splitlines()
    timed = re.compile(r"\(\d+\.\d s\)$")
    assert any(line.split(" ", 1)[1].startswith("ingest housing: 1 file(s), 3 rows read") for line in lines)
    assert any("ingest registration: failed" in line and timed.search(line) for line in lines)
    dbt = [line for line in lines if "dbt build: done;" in line]
    assert len(dbt) == 1 and timed.search(dbt[0]) and re.search(r"tests: \d+ passed", dbt[0])
    assert any("publish: mart replaced" in line and timed.search(line) for line in lines)
    assert any(re.search(r"run \S+ failed in \d+\.\d s: ", line) for line in lines)
    dbt_tests = int(re.search(r"tests: (\d+) passed", dbt[0]).group(1))
    assert dbt_tests > 20 and len(lines) < dbt_tests, "one line per phase, not one per dbt test"
    assert "PASS" not in refused_file_run.stdout and len(refused_file_run.stdout.splitlines()) < 30


def test_the_log_file_holds_the_full_dagster_and_dbt_log(refused_file_run):
    [path] = {line.rsplit("full log: ", 1)[1] for line in refused_file_run.stderr.splitlines() if "full log: " in line}
    text = Path(path).read_text()
    assert "dagster - " in text and "death_registrations.csv: the file is blank" in text
    assert "Finished dbt command" in text
