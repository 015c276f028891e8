"""Demo SSD child protection tables: `ssd_person`, `ssd_s47_enquiry`, `ssd_initial_cp_conference`,
`ssd_cp_plans`, six years of history as the SSD scripts extract it.

A Dorset-sized flow: about 120 S47 enquiries a month (fewer in August), about 40% leading to an
initial child protection conference (mostly held in the enquiry's last days, some just after),
about 80% of conferences starting a CP plan (about 40 plans a month). About 85% of enquiries
finish within 10 working days, fewer over the summer holidays and Christmas. Some 15% of new
plans are for a child whose previous plan ended in the last two years, rising through 2025.
Dates are SQL DATETIME text (`YYYY-MM-DD HH:MM:SS`) as SSD extracts keep them; dates of birth
mostly `YYYY-MM-DD`.
"""

from __future__ import annotations

import bisect
import csv
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext
from schemas import ssd

SOURCE = "ssd"
HISTORY_YEARS = 6
S47_PER_MONTH = 118
ICPC_SHARE = 0.41
CP_PLAN_SHARE = 0.80
# Share of enquiries completed within 10 working days, by month of start: summer holidays and
# Christmas are worse.
WITHIN_10WD = {
    1: 0.86,
    2: 0.87,
    3: 0.86,
    4: 0.85,
    5: 0.86,
    6: 0.85,
    7: 0.80,
    8: 0.76,
    9: 0.82,
    10: 0.86,
    11: 0.86,
    12: 0.81,
}
S47_SEASON = {1: 1.0, 2: 1.0, 3: 1.05, 4: 0.95, 5: 1.05, 6: 1.05, 7: 1.0, 8: 0.85, 9: 1.0, 10: 1.1, 11: 1.05, 12: 0.9}
TEAMS = ["Chesil", "Dorchester & West", "East", "North", "Purbeck", "Bournemouth Road MASH"]
CATEGORIES = (
    ["Neglect"] * 9
    + ["Emotional abuse"] * 7
    + ["Physical abuse"] * 2
    + ["Sexual abuse"]
    + ["Multiple: Neglect, Emotional abuse"]
)
ETHNICITY = ["WBRI"] * 34 + ["WOTH", "WIRI", "MWBC", "MWBA", "MOTH", "AOTH", "BAFR", "CHNE", "OOTH", "NOBT", "REFU"]
FORENAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Freya",
    "Lily",
    "Grace",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Harry",
    "Oscar",
    "Jack",
    "Alfie",
    "Charlie",
    "Evie",
    "Ruby",
    "Jacob",
    "Poppy",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Hughes",
    "Edwards",
    "Harris",
    "Cooper",
]


def _holidays() -> np.ndarray:
    from govuk_bank_holidays.bank_holidays import BankHolidays

    days = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return np.array([d["date"].isoformat() for d in days], dtype="datetime64[D]")


def _dt(day, time: str = "00:00:00") -> str:
    return "" if day is None else f"{day} {time}"


