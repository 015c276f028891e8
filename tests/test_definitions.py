"""The Dagster code location loads, and shows what the UI promises."""

from datetime import datetime

import dagster as dg
import pytest

from orchestration.definitions import defs
from orchestration.defs.partitions import financial_quarters, months
from orchestration.defs.resources import ScrutinySettings
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
    assert ("published/indicator_values", "indicator_values_is_well_formed") in checks
    assert ("published/load_log", "rows_accounted_for_load_log_") in checks


def test_each_well_formed_check_is_named_after_its_asset():
    """The YAML names each `well_formed` test `<model>_is_well_formed` (docs/contributing.md), so a
    check keeps its name, and its history in the UI, when a rule is added; dbt's own name would
    change with the rules."""
    checks = defs.resolve_asset_graph().asset_check_keys
    named = {(key.asset_key.path[-1], key.name) for key in checks if "well_formed" in key.name}
    assert len(named) > 70
    assert [name for asset, name in named if name != f"{asset}_is_well_formed"] == []


def test_schedules(tmp_path):
    nightly = defs.resolve_schedule_def("nightly")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Europe/London")
    quarterly = defs.resolve_schedule_def("quarterly")
    resources = {"scrutiny": ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))}
    for when, quarter in ((datetime(2025, 10, 5, 6), "2025-26-Q2"), (datetime(2026, 4, 5, 6), "2025-26-Q4")):
        context = dg.build_schedule_context(
            scheduled_execution_time=when, repository_def=defs.get_repository_def(), resources=resources
        )
        [request] = quarterly.evaluate_tick(context).run_requests
        assert request.tags["scrutiny/quarter"] == quarter
        assert request.asset_selection is None  # the quarter's publication rebuilds everything


def test_partitions_show_in_the_ui_registration_by_month_and_quarter_packs_by_financial_quarter():
    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey(["raw", "registration"])).partitions_def == months
    assert graph.get(dg.AssetKey(["reports", "quarter_pack"])).partitions_def == financial_quarters
    assert graph.get(dg.AssetKey(["published", "mart"])).partitions_def is None  # one file for every period
    assert defs.resolve_job_def("quarter_packs").partitions_def == financial_quarters
    assert (
        dg.AssetKey(["reports", "quarter_pack"]) not in defs.resolve_job_def("scrutiny").asset_layer.selected_asset_keys
    )


@pytest.mark.parametrize(
    "steps, expected", [({"raw__ssda903"}, True), ({"raw__ssda903", "warehouse_models"}, False), (set(), False)]
)
def test_catch_up_runs_only_when_ingest_alone_failed(steps, expected):
    assert only_ingest_failed(steps) is expected
