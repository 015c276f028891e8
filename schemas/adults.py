"""Adult social care: NHS England's Client Level Data (CLD) events and safeguarding concerns.

`cld_events` follows the CLD layout (one row per Request, Assessment, Service or Review event,
person fields repeated on every row). Only `Event_Type` is checked against a code list: the
CLD's other defined lists (`Service_Type`, `Event_Outcome`, ...) vary in spacing and case
between spec versions (`'NFA- Other'` vs `'NFA - Other'`), so they are kept as text and
normalised in staging against `seeds/reference/cld_defined_values.csv`; a value that is still
unknown there is a data-quality warning, never a quarantine.

`safeguarding_concerns` is a local extract in Safeguarding Adults Collection (SAC) terms:
a concern, and the decision whether it leads to a Section 42 enquiry, another enquiry or none.

Identifiers (LA person ID, NHS number, concern person ID) are personal and pseudonymised in staging.
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

EVENT_TYPES = ("Request", "Assessment", "Service", "Review")
S42_DECISIONS = ("s42", "other_enquiry", "no_enquiry", "pending")

CLD_EVENTS = Table(
    name="cld_events",
    columns=(
        Col("LA_Code"),
        Col("LA_Person_Unique_Identifier", required=True, personal=True),
        Col("NHS_Number", personal=True),
        Col("Der_Birth_Year", "integer", minimum=1900),
        Col("Der_Birth_Month", "integer", minimum=1),
        Col("Gender"),
        Col("Ethnicity"),
        Col("Client_Type"),
        Col("Primary_Support_Reason"),
        Col("Event_Type", "code", required=True, codes=EVENT_TYPES),
        Col("Event_Reference"),
        Col("Event_Start_Date", "date", required=True),
        Col("Event_End_Date", "date"),
        Col("Event_Outcome"),
        Col("Request_Route_of_Access"),
        Col("Assessment_Type"),
        Col("Service_Type"),
        Col("Service_Component"),
        Col("Review_Reason"),
    ),
)

SAFEGUARDING_CONCERNS = Table(
    name="safeguarding_concerns",
    key=("concern_id",),
    columns=(
        Col("concern_id", required=True),
        Col("person_id", required=True, personal=True),
        Col("received_date", "date", required=True),
        Col("concern_source"),
        Col("type_of_risk"),
        Col("s42_decision", "code", codes=S42_DECISIONS),
        Col("decision_date", "date"),
    ),
)

SOURCE = Source(
    name="adults",
    title="Adult social care client level data and safeguarding concerns",
    standard="NHS England ASC Client Level Data; SAC terms",
    mode="snapshot",
    versions={"2023-24": {"cld_events": CLD_EVENTS, "safeguarding_concerns": SAFEGUARDING_CONCERNS}},
)
