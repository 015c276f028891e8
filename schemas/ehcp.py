"""EHCP case management system (snapshot): the SSD EHCP tables plus local placements and
SEND tribunal appeals.

`ssd_send`, `ssd_ehcp_requests`, `ssd_ehcp_assessment` and `ssd_ehcp_named_plan` carry the
D2I Standard Safeguarding Dataset column names (data/objects/ssd_*.yml) with the DfE SEN2
person-level code lists (SEN2 guide v1.4 as transcribed in witan.sen2 dictionary.clj):
request and assessment outcomes Y/N/A/W/H, the 20-week exception flag 1/0, plan cease
reasons 1-9, UPN-unknown reasons, SEN settings for placements without a URN.
`ehcp_placements` mirrors SEN2 module 5b (placement detail) and `send_tribunals` is the
council's own appeals log (SEN2 carries only tribunal flags).

Required fields are those without which a row means nothing (its identifier, the person a
placement or appeal belongs to, the date that places it in time). A request without a
received date or an assessment without its request is loaded and reported as a data-quality
warning, and counts as the contract says (in CS_EHCP_20WK_PCT: denominator only).
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

OUTCOMES = ("Y", "N", "A", "W", "H")  # SEN2 RequestOutcome / AssessmentOutcome
EXCEPTIONS = ("1", "0")  # SEN2 Week20: 20-week time-limit exceptions apply (blank = 0)
UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10")
CEASED_REASONS = tuple(str(i) for i in range(1, 10))
SEN_SETTINGS = ("OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO")
APPEAL_TYPES = ("refusal_to_assess", "refusal_to_issue", "sections_bfi", "section_i", "other")
APPEAL_OUTCOMES = ("pending", "parent", "la", "conceded", "withdrawn", "struck_out")

SSD_SEND = Table(
    name="ssd_send",
    key=("send_table_id",),
    columns=(
        Col("send_table_id", required=True),
        Col("send_upn", personal=True),
        Col("send_uln", personal=True),
        Col("send_upn_unknown", "code", codes=UPN_UNKNOWN),
        Col("send_person_id", required=True, personal=True),
    ),
)

SSD_EHCP_REQUESTS = Table(
    name="ssd_ehcp_requests",
    key=("ehcr_ehcp_request_id",),
    columns=(
        Col("ehcr_ehcp_request_id", required=True),
        Col("ehcr_send_table_id"),
        Col("ehcr_ehcp_req_date", "date"),
        Col("ehcr_ehcp_req_outcome_date", "date"),
        Col("ehcr_ehcp_req_outcome", "code", codes=OUTCOMES),
    ),
)

SSD_EHCP_ASSESSMENT = Table(
    name="ssd_ehcp_assessment",
    key=("ehca_ehcp_assessment_id",),
    columns=(
        Col("ehca_ehcp_assessment_id", required=True),
        Col("ehca_ehcp_request_id"),
        Col("ehca_ehcp_assessment_outcome_date", "date"),
        Col("ehca_ehcp_assessment_outcome", "code", codes=OUTCOMES),
        Col("ehca_ehcp_assessment_exceptions", "code", codes=EXCEPTIONS),
    ),
)

SSD_EHCP_NAMED_PLAN = Table(
    name="ssd_ehcp_named_plan",
    key=("ehcn_named_plan_id",),
    columns=(
        Col("ehcn_named_plan_id", required=True),
        Col("ehcn_ehcp_asmt_id"),
        Col("ehcn_named_plan_start_date", "date"),
        Col("ehcn_named_plan_ceased_date", "date"),
        Col("ehcn_named_plan_ceased_reason", "code", codes=CEASED_REASONS),
    ),
)

EHCP_PLACEMENTS = Table(
    name="ehcp_placements",
    key=("placement_id",),
    columns=(
        Col("placement_id", required=True),
        Col("person_id", required=True, personal=True),
        Col("named_plan_id"),
        Col("urn"),  # a GIAS URN (or UKPRN); blank when sen_setting says where instead
        Col("sen_setting", "code", codes=SEN_SETTINGS),
        Col("entry_date", "date", required=True),
        Col("leaving_date", "date"),
        Col("placement_rank", "integer"),  # 1 main, 2 dual; any whole number loads
    ),
)

SEND_TRIBUNALS = Table(
    name="send_tribunals",
    key=("appeal_id",),
    columns=(
        Col("appeal_id", required=True),
        Col("person_id", personal=True),
        Col("registered_date", "date", required=True),
        Col("appeal_type", "code", codes=APPEAL_TYPES),
        Col("locality"),
        Col("outcome", "code", codes=APPEAL_OUTCOMES),
        Col("outcome_date", "date"),
    ),
)

TABLES = {
    t.name: t
    for t in (SSD_SEND, SSD_EHCP_REQUESTS, SSD_EHCP_ASSESSMENT, SSD_EHCP_NAMED_PLAN, EHCP_PLACEMENTS, SEND_TRIBUNALS)
}

SOURCE = Source(
    name="ehcp",
    title="EHCP case management system",
    standard="SEN2 person level / D2I SSD EHCP tables; SEND tribunals local",
    mode="snapshot",
    versions={"2023-24": TABLES},
)
