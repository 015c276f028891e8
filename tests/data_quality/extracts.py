"""Hand-built extracts for the data-quality tests: one clean record per table beside the few
records that break exactly one rule each, so a test can name every hit it expects."""

from __future__ import annotations

from datetime import date

from orchestration.lib.warehouse import connect
from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CONCERN_HEADER
from tests.indicators.ssd_extracts import person, write_ssd

SNAPSHOT = "2025-10-03"  # the run's last month: 2025-09
STALE = "2025-07-02"  # covers up to 2025-06


def s47(sid: str, who: str, start: str, end: str) -> dict:
    return {"s47e_s47_enquiry_id": sid, "s47e_person_id": who, "s47e_s47_start_date": start, "s47e_s47_end_date": end}


def icpc(iid: str, sid: str, who: str, held: str) -> dict:
    return {
        "icpc_icpc_id": iid,
        "icpc_s47_enquiry_id": sid,
        "icpc_person_id": who,
        "icpc_icpc_date": held,
        "icpc_icpc_transfer_in": "N",
    }


def plan(pid: str, who: str, start: str, category: str) -> dict:
    return {
        "cppl_cp_plan_id": pid,
        "cppl_person_id": who,
        "cppl_cp_plan_start_date": start,
        "cppl_cp_plan_initial_category": category,
    }


def monthly_concern_counts() -> dict[str, int]:
    """Concerns received per month, 2023-09 to 2025-09: 39, 40, 41 in turn (any 12 running
    months hold four of each: median 40, MAD 1), except 0 in 2025-03 (a system gap) and 80 in
    2025-06 (a double load)."""
    counts = {}
    year, month = 2023, 9
    for i in range(25):
        label = f"{year}-{month:02d}"
        counts[label] = 40 + (i % 3) - 1
        month += 1
        if month == 13:
            year, month = year + 1, 1
    counts["2025-03"] = 0
    counts["2025-06"] = 80
    return counts


def write_concerns(extracts: Extracts, counts: dict[str, int], delivery: str = SNAPSHOT) -> None:
    rows = []
    for label, n in counts.items():
        year, month = map(int, label.split("-"))
        for k in range(n):
            day = date(year, month, 1 + k % 28).isoformat()
            rows.append([f"SC{label}-{k}", f"AP{label}-{k}", day, "Police", "Neglect", "", ""])
    extracts.write("adults", delivery, "safeguarding_concerns", CONCERN_HEADER, rows)


def write_dfe_hits(extracts: Extracts, hits: list[tuple], rules: list[tuple]) -> None:
    """What the DfE validator asset leaves in the warehouse (the interface with it)."""
    with connect(extracts.data / "warehouse.duckdb") as con:
        con.executemany("insert into dq_dfe.ssda903_hits values (?, ?, ?, ?, ?, ?, ?)", hits)
        con.executemany("insert into dq_dfe.ssda903_rules values (?, ?, ?)", rules)


__all__ = [
    "SNAPSHOT",
    "STALE",
    "icpc",
    "monthly_concern_counts",
    "person",
    "plan",
    "s47",
    "write_concerns",
    "write_ssd",
]
