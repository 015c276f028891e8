"""Housing: temporary accommodation (TA) placements from the housing system's local extract.

TA types are H-CLIC's TA1 categories: B&B hotels (`bb`), nightly paid self-contained
(`nightly_paid`), hostels (`hostel`), private sector leased (`psl`), LA/HA stock
(`la_ha_stock`) and `other`. Household IDs are personal (they identify a family) and are
pseudonymised in staging.
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

TA_TYPES = ("bb", "nightly_paid", "hostel", "psl", "la_ha_stock", "other")
YES_NO = ("Y", "N")

TA_PLACEMENTS = Table(
    name="ta_placements",
    key=("placement_id",),
    columns=(
        Col("placement_id", required=True),
        Col("household_id", required=True, personal=True),
        Col("ta_type", "code", required=True, codes=TA_TYPES),
        Col("start_date", "date", required=True),
        Col("end_date", "date"),
        Col("dependent_children", "integer", minimum=0),
        Col("pregnant_member", "code", codes=YES_NO),
        Col("out_of_area", "code", codes=YES_NO),
    ),
)

SOURCE = Source(
    name="housing",
    title="Temporary accommodation placements",
    standard="H-CLIC TA categories, local extract",
    mode="snapshot",
    versions={"2023-24": {"ta_placements": TA_PLACEMENTS}},
)
