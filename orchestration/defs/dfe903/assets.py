"""The DfE SSDA903 validation rules (Data to Insight's csc-validator-be-903) on the newest 903 delivery.

Runs after the 903 ingest (which records the files' SHA-256s), only when that delivery's files
changed. The 903 ingest runs first and starts the validator on the raw files in the background
(`start_early`); this asset runs after the other sources' ingest and collects its hits, so the
validator has had the second core meanwhile. Without its environment the asset completes and
warns once how to install it.
"""

from datetime import datetime

import dagster as dg

from orchestration.defs.dfe903.validation import (
    INSTALL_HINT,
    delivery_csv_files,
    last_validated,
    newest_delivery,
    run_validator,
    store,
    take_started,
    validator_python,
)
from orchestration.defs.ingest.assets import raw_asset_key
from orchestration.defs.resources import PRIORITY_TAG, WAREHOUSE_POOL, ScrutinySettings
from orchestration.lib.warehouse import connect

HITS_KEY = dg.AssetKey(["dq_dfe", "ssda903_hits"])
RULES_KEY = dg.AssetKey(["dq_dfe", "ssda903_rules"])
CHECK_DFE_RULES = "dfe903_rules_pass"


@dg.multi_asset(
    name="dfe903_validation",
    group_name="dq_dfe",
    pool=WAREHOUSE_POOL,
    # last before dbt: the validator the 903 ingest started runs meanwhile, beside the other sources' ingest
    op_tags={PRIORITY_TAG: "-10"},
    specs=[
        dg.AssetSpec(
            HITS_KEY,
            deps=[raw_asset_key("ssda903")],
            kinds={"python", "duckdb"},
            description="Hits of the DfE SSDA903 rules (csc-validator-be-903) on the newest 903 delivery: "
            "rule, table, file, file row and CHILD (restricted).",
        ),
        dg.AssetSpec(
            RULES_KEY,
            deps=[raw_asset_key("ssda903")],
            kinds={"python", "duckdb"},
            description="The DfE SSDA903 rules the validator evaluated on the newest 903 delivery.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            CHECK_DFE_RULES,
            asset=HITS_KEY,
            description="The newest 903 delivery passes the DfE's SSDA903 validation rules "
            "(warns with the number of hits per rule).",
        )
    ],
)
def dfe903_validation(context: dg.AssetExecutionContext, scrutiny: ScrutinySettings):
    settings = scrutiny.settings
    import duckdb

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        delivery = newest_delivery(con)
        previous = last_validated(con, delivery) if delivery else None
    python = validator_python()
    if delivery is None:
        status, metadata = "no 903 delivery", {}
    elif previous is not None:
        status, metadata = "unchanged since last validated", previous
        context.log.info(f"DfE SSDA903 rules: delivery {delivery.name} unchanged since it was validated; not re-run")
    elif not python.exists():
        status, metadata = "skipped: validator not installed", {}
        context.log.warning(f"DfE SSDA903 rules skipped: no validator environment at {python}; {INSTALL_HINT}")
    else:
        csv_files = delivery_csv_files(settings.raw_dir, delivery)
        for table, name, _ in delivery.files:
            if table not in csv_files:
                context.log.warning(f"DfE SSDA903 rules: {name} is not CSV (the DfE upload form); not validated")
        started = take_started(settings.warehouse_path, delivery)
        if started is not None:
            output, run_by = started.result(), "started by the 903 ingest"
        else:
            output, run_by = run_validator(python, csv_files, delivery.collection_year, settings.la_code), "this step"
        with connect(settings.warehouse_path) as con:
            store(con, delivery, output, datetime.now())
        status = "validated"
        metadata = {
            "collection_year": delivery.collection_year,
            "rules_evaluated": output.summary["rules_evaluated"],
            "hits": len(output.hits),
            "seconds": output.summary["seconds"],
            "rules_failed_to_run": output.summary["rules_failed"],
            "validator_run_by": run_by,
        }
        context.log.info(
            f"DfE SSDA903 rules on {delivery.name}: {len(output.hits)} hits from "
            f"{output.hits['code'].nunique()} of {output.summary['rules_evaluated']} rules evaluated "
            f"in {output.summary['seconds']} s"
            + (
                f"; rules {', '.join(output.summary['rules_failed'])} failed inside the validator"
                if output.summary["rules_failed"]
                else ""
            )
        )
    common = {"status": status, "delivery": delivery.name if delivery else "", **metadata}
    yield dg.MaterializeResult(asset_key=HITS_KEY, metadata=common)
    yield dg.MaterializeResult(asset_key=RULES_KEY, metadata=common)
    by_rule = _hits_by_rule(settings.warehouse_path, delivery.name) if delivery else {}
    yield dg.AssetCheckResult(
        check_name=CHECK_DFE_RULES,
        asset_key=HITS_KEY,
        passed=status in ("validated", "unchanged since last validated", "no 903 delivery") and not by_rule,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"status": status, "hits": sum(by_rule.values()), "by_rule": dg.MetadataValue.json(by_rule)},
    )


def _hits_by_rule(warehouse, delivery: str) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'dq_dfe' "
            "and table_name = 'ssda903_hits'"
        ).fetchone()[0]
        if not present:
            return {}
        rows = con.execute(
            "select rule_code, count(*) from dq_dfe.ssda903_hits where delivery = ? group by 1 order by 2 desc",
            [delivery],
        ).fetchall()
    return {code: int(n) for code, n in rows}


defs = dg.Definitions(assets=[dfe903_validation])
