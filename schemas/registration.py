"""Local death registration extract (registration system, e.g. RON): `death_registrations`.

Incremental: each monthly delivery (`raw/registration/YYYY-MM/`) holds the registrations of
that month; a re-delivered month replaces that month. No public schema exists (see
field-standards 4.4); the columns are the contract's. Since 9 Sep 2024 the five-day clock
starts when the registrar receives the MCCD from the medical examiner.
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

YES_NO = ("Y", "N")

DEATH_REGISTRATIONS = Table(
    name="death_registrations",
    key=("registration_id",),
    columns=(
        # The registration system's reference for the entry: identifies a deceased person's
        # record, so it is pseudonymised in staging.
        Col("registration_id", required=True, personal=True),
        Col("district"),
        Col("office", "free_text"),
        Col("date_of_death", "date"),
        # Blank when the registrar has no MCCD date (coroner cases, or a recording gap):
        # such a registration is in the denominator only (a DQ warning), so not required.
        Col("mccd_received_date", "date"),
        Col("registration_date", "date", required=True),
        Col("coroner_referred", "code", required=True, codes=YES_NO),
    ),
)

SOURCE = Source(
    name="registration",
    title="Death registrations",
    standard="local registration extract",
    mode="incremental",
    versions={"2022-23": {"death_registrations": DEATH_REGISTRATIONS}},
)
