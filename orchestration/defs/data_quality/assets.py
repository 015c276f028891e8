"""Data quality in Dagster: each rule family as asset checks on its source's raw asset, the
publish history restatements compare against, and the DQ report with its restricted record
lists (`reports/<quarter>/dq_report.html`, `reports/<quarter>/restricted/dq_<source>.xlsx`).

The families' checks never fail a run: a delivered extract always has some issues. A family
with hits is a warning check with the counts as metadata; without hits it passes.
"""

import os

import dagster as dg

from orchestration.defs.ingest.assets import raw_asset_key
from orchestration.defs.resources import WAREHOUSE_POOL, ScrutinySettings
from orchestration.lib.dq.history import record_published
from schemas import SOURCES
from schemas.dq_rules import rules

QUARTER_TAG = "scrutiny/quarter"
MART = dg.AssetKey(["published", "mart"])
DQ_SUMMARY = dg.AssetKey(["published", "dq_summary"])
DQ_RULES = dg.AssetKey(["published", "dq_rules"])
FAMILY_TEXT = {
    "structure": "Rows Pandera quarantined (a required field blank, a bad date, number or code, a missing column). "
    "Expected in any delivered extract: warns with the rows by rule, never fails the run.",
    "row": "Records whose own fields disagree (an end before its start, an outcome without its date).",
    "cross_row": "Records that clash with another row of the same table (a repeated key, overlapping periods).",
    "cross_source": "Records whose linked record (person, request, conference, plan) is missing.",
    "reference": "Records whose postcode, URN or code is not in the reference data.",
    "freshness": "The source's newest delivery against the run's last month: months it cannot cover.",
    "volume": "Monthly record counts outside the range of their trailing 12 months (robust z beyond 3.5).",
    "restatement": "Already published figures that a new delivery changed.",
    "dfe": "DfE SSDA903 validation rules (Data to Insight's csc-validator-be-903) on the newest 903 delivery.",
}


def families_by_source() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {name: [] for name in SOURCES}
    for rule in rules():
        if rule.family not in found[rule.source]:
            found[rule.source].append(rule.family)
    found["ssda903"].append("dfe")
    return found


def family_check_name(family: str) -> str:
    return f"dq_{family}"


CHECK_SPECS = [
    dg.AssetCheckSpec(
        family_check_name(family),
        asset=raw_asset_key(source),
        description=f"{family} rules on {source}: {FAMILY_TEXT[family]}",
        additional_deps=[DQ_SUMMARY, DQ_RULES],
    )
    for source, families in families_by_source().items()
    for family in families
]


@dg.multi_asset_check(
    specs=CHECK_SPECS,
    name="data_quality_families",
    description="Counts each source's rule hits by family from dq_summary (warehouse).",
    pool=WAREHOUSE_POOL,
    can_subset=True,
)
def data_quality_families(context: dg.AssetCheckExecutionContext, scrutiny: ScrutinySettings):
    import duckdb

    with duckdb.connect(str(scrutiny.settings.warehouse_path), read_only=True) as con:
        hits = con.execute(
            """
            select summary.source, rules.family, summary.rule_code, sum(summary.rows_affected)::bigint
            from marts.dq_summary as summary
            join (select distinct rule_code, source, family from marts.dq_rules) as rules
                on summary.rule_code = rules.rule_code and summary.source = rules.source
            group by all
            """
        ).fetchall()
    by_family: dict[tuple[str, str], dict[str, int]] = {}
    for source, family, rule_code, rows in hits:
        by_family.setdefault((source, family), {})[rule_code] = int(rows)
    for spec in CHECK_SPECS:
        if spec.key not in context.selected_asset_check_keys:  # a nightly run checks only what it rebuilt
            continue
        family = spec.name.removeprefix("dq_")
        counts = by_family.get((spec.asset_key.path[-1], family), {})
        yield dg.AssetCheckResult(
            asset_key=spec.asset_key,
            check_name=spec.name,
            passed=not counts,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_affected": dg.MetadataValue.int(sum(counts.values())),
                "rules_fired": dg.MetadataValue.int(len(counts)),
                "by_rule": dg.MetadataValue.json(counts),
            },
        )


PUBLISHED_HISTORY = dg.AssetSpec(
    key=dg.AssetKey(["history", "published_indicator_values"]),
    group_name="data_quality",
    kinds={"duckdb"},
    description="What each publish published (indicator_values with each source's delivery); appended by "
    "data_quality/published_history after the mart is swapped in, read by the next run's restatements.",
)


@dg.asset(
    key=dg.AssetKey(["data_quality", "published_history"]),
    group_name="data_quality",
    kinds={"duckdb"},
    deps=[MART],
    pool=WAREHOUSE_POOL,
    description="Appends the figures just published to history.published_indicator_values (one publish "
    "per source delivery), so a later delivery that changes them shows in restatements.",
)
def published_history(scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    recorded = record_published(settings.warehouse_path, settings.mart_path)
    return dg.MaterializeResult(metadata={"rows_recorded": dg.MetadataValue.int(recorded)})


def report_quarter(tags: dict[str, str], mart) -> str | None:
    """The run's `scrutiny/quarter` tag, else the mart's latest complete quarter (a label)."""
    import duckdb

    from orchestration.lib.periods import label_from_slug

    if tags.get(QUARTER_TAG):
        return label_from_slug(tags[QUARTER_TAG])
    with duckdb.connect(str(mart), read_only=True) as con:
        row = con.execute(
            "select period_label from indicator_values where period_type = 'quarter' order by period_end desc limit 1"
        ).fetchone()
    return row[0] if row else None


@dg.asset(
    key=dg.AssetKey(["reports", "dq_report"]),
    group_name="reports",
    kinds={"html", "excel"},
    deps=[MART, dg.AssetKey(["data_quality", "published_history"])],
    pool=WAREHOUSE_POOL,
    description="reports/<quarter>/dq_report.html (per source: freshness, rows, rules with counts, new and "
    "resolved, trends, volume anomalies with charts, restatements; no identifiers) and "
    "reports/<quarter>/restricted/dq_<source>.xlsx (the record lists per rule, restricted).",
)
def dq_report(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    import duckdb

    from orchestration.lib.periods import slug_from_label
    from orchestration.lib.reports.dq_report import gather, render_html
    from orchestration.lib.reports.restricted import write_workbooks

    settings = scrutiny.settings
    label = report_quarter(context.run.tags, settings.mart_path)
    if label is None:
        context.log.warning("the mart has no complete quarter: no DQ report written")
        return dg.MaterializeResult(metadata={"written": False})
    folder = settings.data_dir / "reports" / slug_from_label(label)
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        report = gather(con, label)
        workbooks = write_workbooks(con, folder / "restricted")
    path = folder / "dq_report.html"
    partial = path.with_name(f".{path.name}.{os.getpid()}.new")
    partial.write_text(render_html(report), encoding="utf-8")
    os.replace(partial, path)
    fired = {s.source: s.rules_fired for s in report.sources}
    context.log.info(f"DQ report {path}; rules fired: " + ", ".join(f"{s} {n}" for s, n in fired.items()))
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "restricted_folder": str(folder / "restricted"),
            "workbooks": dg.MetadataValue.int(len(workbooks)),
            "rules_fired": dg.MetadataValue.json(fired),
        }
    )


defs = dg.Definitions(assets=[PUBLISHED_HISTORY, published_history, dq_report], asset_checks=[data_quality_families])
