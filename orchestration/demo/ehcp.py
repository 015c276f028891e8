"""Demo EHCP case management extract: the SSD EHCP tables, placements and SEND tribunals.

About 5,000 active EHC plans (rising), 100-130 requests for assessment a month (fewer in
August), 60-90 plans issued a month with 20-week timeliness falling from ~45% to ~25% after
the May 2025 case management system migration, ~540 people in independent or
non-maintained special schools, and 8-16 tribunal appeals a month across the five
localities (September 2025 as the council's report describes it). Also writes the council's
own GIAS download to raw/reference/ (Windows-1252, GIAS headers): out-of-county schools the
shipped list lacks, and one school whose registration changed.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "ehcp"
LA_NUMBER = "835"

REQUESTS_PER_MONTH = 104
SEASON = [1.05, 1.05, 1.15, 0.95, 1.05, 1.1, 1.0, 0.75, 0.9, 1.15, 1.1, 0.9]  # Jan..Dec
PLAN_MEAN_MONTHS = 84  # cessation: plans last about seven years on average
STOCK_PLANS_PER_MONTH = 66  # issued before the demo's request history starts
CMS_MIGRATION = date(2025, 5, 1)

# Kinds of setting by GIAS type code (the shipped list: dbt_project/seeds/reference/).
SETTING_TYPES = {
    "mainstream": (1, 2, 3, 5, 28, 34, 35),
    "special": (7, 12, 33, 36, 44),
    "independent": (10,),
    "nmss": (8,),
    "other_independent": (11,),
    "fe": (18,),
    "post16": (32,),
    "ap": (14, 42),
}
# The council's GIAS file: (URN, name, type code, type name, LA, status)
SUPPLIED_GIAS = [
    (135877, "Quantock Hills Residential School", 10, "Other independent special school", "Somerset", "Open"),
    (136402, "Dartmoor Edge Independent School", 10, "Other independent special school", "Devon", "Open"),
    (131915, "St Brigid\u2019s Non-Maintained Special School", 8, "Non-maintained special school", "Hampshire", "Open"),
    (142260, "Yeovil Vale Academy", 34, "Academy converter", "Somerset", "Open"),
    (113996, "Milton Park School", 10, "Other independent special school", "Dorset", "Open"),
]
OUT_OF_COUNTY_KNOWN = ["135877", "136402", "131915", "142260"]
UNKNOWN_URNS = ["152904", "153377", "151268"]  # schools in neither list: data-quality warnings
NO_URN_SETTINGS = ["OLA", "OLA", "EHE", "EYP", "NEET", "OTH", "OPA", "NIEO"]

LOCALITIES = ["Chesil", "Dorchester & West", "North", "East", "Purbeck"]
LOCALITY_WEIGHTS = [0.3, 0.15, 0.15, 0.25, 0.15]
APPEAL_TYPES = ["refusal_to_assess", "refusal_to_issue", "sections_bfi", "section_i", "other"]
APPEAL_TYPE_WEIGHTS = [0.36, 0.12, 0.32, 0.15, 0.05]
APPEAL_OUTCOMES = ["parent", "la", "conceded", "withdrawn", "struck_out"]
APPEAL_OUTCOME_WEIGHTS = [0.45, 0.05, 0.25, 0.2, 0.05]
# September 2025 as the report tells it: (locality, appeal type) of the 15 new appeals.
SEPTEMBER_2025 = (
    [("Chesil", "refusal_to_assess")] * 3
    + [("Chesil", "refusal_to_issue")]
    + [("Chesil", "section_i")] * 2
    + [("Chesil", "sections_bfi")]
    + [("Dorchester & West", "refusal_to_assess")] * 2
    + [("North", "refusal_to_issue")]
    + [("East", "refusal_to_assess")] * 2
    + [("East", "sections_bfi")] * 2
    + [("Purbeck", "sections_bfi")]
)
CEASED_REASONS = (
    ["1"] * 20 + ["2"] * 14 + ["3"] * 6 + ["4"] * 5 + ["5"] * 28 + ["6"] * 10 + ["7"] * 4 + ["8"] * 1 + ["9"] * 12
)


def shipped_urns() -> dict[str, list[str]]:
    """The shipped GIAS list's URNs by kind of setting."""
    from orchestration.settings import DBT_PROJECT_DIR

    path = DBT_PROJECT_DIR / "seeds" / "reference" / "gias_establishment_types.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        kind: [r["urn"] for r in rows if int(r["type_of_establishment_code"]) in codes]
        for kind, codes in SETTING_TYPES.items()
    }


