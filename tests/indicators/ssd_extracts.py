"""Write hand-built SSD tables for the child protection indicator tests.

Rows are dicts of the columns a case needs; every other column of the standard is blank.
"""

from __future__ import annotations

from schemas import ssd
from tests.harness import Extracts

DELIVERY = "2025-10-03"  # last complete month: September 2025 (2025/26 Q2)


def write_ssd(extracts: Extracts, persons=(), s47=(), icpc=(), plans=(), delivery: str = DELIVERY) -> None:
    for table, rows in (
        (ssd.PERSON, persons),
        (ssd.S47_ENQUIRY, s47),
        (ssd.INITIAL_CP_CONFERENCE, icpc),
        (ssd.CP_PLANS, plans),
    ):
        header = [c.name for c in table.columns]
        unknown = {k for row in rows for k in row} - set(header)
        assert not unknown, f"not columns of {table.name}: {unknown}"
        extracts.write("ssd", delivery, table.name, header, [[row.get(c, "") for c in header] for row in rows])


def person(person_id: str, **values) -> dict:
    return {"pers_person_id": person_id, "pers_sex": "F", "pers_ethnicity": "WBRI", "pers_dob": "2015-06-01", **values}
