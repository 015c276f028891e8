"""Publish: the aggregate mart dashboards read (`data/published/mart.duckdb`), and the quarter
packs under `data/reports/<quarter>/`.

The mart is one file for every period, rebuilt and replaced whole, so it is not partitioned.
A quarter's pack is: partitioned by financial quarter, built from the mart for that quarter,
so a backfill over a quarter range rebuilds past quarters' packs, byte for byte the same when
the mart is the same.
"""

import json

import dagster as dg

from orchestration.defs.partitions import QUARTERLY_TAGS, financial_quarters, quarters_for
from orchestration.defs.resources import ScrutinySettings
from orchestration.defs.schedules.plan import PLAN_TAG
from orchestration.lib.changes import (
    current_state,
    hash_cache_path,
    load_hash_cache,
    plan_path,
    published_state_path,
    read_state,
    write_atomically,
)
from orchestration.lib.publish import PUBLISHED_TABLES, publish_mart
from orchestration.lib.quarter_pack import FIGURES, write_pack
from orchestration.settings import Settings

MART_MODELS = [dg.AssetKey(["published", table]) for table in PUBLISHED_TABLES]
MART_KEY = dg.AssetKey(["published", "mart"])


def record_published_inputs(context: dg.AssetExecutionContext, settings: Settings) -> str:
    """What this publish was built from (the run's plan, or the files as they are now), so the
    next nightly run rebuilds only what changed after it. Written only after a publish."""
    import duckdb

    planned = context.run.tags.get(PLAN_TAG)
    state = read_state(plan_path(settings, planned)) if planned else None
    if state is None:
        state, files = current_state(settings, load_hash_cache(settings))
        write_atomically(hash_cache_path(settings), json.dumps(files))
    with duckdb.connect(str(settings.warehouse_path)) as con:
        newest = con.execute(
            "select max(delivery) from meta.file_register where mode = 'snapshot' and status in ('loaded', 'duplicate')"
        ).fetchone()[0]
    state = type(state)(state.data_dir, state.code, state.inputs, newest)
    write_atomically(published_state_path(settings), state.to_json())
    if planned:
        plan_path(settings, planned).unlink(missing_ok=True)
    return state.plan_id


@dg.asset(
    key=MART_KEY,
    group_name="published",
    kinds={"duckdb"},
    deps=MART_MODELS,
    description="data/published/mart.duckdb: the contract's aggregate tables, replaced atomically; "
    "dashboards open it read-only. No record-level or personal data. Not partitioned: one file holds "
    "every period. Records the inputs it was built from (data/state/published.json) for the nightly run.",
)
def mart(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    counts = publish_mart(settings.warehouse_path, settings.mart_path)
    context.log.info(f"published {settings.mart_path}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    inputs = record_published_inputs(context, settings)
    return dg.MaterializeResult(
        metadata={
            "path": str(settings.mart_path),
            "inputs": inputs,
            **{f"rows_{t}": dg.MetadataValue.int(n) for t, n in counts.items()},
        }
    )


@dg.asset(
    key=dg.AssetKey(["reports", "quarter_pack"]),
    group_name="reports",
    kinds={"csv"},
    deps=[MART_KEY],
    partitions_def=financial_quarters,
    backfill_policy=dg.BackfillPolicy.single_run(),
    tags=QUARTERLY_TAGS,
    description="data/reports/<quarter>/: the quarter's figures (its row and its months' rows of every "
    "indicator, from the published mart) and a manifest with their SHA-256. One partition per financial "
    "quarter (key: the quarter's first day); a backfill over a range rebuilds past quarters' packs.",
)
def quarter_pack(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    reports = settings.data_dir / "reports"
    try:
        built = {
            slug: write_pack(settings.mart_path, reports, slug) for slug in quarters_for(context, settings.mart_path)
        }
    except ValueError as exc:
        raise dg.Failure(str(exc)) from None
    for slug, manifest in built.items():
        context.log.info(f"{reports / slug}: {manifest['rows']} rows of {manifest['indicators']} indicators")
    return dg.MaterializeResult(
        metadata={
            "quarters": sorted(built),
            "sha256": dg.MetadataValue.json({s: m["sha256"][FIGURES] for s, m in built.items()}),
        }
    )


defs = dg.Definitions(assets=[mart, quarter_pack])