def _iso_time(day: date | None, r: random.Random) -> str:
    """SSD DATETIME as exported: midnight mostly, an office-hours time sometimes."""
    if day is None:
        return ""
    if r.random() < 0.7:
        return f"{day.isoformat()} 00:00:00"
    return f"{day.isoformat()} {r.randrange(8, 18):02d}:{r.randrange(60):02d}:00"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _within_20_weeks_chance(requested: date) -> float:
    """Share of requests whose plan is issued on time: slipping over the years, and worse
    for requests caught by the May 2025 system migration."""
    years = (requested - date(2021, 10, 1)).days / 365.25
    chance = 0.5 - 0.05 * years
    if CMS_MIGRATION - timedelta(days=140) <= requested:
        chance -= 0.06
    return float(min(0.6, max(0.2, chance)))


class _Writer:
    """Accumulates the rows of the six tables. Scalar draws use a `random.Random` seeded from
    the source's numpy generator: deterministic, and far cheaper per draw."""

    def __init__(self, rng: np.random.Generator, as_at: date):
        self.r = random.Random(int(rng.integers(0, 2**62)))
        self.as_at = as_at
        self.send, self.requests, self.assessments, self.plans, self.placements, self.appeals = [], [], [], [], [], []
        self.persons: list[str] = []
        self.refused: list[int] = []  # indexes of persons refused an assessment or a plan
        self.pools = shipped_urns()
        self.pools.update({"out_of_county": OUT_OF_COUNTY_KNOWN, "unknown": UNKNOWN_URNS})
        self.special_urns = set(self.pools["special"] + self.pools["independent"] + self.pools["nmss"])

    def person(self) -> int:
        r = self.r
        n = len(self.persons)
        person_id = str(1100000 + n * 7 + r.randrange(7))
        send_id = str(4000000 + n)
        self.persons.append(send_id)
        if r.random() < 0.03:
            upn, unknown = "", r.choice(["UN1", "UN2", "UN5", "UN8", "UN10"])
        else:
            letter = r.choice("ABCDEFGHJKLMNPQRTUVWXYZ")
            upn, unknown = (
                f"{letter}{LA_NUMBER}{r.randrange(2000, 4999)}{r.randrange(5, 25):02d}{r.randrange(1000):03d}",
                "",
            )
        uln = str(r.randrange(10**9, 10**10)) if r.random() < 0.35 else ""
        self.send.append([send_id, upn, uln, unknown, person_id])
        return n

    def person_id(self, n: int) -> str:
        return self.send[n][4]

    def setting(self, when: date, escalate: bool = False) -> tuple[str, str]:
        """(urn, sen_setting) of a placement starting on `when`; after a special school, a
        move is more often to an independent one."""
        r = self.r
        years = (when - date(2020, 1, 1)).days / 365.25
        weights = {
            "mainstream": 0.43 - (0.08 if escalate else 0.0),
            "special": 0.27,
            "independent": 0.075 + 0.003 * years + (0.03 if escalate else 0.0),
            "nmss": 0.012,
            "other_independent": 0.008,
            "fe": 0.06,
            "post16": 0.012,
            "ap": 0.015,
            "no_urn": 0.05,
            "out_of_county": 0.012,
            "unknown": 0.004,
        }
        kind = r.choices(list(weights), weights=list(weights.values()))[0]
        if kind == "no_urn":
            return "", r.choice(NO_URN_SETTINGS)
        return r.choice(self.pools[kind]), ""

    def plan(self, person: int, assessment_id: str, started: date) -> None:
        """A named plan from `started`, its placements, and its end if it has ended."""
        r = self.r
        plan_id = str(7000000 + len(self.plans))
        ceased = started + timedelta(days=int(r.expovariate(1 / PLAN_MEAN_MONTHS) * 30.44) + 1)
        ceased = ceased if ceased <= self.as_at else None
        self.plans.append(
            [plan_id, assessment_id, _iso(started), _iso(ceased), r.choice(CEASED_REASONS) if ceased else ""]
        )
        end = ceased or self.as_at
        bounds = [started, end]
        if r.random() < 0.3 and (end - started).days > 60:  # one change of school during the plan
            bounds.insert(1, started + timedelta(days=r.randrange(30, (end - started).days)))
        previous_special = False
        for k in range(len(bounds) - 1):
            entered = bounds[k]
            leaving = ceased if k == len(bounds) - 2 else bounds[k + 1]
            urn, setting = self.setting(entered, escalate=previous_special)
            previous_special = urn in self.special_urns
            self.placement(person, plan_id, urn, setting, entered, leaving, 1)
            if r.random() < 0.03:  # a dual placement (rank 2) alongside
                urn2, setting2 = self.setting(entered, escalate=r.random() < 0.5)
                self.placement(person, plan_id, urn2, setting2, entered, leaving, 2)

    def placement(self, person, plan_id, urn, setting, entered, leaving, rank) -> None:
        self.placements.append(
            [
                f"PL{len(self.placements) + 1:06d}",
                self.person_id(person),
                plan_id,
                urn,
                setting,
                _iso(entered),
                _iso(leaving),
                str(rank),
            ]
        )

    def request(self, person: int, received: date) -> None:
        """A request for assessment and whatever followed it up to the extract date."""
        r = self.r
        request_id = str(5000000 + len(self.requests))
        decided = received + timedelta(days=r.randrange(18, 60))
        outcome = r.choices(["Y", "N", "W"], weights=[0.76, 0.2, 0.04])[0]
        if decided > self.as_at:
            outcome, decided = "A", None
        self.requests.append(
            [
                request_id,
                self.persons[person],
                _iso_time(received, r),
                _iso_time(decided, r) if outcome in ("Y", "N") else "",
                outcome,
            ]
        )
        if outcome == "N":
            self.refused.append(person)
        if outcome != "Y":
            return
        assessment_id = str(6000000 + len(self.assessments))
        issue = r.choices(["Y", "N", "W"], weights=[0.92, 0.06, 0.02])[0]
        if issue == "Y":
            if r.random() < _within_20_weeks_chance(received):
                days = r.randrange(98, 141)
            else:
                days = 141 + int(r.gammavariate(1.6, 45))
        elif issue == "N":
            days = r.randrange(85, 125)
        else:
            days = r.randrange(40, 160)
        outcome_on = received + timedelta(days=days)
        if outcome_on > self.as_at:
            issue, outcome_on = "A", None
        exceptions = "" if issue == "A" else r.choices(["1", "0", ""], weights=[0.06, 0.68, 0.26])[0]
        self.assessments.append([assessment_id, request_id, _iso_time(outcome_on, r), issue, exceptions])
        if issue == "N":
            self.refused.append(person)
        if issue == "Y":
            self.plan(person, assessment_id, outcome_on)

    def stock_plan(self, started: date) -> None:
        """A plan issued before the request history starts (or transferred in: historical H)."""
        r = self.r
        person = self.person()
        request_id = str(5000000 + len(self.requests))
        assessment_id = str(6000000 + len(self.assessments))
        historical = r.random() < 0.12
        received = started - timedelta(days=r.randrange(100, 260))
        self.requests.append(
            [
                request_id,
                self.persons[person],
                _iso_time(received, r),
                "" if historical else _iso_time(received + timedelta(days=40), r),
                "H" if historical else "Y",
            ]
        )
        self.assessments.append(
            [
                assessment_id,
                request_id,
                _iso_time(started, r),
                "H" if historical else "Y",
                "" if historical else r.choices(["1", "0", ""], weights=[0.05, 0.6, 0.35])[0],
            ]
        )
        self.plan(person, assessment_id, started)

    def appeal(self, registered: date, locality: str | None = None, appeal_type: str | None = None) -> None:
        r = self.r
        person = r.choice(self.refused) if self.refused and r.random() < 0.6 else r.randrange(len(self.persons))
        locality = locality or r.choices(LOCALITIES, weights=LOCALITY_WEIGHTS)[0]
        appeal_type = appeal_type or r.choices(APPEAL_TYPES, weights=APPEAL_TYPE_WEIGHTS)[0]
        concluded = registered + timedelta(days=r.randrange(70, 330))
        if concluded <= self.as_at:
            outcome, outcome_date = r.choices(APPEAL_OUTCOMES, weights=APPEAL_OUTCOME_WEIGHTS)[0], concluded
        else:
            outcome, outcome_date = "pending", None
        reference = f"EH{LA_NUMBER}/{registered.year % 100:02d}/{len(self.appeals) + 101:05d}"
        self.appeals.append(
            [reference, self.person_id(person), _uk(registered), appeal_type, locality, outcome, _uk(outcome_date)]
        )


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(rng, ctx.as_at)
    flow_start = _month_start(ctx.history_start, 12)

    # Plans issued before the request history (conversions from statements, earlier requests).
    stock_start = date(flow_start.year - 11, flow_start.month, 1)
    stock_days = (flow_start - stock_start).days
    stock = rng.poisson(STOCK_PLANS_PER_MONTH * stock_days / 30.44)
    for offset in sorted(rng.integers(0, stock_days, size=stock)):
        writer.stock_plan(stock_start + timedelta(days=int(offset)))

    # Requests month by month, with the school-year rhythm and a rising trend.
    month = flow_start
    while month <= ctx.as_at:
        following = _month_start(month, -1)
        years = (month - flow_start).days / 365.25
        expected = REQUESTS_PER_MONTH * SEASON[month.month - 1] * (1 + 0.04 * years)
        last_day = min(following - timedelta(days=1), ctx.as_at)
        for _ in range(int(rng.poisson(expected * ((last_day - month).days + 1) / (following - month).days))):
            repeat = writer.refused and writer.r.random() < 0.1
            person = writer.r.choice(writer.refused) if repeat else writer.person()
            writer.request(person, month + timedelta(days=writer.r.randrange((last_day - month).days + 1)))
        month = following

    # Tribunal appeals: 8-16 a month, September 2025 as the report describes it.
    month = ctx.history_start
    september = date(2025, 9, 1)
    while month <= ctx.as_at:
        following = _month_start(month, -1)
        days = (min(following, ctx.as_at + timedelta(days=1)) - month).days
        if month == september:
            cases = list(SEPTEMBER_2025)
        else:
            count = 5 + rng.binomial(6, 0.5) if month.month == 8 else 8 + rng.binomial(8, 0.45)
            cases = [(None, None)] * round(count * days / (following - month).days)
        for locality, appeal_type in cases:
            writer.appeal(month + timedelta(days=writer.r.randrange(days)), locality, appeal_type)
        month = following

    _sprinkle_bad_rows(rng, writer)
    tables = {
        "ssd_send": (["send_table_id", "send_upn", "send_uln", "send_upn_unknown", "send_person_id"], writer.send),
        "ssd_ehcp_requests": (
            [
                "ehcr_ehcp_request_id",
                "ehcr_send_table_id",
                "ehcr_ehcp_req_date",
                "ehcr_ehcp_req_outcome_date",
                "ehcr_ehcp_req_outcome",
            ],
            writer.requests,
        ),
        "ssd_ehcp_assessment": (
            [
                "ehca_ehcp_assessment_id",
                "ehca_ehcp_request_id",
                "ehca_ehcp_assessment_outcome_date",
                "ehca_ehcp_assessment_outcome",
                "ehca_ehcp_assessment_exceptions",
            ],
            writer.assessments,
        ),
        "ssd_ehcp_named_plan": (
            [
                "ehcn_named_plan_id",
                "ehcn_ehcp_asmt_id",
                "ehcn_named_plan_start_date",
                "ehcn_named_plan_ceased_date",
                "ehcn_named_plan_ceased_reason",
            ],
            writer.plans,
        ),
        "ehcp_placements": (
            [
                "placement_id",
                "person_id",
                "named_plan_id",
                "urn",
                "sen_setting",
                "entry_date",
                "leaving_date",
                "placement_rank",
            ],
            writer.placements,
        ),
        "send_tribunals": (
            ["appeal_id", "person_id", "registered_date", "appeal_type", "locality", "outcome", "outcome_date"],
            writer.appeals,
        ),
    }
    for table, (header, rows) in tables.items():
        _write(folder / f"{table}.csv", header, rows)
    _write_gias(out / "reference" / "gias_establishments.csv")
    return {table: len(rows) for table, (_, rows) in tables.items()}


