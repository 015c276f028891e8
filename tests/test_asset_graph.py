"""The Dagster asset graph, pinned: asset keys with their groups and upstream assets, asset
checks, jobs with the assets they run, schedules and sensors. Any change to the graph shows
as a diff of tests/__snapshots__/test_asset_graph/*.json in review. After an intended change:

    .venv/bin/python -m pytest tests/test_asset_graph.py --snapshot-update

and commit the updated snapshot with the change."""

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from orchestration.definitions import defs


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def describe_graph() -> dict:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "upstream": sorted(parent.to_user_string() for parent in node.parent_keys),
            "checks": sorted(check.name for check in node.check_keys),
        }
    jobs = {
        job.name: sorted(key.to_user_string() for key in job.asset_layer.selected_asset_keys)
        for job in defs.resolve_all_job_defs()
        if not job.name.startswith("__")
    }
    schedules = [defs.resolve_schedule_def(schedule.name) for schedule in defs.schedules or []]
    sensors = [defs.resolve_sensor_def(sensor.name) for sensor in defs.sensors or []]
    schedules = {
        schedule.name: {
            "cron": schedule.cron_schedule,
            "timezone": schedule.execution_timezone,
            "job": schedule.job_name,
            "default_status": schedule.default_status.value,
        }
        for schedule in schedules
    }
    sensors = {
        sensor.name: {
            "jobs": sorted(target.job_name for target in sensor.targets),
            "minimum_interval_seconds": sensor.minimum_interval_seconds,
            "default_status": sensor.default_status.value,
        }
        for sensor in sensors
    }
    return {"assets": assets, "jobs": jobs, "schedules": schedules, "sensors": sensors}


def test_asset_graph_matches_the_snapshot(snapshot_json):
    assert describe_graph() == snapshot_json
