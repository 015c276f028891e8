"""Which assets a change selects, on the real asset graph, and what the schedules do with it."""

from __future__ import annotations

import json
from datetime import datetime

import dagster as dg
import pytest

from orchestration.definitions import defs
from orchestration.defs.resources import ScrutinySettings
from orchestration.defs.schedules.plan import ANY_CHANGE, incremental_selection, is_hub, owners_by_key, plan_for
from orchestration.lib.changes import InputState, current_state, published_state_path, write_atomically
from tests.runs.test_changes import deliver

GRAPH = defs.resolve_asset_graph()
K = dg.AssetKey.from_user_string


def names(keys) -> set[str]:
    return {k.to_user_string() for k in keys}


def test_one_source_selects_its_models_and_everything_that_unions_all_sources_but_no_other_source():
    selected = names(incremental_selection(GRAPH, {K("raw/registration")}))
    assert {
        "raw/registration",
        "staging/stg_registration__death_registrations",
        "intermediate/int_death_registrations_timed",
        "intermediate/int_reporting_months",
        "indicators/ind_ph_deaths_reg_5d_pct",
        "published/indicator_values",
        "published/exceptions",
        "published/load_log",
        "published/dq_summary",
        "published/mart",
    } <= selected
    assert not {n for n in selected if n.startswith(("raw/ssd", "staging/stg_ssd", "staging/stg_adults"))}
    assert "indicators/ind_cs_lac_outside_la_pct" not in selected
    assert "reference/postcodes" not in selected


def test_what_reads_the_shared_hubs_alone_rebuilds_on_any_change_and_so_does_what_reads_it():
    owners = owners_by_key(GRAPH)
    assert owners[K("published/load_log")] == {ANY_CHANGE}
    assert ANY_CHANGE in owners[K("published/mart")]
    assert not owners[K("intermediate/int_reporting_months")]  # a hub passes on no owners


@pytest.mark.parametrize("root", ["raw/ssda903", "raw/adults", "reference/gias_establishments"])
def test_every_asset_that_reads_a_changed_input_is_selected(root):
    """Whatever is added downstream of a source later (a DfE validator asset, a DQ model) is
    selected with it, because it owns that source."""
    owners = owners_by_key(GRAPH)
    selected = incremental_selection(GRAPH, {K(root)})
    reads_it = {k for k in GRAPH.executable_asset_keys if K(root) in owners[k]}
    assert reads_it and reads_it <= selected
    other_sources = {k for k in GRAPH.executable_asset_keys if not is_hub(k) and not owners[k] & {K(root), ANY_CHANGE}}
    assert not selected & other_sources


def test_gias_reaches_the_independent_special_places_indicator():
    selected = names(incremental_selection(GRAPH, {K("reference/gias_establishments")}))
    assert "indicators/ind_cs_independent_special_places" in selected
    assert "indicators/ind_ph_deaths_reg_5d_pct" not in selected


@pytest.fixture
def settings(tmp_path):
    resource = ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))
    s = resource.settings
    deliver(s.raw_dir, "ssd/2025-10-03/ssd_person.csv")
    deliver(s.raw_dir, "registration/2025-08/death_registrations.csv")
    deliver(s.raw_dir, "registration/2025-09/death_registrations.csv")
    return resource


def publish_as_now(settings: ScrutinySettings) -> None:
    s = settings.settings
    s.published_dir.mkdir(parents=True, exist_ok=True)
    s.warehouse_path.touch()
    s.mart_path.touch()
    now, _ = current_state(s)
    write_atomically(published_state_path(s), InputState(now.data_dir, now.code, now.inputs, "2025-10-03").to_json())


def test_a_first_run_is_everything_over_every_delivered_month(settings):
    plan, _ = plan_for(settings.settings, GRAPH)
    assert plan.selection is None and plan.changes.full
    assert plan.month_range == ("2025-08-01", "2025-09-01")


def test_nightly_skips_saying_so_when_nothing_is_new_then_runs_the_new_month(settings):
    publish_as_now(settings)
    nightly = defs.resolve_schedule_def("nightly")
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2025, 10, 6, 2),
        repository_def=defs.get_repository_def(),
        resources={"scrutiny": settings},
    )
    result = nightly.evaluate_tick(context)
    assert not result.run_requests and "nothing new" in result.skip_message
    deliver(settings.settings.raw_dir, "registration/2025-10/death_registrations.csv")
    [request] = nightly.evaluate_tick(context).run_requests
    assert request.tags["dagster/asset_partition_range_start"] == "2025-10-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2025-10-01"
    assert "staging/stg_registration__death_registrations" in names(request.asset_selection)
    assert "staging/stg_ssd__persons" not in names(request.asset_selection)


def test_the_arrival_sensor_keeps_file_hashes_in_its_cursor_and_waits_for_files_to_settle(settings):
    publish_as_now(settings)
    sensor = defs.resolve_sensor_def("delivery_arrived")
    context = dg.build_sensor_context(repository_def=defs.get_repository_def(), resources={"scrutiny": settings})
    result = sensor.evaluate_tick(context)
    assert "nothing new" in result.skip_message
    cursor = json.loads(result.cursor)
    assert set(cursor) == {
        "ssd/2025-10-03/ssd_person.csv",
        *(f"registration/2025-0{m}/death_registrations.csv" for m in (8, 9)),
    }
    deliver(settings.settings.raw_dir, "registration/2025-10/death_registrations.csv")
    context = dg.build_sensor_context(
        cursor=result.cursor, repository_def=defs.get_repository_def(), resources={"scrutiny": settings}
    )
    waiting = sensor.evaluate_tick(context)
    assert not waiting.run_requests and "settle" in waiting.skip_message