def _sprinkle_bad_rows(rng: np.random.Generator, writer: _Writer) -> None:
    """What real extracts carry: mistyped dates, codes outside the lists, blanks, lower case,
    and links that do not resolve (an assessment whose request id was mistyped)."""

    def pick(rows, share=0.003):
        return rng.choice(len(rows), size=max(2, int(len(rows) * share)), replace=False)

    for i in pick(writer.requests):
        kind = int(rng.integers(0, 3))
        if kind == 0 and writer.requests[i][2]:
            writer.requests[i][2] = writer.requests[i][2][:10].replace("-", "/")  # yyyy/mm/dd: not allowed
        elif kind == 1:
            writer.requests[i][4] = writer.requests[i][4].lower()  # case fix: warned, loaded
        else:
            writer.requests[i][4] = "P"  # not a SEN2 outcome
    for i in pick(writer.assessments):
        kind = int(rng.integers(0, 4))
        if kind == 0:
            writer.assessments[i][4] = str(rng.choice(["Y", "2", "yes"]))  # exception flag must be 1/0/blank
        elif kind == 1:
            writer.assessments[i][3] = writer.assessments[i][3].lower()
        elif kind == 2:
            writer.assessments[i][1] = "5" + writer.assessments[i][1]  # request id mistyped: no request
        else:
            writer.assessments[i][0] = ""  # no assessment id
    for i in pick(writer.placements):
        kind = int(rng.integers(0, 3))
        if kind == 0:
            writer.placements[i][5] = ""  # entry date missing
        elif kind == 1 and writer.placements[i][4]:
            writer.placements[i][4] = writer.placements[i][4].lower()
        else:
            writer.placements[i][3] = "0" + writer.placements[i][3] if writer.placements[i][3] else ""
    for i in pick(writer.plans):
        writer.plans[i][4] = "10" if writer.plans[i][3] else writer.plans[i][4]
    for i in pick(writer.send):
        writer.send[i][4] = ""
    for i in pick(writer.appeals, 0.01)[:2]:
        writer.appeals[i][3] = (
            "Refusal to assess" if writer.appeals[i][3] != "refusal_to_assess" else "REFUSAL_TO_ASSESS"
        )


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_gias(path: Path) -> None:
    """A GIAS 'establishment fields' download as the council saves it: Windows-1252, GIAS
    headers, more columns than the pipeline needs. A file already there is the council's
    own: never overwritten."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [
        "URN",
        "LA (code)",
        "LA (name)",
        "EstablishmentNumber",
        "EstablishmentName",
        "TypeOfEstablishment (code)",
        "TypeOfEstablishment (name)",
        "EstablishmentStatus (name)",
        "Postcode",
    ]
    la_codes = {"Somerset": "933", "Devon": "878", "Hampshire": "850", "Dorset": LA_NUMBER}
    rows = [
        [urn, la_codes[la], la, str(6000 + i), name, code, type_name, status, ""]
        for i, (urn, name, code, type_name, la, status) in enumerate(SUPPLIED_GIAS)
    ]
    with path.open("w", newline="", encoding="cp1252") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
