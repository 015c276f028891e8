"""Reports: the public cut and the committee pack for the run's quarter (the `scrutiny/quarter`
run tag, else the mart's latest complete quarter), all from the published mart. Each builder
writes new files and renames them into place, so a failed run leaves the last outputs."""

import dagster as dg

from orchestration.defs.resources import ScrutinySettings
from orchestration.lib.reports.outputs import QUARTER_TAG, public_dir, report_quarter, reports_dir

MART = dg.AssetKey(["published", "mart"])
PUBLIC_CUT = dg.AssetKey(["published", "public"])


def _quarter(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> str:
    try:
        return report_quarter(scrutiny.settings.mart_path, context.run.tags.get(QUARTER_TAG))
    except ValueError as error:
        raise dg.Failure(description=str(error)) from error


@dg.asset(
    key=PUBLIC_CUT,
    group_name="published",
    kinds={"csv", "parquet"},
    deps=[MART],
    description="data/published/public/: indicators, indicator_values and indicator_spc as CSV and Parquet "
    "with disclosure control (1 to 4 shown as c, and whatever would give a suppressed figure away); "
    "built only from the mart, the folder replaced whole.",
)
def public_cut(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    from orchestration.lib.reports.public_cut import build_public_cut

    settings = scrutiny.settings
    counts = build_public_cut(settings.mart_path, public_dir(settings))
    context.log.info(f"public cut {public_dir(settings)}: {counts}")
    return dg.MaterializeResult(
        metadata={"path": str(public_dir(settings)), **{k: dg.MetadataValue.int(v) for k, v in counts.items()}}
    )


@dg.asset_check(
    asset=PUBLIC_CUT,
    blocking=True,
    description="Reads the written indicator_values.csv back: no shown count of 1 to 4 and no shown "
    "percentage or rate whose numerator or denominator minus numerator is 1 to 4.",
)
def public_cut_discloses_no_small_numbers(scrutiny: ScrutinySettings) -> dg.AssetCheckResult:
    from orchestration.lib.reports.public_cut import disclosure_breaches

    breaches = disclosure_breaches(public_dir(scrutiny.settings))
    return dg.AssetCheckResult(
        passed=not breaches, metadata={"breaches": len(breaches), "first": ", ".join(breaches[:5]) or "none"}
    )


@dg.asset(
    key=dg.AssetKey(["reports", "exceptions"]),
    group_name="reports",
    kinds={"html", "excel"},
    deps=[MART],
    description="reports/<quarter>/exceptions.html and .xlsx: Appendix 1 (Red) and 2 (Amber and Worsening) "
    "with narratives (drafted where the service sent none, and marked) and other commentary.",
)
def exceptions_report(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    from orchestration.lib.reports.exceptions import build_exceptions_report

    settings = scrutiny.settings
    quarter = _quarter(context, scrutiny)
    try:
        paths = build_exceptions_report(settings.mart_path, quarter, reports_dir(settings, quarter))
    except ValueError as error:  # the quarter asked for is not in the mart
        raise dg.Failure(description=str(error)) from error
    context.log.info(f"{quarter}: " + ", ".join(str(p) for p in paths))
    return dg.MaterializeResult(metadata={"quarter": quarter, "paths": [str(p) for p in paths]})


@dg.asset(
    key=dg.AssetKey(["reports", "dashboard"]),
    group_name="reports",
    kinds={"html"},
    deps=[PUBLIC_CUT],
    description="reports/<quarter>/dashboard.html: the scrutiny dashboard (cards, badges, 36-month trends with "
    "target, England, quarter markers and SPC limits), self-contained and built only from the public cut.",
)
def dashboard(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    from orchestration.lib.reports.dashboard import build_dashboard

    settings = scrutiny.settings
    quarter = _quarter(context, scrutiny)
    try:
        path = build_dashboard(public_dir(settings), quarter, reports_dir(settings, quarter))
    except ValueError as error:
        raise dg.Failure(description=str(error)) from error
    context.log.info(f"{quarter}: {path}")
    return dg.MaterializeResult(metadata={"quarter": quarter, "path": str(path)})


defs = dg.Definitions(
    assets=[public_cut, exceptions_report, dashboard], asset_checks=[public_cut_discloses_no_small_numbers]
)
