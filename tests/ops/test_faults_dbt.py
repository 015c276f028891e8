"""kill -9 at the start of each dbt phase (issue 10, item 6), on tiny extracts.

A first run completes in a fresh data directory (the baseline); then a run is killed by the
SCRUTINY_FAULT_AT hook at the first model of each layer the dbt step materialises. Each kill
leaves the baseline mart byte for byte, and a last run stops what the dead run left (the dbt it
started would go on holding the warehouse), completes and publishes the baseline's figures.
Before the fix the run after a dbt-phase kill hung silently behind the dead run's slot.
"""

from __future__ import annotations

import pytest

from tests.ops import faults
from tests.ops.cli import figures, housing_extracts, scrutiny_run

pytestmark = pytest.mark.heavy

DBT_PHASES = ("dbt:data_quality", "dbt:reference", "dbt:intermediate", "dbt:indicators", "dbt:published")


@pytest.fixture(scope="module")
def lived(tmp_path_factory, postcode_dir) -> dict:
    extracts = housing_extracts(tmp_path_factory.mktemp("faults_dbt"), postcode_dir)
    mart = extracts.data / "published" / "mart.duckdb"
    seen = {"first": scrutiny_run(extracts)}
    seen["baseline"] = figures(mart)
    seen["baseline_state"] = faults.state(mart)
    faults.kill_at_each(extracts, DBT_PHASES, seen)
    return seen


def test_the_baseline_run_completes(lived):
    assert lived["first"].returncode == 0, lived["first"].stderr


@pytest.mark.parametrize("point", DBT_PHASES)
def test_a_kill_leaves_the_last_mart_readable_and_complete(lived, point):
    faults.assert_the_kill_left_the_mart(lived, point)


def test_after_every_kill_a_run_completes_with_the_uninterrupted_figures(lived):
    faults.assert_the_last_run_recovered(lived, DBT_PHASES[-1])


def test_the_dagster_instance_stays_sound(lived):
    faults.assert_the_instance_is_sound(lived, [faults.run_id_of(lived[p][0].stderr) for p in DBT_PHASES])
