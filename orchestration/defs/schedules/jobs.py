"""Jobs and schedules: nightly refresh, quarterly publication, and the catch-up that
publishes the sources that did load when one source's delivery could not be read."""

import dagster as dg
from dagster import DagsterEventType

from orchestration.defs.ingest.assets import INGEST_ASSETS
from orchestration.defs.reference.assets import USER_SUPPLIED_KEYS
from orchestration.lib.periods import previous_quarter, quarter_slug

INGEST_KEYS = [key for asset in INGEST_ASSETS for key in asset.keys] + USER_SUPPLIED_KEYS

scrutiny_job = dg.define_asset_job(
    "scrutiny",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Everything: ingest every source, build the warehouse, publish the mart.",
)

publish_available_job = dg.define_asset_job(
    "publish_available",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*INGEST_KEYS),
    executor_def=dg.in_process_executor,
    description="Build and publish from what the warehouse holds, without ingesting: used after a run "
    "in which some source's files could not be read, so the other sources still publish.",
)

nightly = dg.ScheduleDefinition(
    name="nightly",
    job=scrutiny_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/London",
    description="Every night at 02:00: pick up new deliveries and republish.",
)


@dg.schedule(
    job=scrutiny_job,
    cron_schedule="0 6 5 1,4,7,10 *",
    execution_timezone="Europe/London",
    description="06:00 on the 5th of each financial quarter's first month: publish the quarter "
    "that has just ended (tagged scrutiny/quarter).",
)
def quarterly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    quarter = quarter_slug(*previous_quarter(context.scheduled_execution_time.date()))
    return dg.RunRequest(run_key=quarter, tags={"scrutiny/quarter": quarter})


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    records = instance.get_records_for_run(run_id, of_type=DagsterEventType.STEP_FAILURE).records
    return {r.event_log_entry.step_key for r in records if r.event_log_entry.step_key}


def only_ingest_failed(steps: set[str]) -> bool:
    ingest_steps = {key.to_python_identifier() for key in INGEST_KEYS}
    return bool(steps) and steps <= ingest_steps


@dg.run_failure_sensor(
    monitored_jobs=[scrutiny_job],
    request_job=publish_available_job,
    description="When only ingest steps failed, build and publish the rest.",
)
def publish_after_partial_ingest(context: dg.RunFailureSensorContext):
    if only_ingest_failed(failed_steps(context.instance, context.dagster_run.run_id)):
        yield dg.RunRequest(run_key=context.dagster_run.run_id, tags=context.dagster_run.tags)


defs = dg.Definitions(
    jobs=[scrutiny_job, publish_available_job], schedules=[nightly, quarterly], sensors=[publish_after_partial_ingest]
)
