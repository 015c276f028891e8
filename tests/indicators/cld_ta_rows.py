"""Row builders for hand-written adults (CLD, safeguarding) and housing (TA) extracts."""

from __future__ import annotations

from itertools import count

CLD_HEADER = [
    "LA_Code",
    "LA_Person_Unique_Identifier",
    "NHS_Number",
    "Der_Birth_Year",
    "Der_Birth_Month",
    "Gender",
    "Ethnicity",
    "Client_Type",
    "Primary_Support_Reason",
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Event_End_Date",
    "Event_Outcome",
    "Request_Route_of_Access",
    "Assessment_Type",
    "Service_Type",
    "Service_Component",
    "Review_Reason",
]
CONCERN_HEADER = [
    "concern_id",
    "person_id",
    "received_date",
    "concern_source",
    "type_of_risk",
    "s42_decision",
    "decision_date",
]
TA_HEADER = [
    "placement_id",
    "household_id",
    "ta_type",
    "start_date",
    "end_date",
    "dependent_children",
    "pregnant_member",
    "out_of_area",
]

LTS = "Long Term Support: Community"
_references = count(1)


def cld(person: str, event_type: str, start: str, end: str = "", **fields) -> list[str]:
    """One CLD event row; person fields are filled with plausible values."""
    row = {
        "LA_Code": "E06000059",
        "LA_Person_Unique_Identifier": person,
        "NHS_Number": "",
        "Der_Birth_Year": "1940",
        "Der_Birth_Month": "5",
        "Gender": "Female",
        "Ethnicity": "White: English/Welsh/Scottish/Northern Irish/British",
        "Client_Type": "Service User",
        "Primary_Support_Reason": "Physical Support: Personal Care Support",
        "Event_Type": event_type,
        "Event_Reference": str(next(_references)),
        "Event_Start_Date": start,
        "Event_End_Date": end,
        "Event_Outcome": "",
        "Request_Route_of_Access": "",
        "Assessment_Type": "",
        "Service_Type": "",
        "Service_Component": "",
        "Review_Reason": "",
    }
    row.update(fields)
    return [row[c] for c in CLD_HEADER]


def concern(
    concern_id: str, received: str, person: str = "P1", decision: str = "no_enquiry", decided: str = ""
) -> list[str]:
    return [concern_id, person, received, "Provider", "Neglect and acts of omission", decision, decided]


def ta(
    placement_id: str,
    household: str,
    ta_type: str,
    start: str,
    end: str = "",
    children: str = "0",
    pregnant: str = "N",
    out_of_area: str = "N",
) -> list[str]:
    return [placement_id, household, ta_type, start, end, children, pregnant, out_of_area]
