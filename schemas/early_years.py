"""Early years census style extracts: `ey_funded_children` and `ey_providers`.

`ey_funded_children` has one row per funded child per provider per census (a child may be
funded at several providers); child_id is personal (pseudonymised in staging).
`ey_providers` has one row per provider per Ofsted judgement (its inspection history), with
the Early Years Register outcomes: the four grades, Met / Not met (no children on roll at
inspection) and None (registered, not yet inspected).
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

JUDGEMENTS = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Met", "Not met", "None")

EY_FUNDED_CHILDREN = Table(
    name="ey_funded_children",
    key=("child_id", "census_date", "provider_urn"),
    columns=(
        Col("child_id", required=True, personal=True),
        Col("census_date", "date", required=True),
        Col("provider_urn", required=True),
        Col("age", "integer", required=True, minimum=0),
        Col("funded_hours", "number", required=True, minimum=0),
    ),
)

EY_PROVIDERS = Table(
    name="ey_providers",
    key=("provider_urn", "judgement_date"),
    columns=(
        Col("provider_urn", required=True),
        Col("provider_name", "free_text"),
        Col("ofsted_judgement", "code", required=True, codes=JUDGEMENTS),
        # Blank for `None` (never inspected); a judgement without a date cannot be placed
        # before a census, so it is not used (a DQ warning).
        Col("judgement_date", "date"),
    ),
)

SOURCE = Source(
    name="early_years",
    title="Early years funded children and providers",
    standard="EY census style",
    mode="snapshot",
    versions={"2022-23": {"ey_funded_children": EY_FUNDED_CHILDREN, "ey_providers": EY_PROVIDERS}},
)
