"""Ingest: one asset per source system (raw layer), with its row-accounting and schema checks.

Each asset loads every delivered file of its source: valid rows to `raw_<source>`, invalid
rows to quarantine with reasons. A file that cannot be read at all fails the asset with a
message naming the file and the fix, after the source's other files have been loaded.
"""

import dagster as dg

from orchestration.defs.dfe903.validation import SOURCE as DFE903_SOURCE
from orchestration.defs.dfe903.validation import start_early
from orchestration.defs.partitions import months
from orchestration.defs.resources import PRIORITY_TAG, WAREHOUSE_POOL, ScrutinySettings
from orchestration.lib.warehouse import connect, raw_schema
from schemas import SOURCES, Source

CHECK_ROWS_ACCOUNTED = "rows_accounted_for"
CHECK_NO_QUARANTINE = "rows_pass_schema"
QUARANTINE_WARN_SHARE = 0.05  # a few quarantined rows are expected; more than 5% of a source's rows is a warning


def raw_asset_key(source: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source])


def _quarantine_by_rule(con, source: Source) -> dict[str, int]:
    rows = con.execute(
        "select table_name || '.' || column_name || ': ' || rule_code, count(distinct file_name || row_number) "
        "from meta.row_issues where source = ? group by 1 order by 2 desc",
        [source.name],
    ).fetchall()
    return {rule: int(n) for rule, n in rows}


def _in_partitions(context: dg.AssetExecutionContext, files: list) -> tuple[list, set[str] | None]:
    """A month-partitioned run loads (and withdraws) only its months' deliveries (YYYY-MM)."""
    if context.assets_def.partitions_def is None:  # a run's partition tags reach unpartitioned assets too
        return files, None
    deliveries = {key[:7] for key in context.partition_keys}
    return [f for f in files if f.delivery in deliveries], deliveries


def build_ingest_asset(source: Source, partitions_def: dg.PartitionsDefinition | None = None) -> dg.AssetsDefinition:
    key = raw_asset_key(source.name)
    early = source.name == DFE903_SOURCE

    @dg.asset(
        key=key,
        group_name=f"raw_{source.name}",
        kinds={"python", "duckdb"},
        pool=WAREHOUSE_POOL,
        # the 903 ingest first: it starts the DfE rules, which then run beside the other sources' ingest
        op_tags={PRIORITY_TAG: "10"} if early else None,
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run() if partitions_def else None,
        description=f"{source.title or source.name} ({source.standard}): {source.mode} deliveries under "
        f"raw/{source.name}/ validated and loaded into {raw_schema(source.name)}.",
        check_specs=[
            dg.AssetCheckSpec(
                CHECK_ROWS_ACCOUNTED,
                asset=key,
                blocking=True,
                description="For every loaded file: rows read (the file's non-blank records, counted from "
                "the file itself, not by the parser) = rows loaded + rows quarantined, and the warehouse holds "
                "exactly those rows. Blocking: a row lost or invented stops the source's models.",
            ),
            dg.AssetCheckSpec(
                CHECK_NO_QUARANTINE,
                asset=key,
                description="Rows failing their schema's rules are quarantined with reasons (counts by rule as "
                f"metadata); warns when they are over {QUARANTINE_WARN_SHARE:.0%} of the source's rows read.",
            ),
        ],
    )
    def ingest(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings):
        from orchestration.lib.ingest import (  # the ingest stack loads at run time only
            SourceOutcome,
            accounting_failures,
            discover,
            ingest_source,
        )

        settings = scrutiny.settings
        found = discover(settings.raw_dir)
        files, deliveries = _in_partitions(context, found.files.get(source.name, []))
        with connect(settings.warehouse_path) as con:
            outcome: SourceOutcome = ingest_source(
                con, source, files, found.problems.get(source.name, []), deliveries=deliveries
            )
            failures = accounting_failures(con, source.name)
            by_rule = _quarantine_by_rule(con, source)
            if early:
                start_early(con, settings.raw_dir, settings.warehouse_path, settings.la_code)
        totals = outcome.totals()
        for f in outcome.files:
            if f.status == "loaded":
                context.log.info(
                    f"{f.file.name}: {f.rows_read} rows read, {f.rows_loaded} loaded, {f.rows_quarantined} quarantined"
                )
        quarantined = totals["rows_quarantined"]
        # The checks are reported even when a file of the source is unreadable, so that the
        # other files' accounting is still held to their own record counts.
        yield dg.AssetCheckResult(
            check_name=CHECK_ROWS_ACCOUNTED,
            passed=not failures,
            metadata={
                "files_checked": totals["files"] - totals["files_duplicate"] - totals["files_unreadable"],
                "mismatches": dg.MetadataValue.json(failures),
            },
        )
        yield dg.AssetCheckResult(
            check_name=CHECK_NO_QUARANTINE,
            passed=quarantined <= QUARANTINE_WARN_SHARE * totals["rows_read"],
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_quarantined": quarantined,
                "rows_read": totals["rows_read"],
                "by_rule": dg.MetadataValue.json(by_rule),
            },
        )
        if outcome.unreadable:
            reasons = "; ".join(f.message for f in outcome.unreadable)
            raise dg.Failure(
                description=f"{len(outcome.unreadable)} file(s) of {source.name} could not be read: {reasons}",
                metadata={"files_unreadable": len(outcome.unreadable)},
            )
        yield dg.MaterializeResult(
            metadata={
                **{k: dg.MetadataValue.int(v) for k, v in totals.items()},
                "deliveries": sorted({f.delivery for f in files}),
            },
        )

    return ingest


@dg.asset(
    key=dg.AssetKey(["raw", "delivery_inventory"]),
    group_name="raw",
    kinds={"python"},
    description="What is under raw/: the supported sources' deliveries, and folders skipped because "
    "no source of that name is supported yet (raw/reference/ holds reference data).",
)
def delivery_inventory(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    from orchestration.lib.ingest import discover

    found = discover(scrutiny.settings.raw_dir)
    if found.skipped_sources:
        context.log.warning(f"skipped (not a supported source yet): {', '.join(found.skipped_sources)}")
    return dg.MaterializeResult(
        metadata={
            "sources_delivered": sorted(s for s, files in found.files.items() if files),
            "skipped_folders": found.skipped_sources,
            "files": dg.MetadataValue.int(sum(len(v) for v in found.files.values())),
            "misplaced_files": dg.MetadataValue.int(sum(len(v) for v in found.problems.values())),
        }
    )


# Incremental sources deliver one month per folder: a month is a partition, so a re-delivered
# month re-loads that partition only (see orchestration/defs/partitions.py).
INGEST_ASSETS = [
    build_ingest_asset(source, months if source.mode == "incremental" else None) for source in SOURCES.values()
]

# The ingest metadata tables every ingest asset writes; dbt reads them for load_log,
# dq_summary and the reporting months. Declared so that lineage shows where they come from.
INGEST_METADATA = [
    dg.AssetSpec(
        key=dg.AssetKey(["meta", name]),
        group_name="raw",
        kinds={"duckdb"},
        description=text,
        deps=[asset.key for asset in INGEST_ASSETS],
    )
    for name, text in (
        ("file_register", "Every delivered file: SHA-256, status, rows read, loaded and quarantined."),
        ("row_issues", "One row per broken rule per quarantined row: file, row, column, rule, what to do."),
        ("file_warnings", "File-level warnings and errors: encodings, extra or missing columns, unreadable files."),
    )
]
defs = dg.Definitions(assets=[delivery_inventory, *INGEST_ASSETS, *INGEST_METADATA])
