"""The Dagster code location loads, and shows what the UI promises."""

from datetime import datetime

import dagster as dg
import pytest

from orchestration.definitions import defs
from orchestration.defs.schedules.jobs import only_ingest_failed
from schemas import SOURCES


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)
    assert {job.name for job in defs.resolve_all_job_defs()} >= {"scrutiny", "publish_available"}


def test_every_layer_is_an_asset_group_and_each_source_has_its_own():
    groups = {spec.group_name for spec in defs.resolve_all_asset_specs()}
    assert {"staging", "intermediate", "indicators", "published", "reference"} <= groups
    assert {f"raw_{name}" for name in SOURCES} <= groups


def test_pandera_and_dbt_checks_are_asset_checks():
    checks = {(key.asset_key.to_user_string(), key.name) for key in defs.resolve_asset_graph().asset_check_keys}
    for name in SOURCES:
        assert (f"raw/{name}", "rows_accounted_for") in checks
        assert (f"raw/{name}", "rows_pass_schema") in checks
    assert any(asset == "published/indicator_values" and "unique_combination" in check for asset, check in checks)
    assert ("published/load_log", "rows_accounted_for_load_log_") in checks


def test_schedules():
    nightly = defs.resolve_schedule_def("nightly")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Europe/London")
    quarterly = defs.resolve_schedule_def("quarterly")
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 10, 5, 6))
    [request] = quarterly.evaluate_tick(context).run_requests
    assert request.tags["scrutiny/quarter"] == "2025-26-Q2"
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 4, 5, 6))
    assert quarterly.evaluate_tick(context).run_requests[0].tags["scrutiny/quarter"] == "2025-26-Q4"


@pytest.mark.parametrize(
    "steps, expected", [({"raw__ssda903"}, True), ({"raw__ssda903", "warehouse_models"}, False), (set(), False)]
)
def test_catch_up_runs_only_when_ingest_alone_failed(steps, expected):
    assert only_ingest_failed(steps) is expected
