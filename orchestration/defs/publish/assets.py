"""Publish: the aggregate mart dashboards read (`data/published/mart.duckdb`)."""

import dagster as dg

from orchestration.defs.resources import ScrutinySettings
from orchestration.lib.publish import PUBLISHED_TABLES, publish_mart

MART_MODELS = [dg.AssetKey(["published", table]) for table in PUBLISHED_TABLES]


@dg.asset(
    key=dg.AssetKey(["published", "mart"]),
    group_name="published",
    kinds={"duckdb"},
    deps=MART_MODELS,
    description="data/published/mart.duckdb: the contract's aggregate tables, replaced atomically; "
    "dashboards open it read-only. No record-level or personal data.",
)
def mart(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    counts = publish_mart(settings.warehouse_path, settings.mart_path)
    context.log.info(f"published {settings.mart_path}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return dg.MaterializeResult(
        metadata={"path": str(settings.mart_path), **{f"rows_{t}": dg.MetadataValue.int(n) for t, n in counts.items()}}
    )


defs = dg.Definitions(assets=[mart])
