"""The Dagster code location: every area's definitions plus the shared resources.

Flow: raw/<source> (ingest, Pandera) -> staging -> intermediate -> indicators -> published -> reports;
data-quality rules show as checks on raw/<source>.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.data_quality import assets as data_quality
from orchestration.defs.dfe903 import assets as dfe903
from orchestration.defs.ingest import assets as ingest
from orchestration.defs.publish import assets as publish
from orchestration.defs.reference import assets as reference
from orchestration.defs.reports import assets as reports
from orchestration.defs.resources import ScrutinySettings
from orchestration.defs.schedules import jobs
from orchestration.defs.transform import assets as transform
from orchestration.defs.transform.resources import WarehouseDbtCliResource
from orchestration.settings import DBT_PROJECT_DIR, Settings


def build_definitions() -> dg.Definitions:
    Settings.from_env().export()
    resources = dg.Definitions(
        resources={
            "scrutiny": ScrutinySettings.from_env(),
            "dbt": WarehouseDbtCliResource(
                project_dir=str(DBT_PROJECT_DIR),
                profiles_dir=str(DBT_PROJECT_DIR),
                dbt_executable=transform.DBT_EXECUTABLE,
            ),
        }
    )
    return dg.Definitions.merge(
        ingest.defs,
        dfe903.defs,
        reference.defs,
        transform.defs,
        publish.defs,
        data_quality.defs,
        reports.defs,
        jobs.defs,
        resources,
    )


defs = build_definitions()