def _nhs_number(rng: np.random.Generator) -> str:
    """A 10-digit number with a valid modulus 11 check digit (starting 9: never issued to a person)."""
    while True:
        digits = [9] + rng.integers(0, 10, size=8).tolist()
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits + [check]))


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    holidays = _holidays()
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    as_at = np.datetime64(ctx.as_at.isoformat(), "D")
    first = np.datetime64(date(ctx.as_at.year - HISTORY_YEARS, ctx.as_at.month, 1).isoformat(), "D")

    # S47 enquiries: strategy discussions on working days, Poisson by day, gently rising demand.
    days = np.arange(first, as_at)
    days = days[np.is_busday(days, holidays=holidays)]
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    trend = 0.92 + 0.16 * np.arange(len(days)) / len(days)
    season = np.array([S47_SEASON[m] for m in months])
    per_day = S47_PER_MONTH * 12 / 252 * trend * season
    starts = np.repeat(days, rng.poisson(per_day))
    n = len(starts)
    start_month = starts.astype("datetime64[M]").astype(int) % 12 + 1
    within = rng.random(n) < np.array([WITHIN_10WD[m] for m in start_month])
    quick = rng.choice(np.arange(0, 11), size=n, p=_weights(11, rising=True))
    slow = 11 + np.minimum(rng.geometric(0.16, size=n) - 1, 45)
    working_days = np.where(within, quick, slow)
    ends = np.busday_offset(starts, working_days, roll="forward", holidays=holidays)
    open_s47 = ends >= as_at

    # Conferences: about 40% of completed enquiries (monthly noise), mostly in the last days of the
    # enquiry, some a few working days after it ends.
    month_index = (starts.astype("datetime64[M]") - first.astype("datetime64[M]")).astype(int)
    month_noise = rng.normal(0, 0.03, size=month_index.max() + 1)
    icpc = (rng.random(n) < ICPC_SHARE + month_noise[month_index]) & ~open_s47
    before = rng.random(n) < 0.7  # the enquiry is usually authorised as complete after the conference
    icpc_dates = np.where(
        before,
        np.busday_offset(ends, -rng.integers(0, 4, size=n), roll="backward", holidays=holidays),
        np.busday_offset(ends, rng.integers(1, 5, size=n), roll="forward", holidays=holidays),
    )
    icpc_dates = np.maximum(icpc_dates, np.busday_offset(starts, 1, roll="forward", holidays=holidays))
    held = icpc & (icpc_dates < as_at)
    plan = held & (rng.random(n) < CP_PLAN_SHARE)
    plan_days = np.maximum((rng.lognormal(np.log(240), 0.55, size=n)).astype(int), 40)
    plan_ends = icpc_dates + plan_days
    plan_open = plan_ends >= as_at

    # People: a new plan is, for some children, a repeat: their last plan ended within two years
    # (13% of plans, rising to 19% over the last 18 months) or longer ago (4%). Other plans
    # are for new children or children known from an earlier enquiry without a plan.
    order = np.argsort(starts, kind="stable")
    person_of = np.empty(n, dtype=object)
    ended_plans: list[tuple[int, str]] = []  # (last plan's end as a day number, person), sorted
    seen: list[str] = []
    had_plan: set[str] = set()
    latest_day = int(as_at.astype(int))
    counter = iter(range(1000001, 9999999, 3))

    def new_person() -> str:
        pid = str(next(counter))
        seen.append(pid)
        return pid

    def known_person(exclude_plans: bool) -> str | None:
        for _ in range(3):
            pid = seen[int(rng.integers(max(0, len(seen) - 3000), len(seen)))] if seen else None
            if pid is not None and not (exclude_plans and pid in had_plan):
                return pid
        return None

    for i in order:
        day = int(starts[i].astype(int))
        chosen = None
        if plan[i]:
            progress = max(0.0, 1 - (latest_day - day) / 540)
            draw = rng.random()
            window = (
                (day - 690, day - 20)
                if draw < 0.13 + 0.06 * progress
                else (day - 2000, day - 760)
                if draw < 0.17 + 0.06 * progress
                else None
            )
            if window:
                lo = bisect.bisect_left(ended_plans, (window[0], ""))
                hi = bisect.bisect_left(ended_plans, (window[1] + 1, ""))
                if hi > lo:
                    chosen = ended_plans.pop(int(rng.integers(lo, hi)))[1]
            elif rng.random() < 0.2:
                chosen = known_person(exclude_plans=True)
        elif rng.random() < 0.22:
            chosen = known_person(exclude_plans=False)
        chosen = chosen or new_person()
        if plan[i]:
            had_plan.add(chosen)
            if not plan_open[i]:
                bisect.insort(ended_plans, (int(plan_ends[i].astype(int)), chosen))
        person_of[i] = chosen

    s47_rows, icpc_rows, plan_rows = [], [], []
    team_of = rng.choice(TEAMS, size=n)
    for rank, i in enumerate(order):
        sid, ref = f"S47-{200000 + rank}", f"REF-{700000 + rank}"
        start, end = starts[i].item(), None if open_s47[i] else ends[i].item()
        pid, team = person_of[i], str(team_of[i])
        outcome = _s47_outcome(rng, bool(icpc[i]), end is not None)
        s47_rows.append(
            {
                "s47e_s47_enquiry_id": sid,
                "s47e_referral_id": ref,
                "s47e_person_id": pid,
                "s47e_s47_start_date": _dt(start),
                "s47e_s47_end_date": _dt(end),
                "s47e_s47_nfa": "" if end is None else ("Y" if json.loads(outcome)["NFA_FLAG"] == "Y" else "N"),
                "s47e_s47_outcome_json": outcome if end is not None else "",
                "s47e_s47_completed_by_worker_id": "" if end is None else f"W{int(rng.integers(100, 400))}",
                "s47e_s47_completed_by_team": team,
            }
        )
        if not icpc[i]:
            continue
        iid = f"ICPC-{300000 + rank}"
        target = np.busday_offset(starts[i], 15, roll="forward", holidays=holidays).item()
        when = icpc_dates[i].item() if held[i] else None
        cp_id = f"CPP-{400000 + rank}" if plan[i] else ""
        icpc_rows.append(_icpc_row(iid, sid, pid, ref, cp_id, target, when, team, rng))
        if held[i] and rng.random() < 0.015:  # a reconvened conference recorded as a second row
            icpc_rows.append(
                _icpc_row(f"ICPC-{900000 + rank}", sid, pid, ref, "", target, (icpc_dates[i] + 7).item(), team, rng)
            )
        if plan[i]:
            plan_rows.append(_plan_row(cp_id, ref, iid, pid, when, None if plan_open[i] else plan_ends[i].item(), rng))

    # Transfer-in conferences (a child on another authority's plan moves in): no S47 of ours.
    for k, day in enumerate(sorted(rng.choice(days, size=len(days) // 21))):
        pid = new_person()
        when = day.item()
        iid, cp_id = f"ICPC-T{5000 + k}", f"CPP-T{5000 + k}"
        row = _icpc_row(iid, "", pid, "", cp_id, when, when, str(rng.choice(TEAMS)), rng)
        row["icpc_icpc_transfer_in"] = "Y"
        icpc_rows.append(row)
        end = day + int(max(40, rng.lognormal(np.log(200), 0.5)))
        plan_rows.append(_plan_row(cp_id, "", iid, pid, when, None if end >= as_at else end.item(), rng))

    person_rows = _persons(rng, s47_rows, icpc_rows)
    _sprinkle(rng, person_rows, s47_rows, icpc_rows, plan_rows)
    written = {}
    for table, rows in (
        (ssd.PERSON, person_rows),
        (ssd.S47_ENQUIRY, s47_rows),
        (ssd.INITIAL_CP_CONFERENCE, icpc_rows),
        (ssd.CP_PLANS, plan_rows),
    ):
        _write(folder / f"{table.name}.csv", [c.name for c in table.columns], rows)
        written[table.name] = len(rows)
    return written


def _weights(size: int, rising: bool) -> np.ndarray:
    """Most enquiries that finish in time take most of the 10 days; a few close the same day."""
    w = np.arange(1, size + 1, dtype=float) ** 1.4 if rising else np.ones(size)
    w[0] = w[1]
    return w / w.sum()


def _s47_outcome(rng, conference: bool, ended: bool) -> str:
    if not ended:
        return ""
    services = bool(rng.random() < 0.45)
    nfa = not conference and not services and rng.random() < 0.7
    flags = {
        "NFA_FLAG": nfa,
        "LEGAL_ACTION_FLAG": conference and rng.random() < 0.05,
        "PROV_OF_SERVICES_FLAG": services,
        "PROV_OF_SB_CARE_FLAG": False,
        "CP_CONFERENCE_FLAG": conference,
        "NFA_CONTINUE_SINGLE_FLAG": not conference and not nfa,
        "MONITOR_FLAG": rng.random() < 0.1,
        "OTHER_OUTCOMES_EXIST_FLAG": False,
    }
    out = {k: "Y" if v else "N" for k, v in flags.items()}
    out["TOTAL_NO_OF_OUTCOMES"] = sum(flags.values())
    out["OUTCOME_COMMENTS"] = "Strategy outcome recorded" if rng.random() < 0.3 else ""
    return json.dumps(out, separators=(",", ":"))


def _icpc_row(iid, sid, pid, ref, cp_id, target, when, team, rng) -> dict:
    plan = bool(cp_id)
    outcome = {
        "NFA_FLAG": "N" if plan else "Y",
        "REFERRAL_TO_OTHER_AGENCY_FLAG": "N",
        "SINGLE_ASSESSMENT_FLAG": "N",
        "PROV_OF_SERVICES_FLAG": "Y" if not plan else "N",
        "CP_FLAG": "Y" if plan else "N",
        "OTHER_OUTCOMES_EXIST_FLAG": "N",
        "TOTAL_NO_OF_OUTCOMES": 1,
        "COMMENTS": "",
    }
    return {
        "icpc_icpc_id": iid,
        "icpc_icpc_meeting_id": f"M{iid.split('-')[1]}",
        "icpc_s47_enquiry_id": sid,
        "icpc_person_id": pid,
        "icpc_cp_plan_id": cp_id,
        "icpc_referral_id": ref,
        "icpc_icpc_transfer_in": "N",
        "icpc_icpc_target_date": _dt(target),
        "icpc_icpc_date": _dt(when, "10:00:00") if when else "",
        "icpc_icpc_outcome_cp_flag": ("Y" if plan else "N") if when else "",
        "icpc_icpc_outcome_json": json.dumps(outcome, separators=(",", ":")) if when else "",
        "icpc_icpc_team": team,
        "icpc_icpc_worker_id": f"W{int(rng.integers(400, 450))}",
    }


def _plan_row(cp_id, ref, iid, pid, start, end, rng) -> dict:
    initial = str(rng.choice(CATEGORIES))
    return {
        "cppl_cp_plan_id": cp_id,
        "cppl_referral_id": ref,
        "cppl_icpc_id": iid,
        "cppl_person_id": pid,
        "cppl_cp_plan_start_date": _dt(start),
        "cppl_cp_plan_end_date": _dt(end),
        "cppl_cp_plan_ola": "N",
        "cppl_cp_plan_initial_category": initial,
        "cppl_cp_plan_latest_category": initial if rng.random() < 0.85 else str(rng.choice(CATEGORIES)),
    }


def _persons(rng, s47_rows, icpc_rows) -> list[dict]:
    """Every child of the enquiries and conferences, plus children known only from contacts."""
    first_seen: dict[str, date] = {}
    for row in s47_rows + icpc_rows:
        pid = row.get("s47e_person_id") or row.get("icpc_person_id")
        day = date.fromisoformat(
            (row.get("s47e_s47_start_date") or row.get("icpc_icpc_date") or row.get("icpc_icpc_target_date"))[:10]
        )
        first_seen[pid] = min(first_seen.get(pid, day), day)
    ids = list(first_seen) + [str(3000001 + k) for k in range(int(len(first_seen) * 0.4))]
    m = len(ids)
    unborn = rng.random(m) < 0.03
    age_days = rng.integers(0, 17 * 365, size=m)
    sexes = rng.choice(np.array(["F", "M"]), size=m)
    forenames = rng.choice(np.array(FORENAMES), size=m)
    surnames = rng.choice(np.array(SURNAMES), size=m)
    ethnicities = rng.choice(np.array(ETHNICITY), size=m)
    draws = rng.random((m, 6))
    upn_letters = rng.choice(np.array(list("ABCDEFGHJK")), size=m)
    upn_numbers = rng.integers(10**11, 10**12, size=m)
    contact_days = rng.integers(0, 1300, size=m)
    due_in = rng.integers(20, 150, size=m)
    rows = []
    for k, pid in enumerate(ids):
        seen_on = first_seen.get(pid) or date(2022, 1, 1) + timedelta(days=int(contact_days[k]))
        dob = seen_on - timedelta(days=int(age_days[k]))
        sex, school_age, is_unborn = str(sexes[k]), age_days[k] > 5 * 365, bool(unborn[k])
        rows.append(
            {
                "pers_person_id": pid,
                "pers_legacy_id": f"L{pid}" if draws[k, 0] < 0.3 else "",
                "pers_forename": str(forenames[k]),
                "pers_surname": str(surnames[k]),
                "pers_sex": "U" if is_unborn else sex,
                "pers_gender": "00" if is_unborn else {"F": "02", "M": "01"}[sex],
                "pers_ethnicity": "NOBT" if is_unborn else str(ethnicities[k]),
                "pers_dob": "" if is_unborn else (dob.isoformat() if draws[k, 1] < 0.7 else _dt(dob)),
                "pers_common_child_id": "" if is_unborn or draws[k, 2] < 0.04 else _nhs_number(rng),
                "pers_upn": f"{upn_letters[k]}{upn_numbers[k]}" if school_age and draws[k, 3] < 0.95 else "",
                "pers_single_unique_id": "",
                "pers_upn_unknown": "" if school_age else "UN1",
                "pers_send_flag": "Y" if draws[k, 4] < 0.08 else "N",
                "pers_expected_dob": _dt(seen_on + timedelta(days=int(due_in[k]))) if is_unborn else "",
                "pers_death_date": "",
                "pers_is_mother": "Y" if sex == "F" and age_days[k] > 15 * 365 and draws[k, 5] < 0.05 else "N",
                "pers_nationality": "British" if draws[k, 5] > 0.6 else "",
            }
        )
    return [rows[i] for i in rng.permutation(m)]


def _sprinkle(rng, persons, s47, icpc, plans) -> None:
    """What real extracts carry (about 0.3% of rows): a mistyped date, a code outside the list,
    a blank required field, broken JSON, lower-case codes (warned and loaded); and a few
    relational slips (end before start, a mistyped S47 id on a conference)."""

    def some(rows, share=0.003):
        return [rows[int(i)] for i in rng.choice(len(rows), size=max(2, int(len(rows) * share)), replace=False)]

    for k, row in enumerate(some(s47)):
        if k % 4 == 0 and row["s47e_s47_end_date"]:
            row["s47e_s47_end_date"] = row["s47e_s47_end_date"][:10].replace("-", ".")  # yyyy.mm.dd
        elif k % 4 == 1:
            row["s47e_person_id"] = ""
        elif k % 4 == 2 and row["s47e_s47_outcome_json"]:
            row["s47e_s47_outcome_json"] = row["s47e_s47_outcome_json"][:-12]  # truncated by a text export
        else:
            row["s47e_s47_nfa"] = row["s47e_s47_nfa"].lower()
    for k, row in enumerate(some(persons)):
        if k % 3 == 0:
            row["pers_ethnicity"] = row["pers_ethnicity"].lower()
        elif k % 3 == 1:
            row["pers_sex"] = "X"
        else:
            row["pers_dob"] = "31/02/2016"
    for k, row in enumerate(some(icpc)):
        if k % 2 == 0 and row["icpc_icpc_date"]:
            row["icpc_icpc_date"] = "2O" + row["icpc_icpc_date"][2:]  # letter O for zero
        else:
            row["icpc_icpc_transfer_in"] = row["icpc_icpc_transfer_in"].lower()
    for k, row in enumerate(some(plans)):
        if k % 2 == 0:
            row["cppl_cp_plan_start_date"] = ""
        else:
            row["cppl_cp_plan_ola"] = "n"
    for row in some(s47, 0.0005):
        if row["s47e_s47_end_date"] and row["s47e_s47_start_date"]:
            row["s47e_s47_start_date"], row["s47e_s47_end_date"] = row["s47e_s47_end_date"], row["s47e_s47_start_date"]
    for row in some([r for r in icpc if r["icpc_s47_enquiry_id"]], 0.001):
        row["icpc_s47_enquiry_id"] = row["icpc_s47_enquiry_id"].replace("S47-", "S47-9")


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[row.get(c, "") for c in header] for row in rows])
