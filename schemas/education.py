"""Education extracts in school census style: `exclusions` and `pupil_headcount`.

Exclusions carry the pupil's UPN (personal: pseudonymised in staging). Category follows the
school census exclusion categories: PERM (permanent) and SUSP (suspension). The headcount is
pupils on roll per school at each census date (termly: January, May, October).
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

CATEGORY = ("PERM", "SUSP")
YES_NO = ("Y", "N")

EXCLUSIONS = Table(
    name="exclusions",
    key=("exclusion_id",),
    columns=(
        Col("exclusion_id", required=True),
        Col("upn", personal=True),
        Col("school_urn"),
        Col("category", "code", required=True, codes=CATEGORY),
        Col("start_date", "date", required=True),
        # Blank: not recorded as rescinded, so the exclusion counts.
        Col("rescinded", "code", codes=YES_NO),
        Col("year_group"),
        Col("locality"),
    ),
)

PUPIL_HEADCOUNT = Table(
    name="pupil_headcount",
    key=("census_date", "school_urn"),
    columns=(
        Col("census_date", "date", required=True),
        Col("school_urn", required=True),
        Col("headcount", "integer", required=True, minimum=0),
    ),
)

SOURCE = Source(
    name="education",
    title="School exclusions and pupil headcount",
    standard="school census style",
    mode="snapshot",
    versions={"2022-23": {"exclusions": EXCLUSIONS, "pupil_headcount": PUPIL_HEADCOUNT}},
)
