"""Jobs and schedules: the nightly run of what changed, the quarterly publication, the quarter
packs, and the catch-up that publishes the sources that did load when one source's delivery
could not be read."""

import json
import time

import dagster as dg
from dagster import DagsterEventType
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.defs.ingest.assets import INGEST_ASSETS
from orchestration.defs.partitions import QUARTER_TAG, QUARTERLY_TAGS, financial_quarters, quarter_key_of_slug
from orchestration.defs.reference.assets import USER_SUPPLIED_KEYS
from orchestration.defs.resources import ScrutinySettings
from orchestration.defs.schedules.plan import RunPlan, plan_for
from orchestration.lib.changes import hash_cache_path, load_hash_cache, write_atomically
from orchestration.lib.periods import previous_quarter, quarter_slug
from orchestration.lib.quarter_pack import latest_quarter

INGEST_KEYS = [key for asset in INGEST_ASSETS for key in asset.keys] + USER_SUPPLIED_KEYS
QUARTERLY_ASSETS = dg.AssetSelection.tag(*next(iter(QUARTERLY_TAGS.items())))
PARTITION_RANGE_TAGS = (ASSET_PARTITION_RANGE_START_TAG, ASSET_PARTITION_RANGE_END_TAG)

scrutiny_job = dg.define_asset_job(
    "scrutiny",
    selection=dg.AssetSelection.all() - QUARTERLY_ASSETS,
    executor_def=dg.in_process_executor,
    description="Ingest, build the warehouse, publish the mart. Registration is partitioned by month: a run "
    "names its months (a partition range). The nightly schedule and the file-arrival sensor run the subset "
    "that new deliveries touch.",
)

publish_available_job = dg.define_asset_job(
    "publish_available",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*INGEST_KEYS) - QUARTERLY_ASSETS,
    executor_def=dg.in_process_executor,
    description="Build and publish from what the warehouse holds, without ingesting: used after a run "
    "in which some source's files could not be read, so the other sources still publish.",
)

quarter_packs_job = dg.define_asset_job(
    "quarter_packs",
    selection=QUARTERLY_ASSETS,
    partitions_def=financial_quarters,
    executor_def=dg.in_process_executor,
    description="A financial quarter's report pack from the published mart (one partition per quarter; "
    "backfill a range to rebuild past quarters).",
)


def planned_request(plan: RunPlan, tags: dict[str, str] | None = None) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=plan.state.plan_id, asset_selection=plan.selection, tags={**plan.tags(), **(tags or {})}
    )


def _plan(context, scrutiny: ScrutinySettings, cache: dict, full_refresh: bool = False) -> tuple[RunPlan, dict]:
    return plan_for(scrutiny.settings, context.repository_def.asset_graph, cache, full_refresh)


@dg.schedule(
    job=scrutiny_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/London",
    description="Every night at 02:00: rebuild and republish what new, changed or withdrawn deliveries touch "
    "(a full rebuild when code or rules changed); skips, saying so, when nothing is new.",
)
def nightly(context: dg.ScheduleEvaluationContext, scrutiny: ScrutinySettings):
    settings = scrutiny.settings
    plan, files = _plan(context, scrutiny, load_hash_cache(settings))
    write_atomically(hash_cache_path(settings), json.dumps(files))
    if plan.nothing_to_do:
        return dg.SkipReason(plan.describe())
    context.log.info(plan.describe())
    return planned_request(plan)


@dg.schedule(
    job=scrutiny_job,
    cron_schedule="0 6 5 1,4,7,10 *",
    execution_timezone="Europe/London",
    description="06:00 on the 5th of each financial quarter's first month: rebuild everything and publish "
    "the quarter that has just ended (tagged scrutiny/quarter; its pack follows).",
)
def quarterly(context: dg.ScheduleEvaluationContext, scrutiny: ScrutinySettings) -> dg.RunRequest:
    quarter = quarter_slug(*previous_quarter(context.scheduled_execution_time.date()))
    plan, _ = _plan(context, scrutiny, load_hash_cache(scrutiny.settings), full_refresh=True)
    request = planned_request(plan, {QUARTER_TAG: quarter})
    return request.with_replaced_attrs(run_key=quarter)


SETTLE_SECONDS = 120  # a file modified more recently may still be being copied in


@dg.sensor(
    job=scrutiny_job,
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Runs what a delivery touches once its files have settled: files under raw/ keyed by SHA-256 "
    "(the cursor keeps each file's size, mtime and hash, so only new or touched files are re-hashed) against "
    "the inputs of the last publish. Never opens the warehouse. Off by default; the nightly schedule does the same.",
)
def delivery_arrived(context: dg.SensorEvaluationContext, scrutiny: ScrutinySettings):
    cache = json.loads(context.cursor) if context.cursor else {}
    plan, files = _plan(context, scrutiny, cache)
    context.update_cursor(json.dumps(files))
    if plan.nothing_to_do:
        return dg.SkipReason(plan.describe())
    newest = max((mtime for _, mtime, _ in files.values()), default=0) / 1e9
    if newest > time.time() - SETTLE_SECONDS:
        return dg.SkipReason("files under raw/ changed in the last two minutes: waiting for the delivery to settle")
    return planned_request(plan)


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    records = instance.get_records_for_run(run_id, of_type=DagsterEventType.STEP_FAILURE).records
    return {r.event_log_entry.step_key for r in records if r.event_log_entry.step_key}


def only_ingest_failed(steps: set[str]) -> bool:
    ingest_steps = {key.to_python_identifier() for key in INGEST_KEYS}
    return bool(steps) and steps <= ingest_steps


def catch_up_selection(selection) -> list[dg.AssetKey] | None:
    """The failed run's assets other than ingest (None: the whole catch-up job)."""
    return None if selection is None else sorted(set(selection) - set(INGEST_KEYS))


def catch_up_tags(tags) -> dict[str, str]:
    return {k: v for k, v in tags.items() if k not in PARTITION_RANGE_TAGS and not k.startswith("dagster/")}


@dg.run_failure_sensor(
    monitored_jobs=[scrutiny_job],
    request_job=publish_available_job,
    description="When only ingest steps failed, build and publish the rest of what the run was to build.",
)
def publish_after_partial_ingest(context: dg.RunFailureSensorContext):
    run = context.dagster_run
    if only_ingest_failed(failed_steps(context.instance, run.run_id)):
        yield dg.RunRequest(
            run_key=run.run_id, tags=catch_up_tags(run.tags), asset_selection=catch_up_selection(run.asset_selection)
        )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[scrutiny_job, publish_available_job],
    request_job=quarter_packs_job,
    description="After a publish, build the pack of the run's quarter (scrutiny/quarter), else the mart's latest.",
)
def pack_after_publish(context: dg.RunStatusSensorContext, scrutiny: ScrutinySettings):
    quarter = context.dagster_run.tags.get(QUARTER_TAG) or latest_quarter(scrutiny.settings.mart_path)
    if quarter:
        yield dg.RunRequest(run_key=context.dagster_run.run_id, partition_key=quarter_key_of_slug(quarter))


defs = dg.Definitions(
    jobs=[scrutiny_job, publish_available_job, quarter_packs_job],
    schedules=[nightly, quarterly],
    sensors=[delivery_arrived, publish_after_partial_ingest, pack_after_publish],
)
