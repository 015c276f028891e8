"""Partitions shared by every area: financial quarters (reports, publish) and calendar months
(incremental sources). Dagster has no quarterly class; a time window on the first day of each
financial quarter (Apr, Jul, Oct, Jan) is one. Keys are the quarter's first day, `2025-07-01`."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import dagster as dg

from orchestration.lib.periods import parse_quarter, quarter_of, quarter_slug
from orchestration.lib.quarter_pack import latest_quarter

# A month range or quarter range runs as one step (BackfillPolicy.single_run), which Dagster marks beta.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)

FIRST_QUARTER = "2019-04-01"

financial_quarters = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1,4,7,10 *", start=FIRST_QUARTER, fmt="%Y-%m-%d", timezone="Europe/London"
)
months = dg.MonthlyPartitionsDefinition(start_date="2019-04-01", timezone="Europe/London")


def quarter_slug_of_key(key: str) -> str:
    """'2025-07-01' -> '2025-26-Q2', the form folders and the command line use."""
    return quarter_slug(*quarter_of(date.fromisoformat(key)))


def quarter_key_of_slug(slug: str) -> str:
    """'2025-26-Q2' -> '2025-07-01', the partition key."""
    start_year, quarter = parse_quarter(slug)
    month = 3 * quarter + 1
    return date(start_year + (month > 12), (month - 1) % 12 + 1, 1).isoformat()


# Assets partitioned by financial quarter carry this tag: they run in the `quarter_packs` job,
# one run per quarter (or a range), never in the nightly job, whose registration ingest is
# partitioned by month (Dagster runs one partitions definition per run).
QUARTERLY_TAGS = {"scrutiny/partitioned_by": "financial_quarter"}
QUARTER_TAG = "scrutiny/quarter"


def quarters_for(context: dg.AssetExecutionContext, mart_path: Path) -> list[str]:
    """The quarters an asset builds, as '2025-26-Q2': its partitions (one, or a backfill's range)
    when partitioned by financial quarter, else the run tag `scrutiny/quarter`, else the latest
    quarter in the mart (none before a first publish)."""
    if context.assets_def.partitions_def == financial_quarters:
        return [quarter_slug_of_key(key) for key in context.partition_keys]
    tagged = context.run.tags.get(QUARTER_TAG)
    if tagged:
        return [tagged]
    latest = latest_quarter(mart_path)
    return [latest] if latest else []


def quarter_for(context: dg.AssetExecutionContext, mart_path: Path) -> str | None:
    """`quarters_for` for an asset that builds one quarter per run: a report asset adopts the
    partitions with `partitions_def=financial_quarters, tags=QUARTERLY_TAGS` and this call."""
    quarters = quarters_for(context, mart_path)
    if len(quarters) > 1:
        raise dg.Failure(f"this asset builds one quarter per run, not {len(quarters)}: backfill one quarter per run")
    return quarters[0] if quarters else None
