"""Demo adult social care extracts: CLD `cld_events` and `safeguarding_concerns`.

A Dorset-sized front door, generated with numpy (no per-row Python loops):
- about 1,700 contacts (`Request` events) a month by September 2025, rising ~9% a year, busier on
  weekdays and a little in winter; about a fifth progress to a Care Act assessment;
- assessments (~360 starting a month) wait a long-tailed time, so ~850 are open at a month end;
- a fifth of requests lead, via assessment, to long-term support (LTS) lasting ~1.5 years on
  average, sometimes split into package changes or with a second concurrent service; a few
  thousand people have open LTS at any time, plus short-term reablement (ST-Max) and low-level
  services;
- LTS reviews at person-specific, long-tailed intervals that lengthen over time, so roughly a
  third of people with open LTS are more than 12 months past their last review;
- about 640 safeguarding concerns a month by September 2025, up ~18% on a year earlier.
Events still open at the extract date have no end date; nothing starts after it.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from orchestration.demo import DemoContext

SOURCE = "adults"

CONTACTS_PER_DAY = 1780 / 30.4  # mid-September 2025, before the weekday and winter factors
CONTACT_GROWTH = 1.09  # a year
CONCERNS_PER_DAY = 620 / 30.4  # mid-September 2025, before the weekday factor
CONCERN_GROWTH = 1.18
LTS_MEAN_DAYS = 900
PRE_EXISTING_LTS = 3600  # people with long-term support already open when the run-in starts
NEGLECTED_SHARE = 0.6  # of LTS spells: after the first review, reviewed only every ~3 years

REQUEST_OUTCOMES = {
    "Progress to Assessment": 0.21,
    "Progress to Reablement/ST-Max": 0.06,
    "Progress to Support Planning / Services": 0.04,
    "NFA - Information & Advice / Signposting only": 0.38,
    "NFA - Support declined": 0.07,
    "NFA - Other": 0.08,
    "NFA - Self-funded client (inc 12wk disregard)": 0.04,
    "NFA - No services offered: Other reason": 0.06,
    "Admitted to hospital": 0.02,
    "NFA - Moved to another LA": 0.01,
    "NFA - Deceased": 0.01,
    "NFA - 100% NHS funded care": 0.02,
}
ASSESSMENT_OUTCOMES = {
    "Progress to Support Planning / Services": 0.40,
    "Progress to Reablement/ST-Max": 0.12,
    "NFA - Support declined": 0.1,
    "NFA - Self-funded client (inc 12wk disregard)": 0.12,
    "NFA - No services offered: Other reason": 0.13,
    "NFA - Deceased": 0.03,
    "NFA - Moved to another LA": 0.02,
    "Admitted to hospital": 0.03,
    "NFA - 100% NHS funded care": 0.02,
}
LTS_END_OUTCOMES = {
    "NFA - Deceased": 0.45,
    "Service ended as planned": 0.2,
    "NFA - Moved to another LA": 0.1,
    "NFA - Self-funded client (inc 12wk disregard)": 0.1,
    "NFA - 100% NHS funded care": 0.15,
}
SHORT_END_OUTCOMES = {
    "Service ended as planned": 0.5,
    "NFA - Support ended: Other reason": 0.25,
    "Progress to Assessment": 0.15,
    "Admitted to hospital": 0.1,
}
REVIEW_OUTCOMES = {
    "No change in package": 0.6,
    "Progress to Support Planning / Services": 0.25,
    "Progress to Re-assessment / Unplanned Review": 0.05,
    "NFA - Support ended: Other reason": 0.05,
    "Admitted to hospital": 0.05,
}
# Spellings of the same defined values seen between CLD spec versions and systems.
VARIANTS = {
    "NFA - Other": "NFA- Other",
    "Admitted to hospital": "Admitted to Hospital",
    "NFA - Support declined": "NFA -  Support declined",
    "Long Term Support: Community": "Long Term Support:Community",
    "Long Term Support: Residential Care": "long term support: residential care",
    "Short Term Support: ST-Max": "Short Term Support:  ST-Max",
}
LTS_TYPES = {
    "Long Term Support: Community": 0.62,
    "Long Term Support: Residential Care": 0.24,
    "Long Term Support: Nursing Care": 0.13,
    "Long Term Support: Prison": 0.01,
}
COMPONENTS = {
    "Long Term Support: Community": [
        "Home Care",
        "Home Care",
        "Home Care",
        "Direct Payment",
        "Direct Payment",
        "Supported Living",
        "Day Care",
        "Shared Lives",
    ],
    "Long Term Support: Residential Care": ["Long Term Residential Care"],
    "Long Term Support: Nursing Care": ["Long Term Nursing Care"],
    "Long Term Support: Prison": ["Other Long Term Support"],
    "Short Term Support: ST-Max": ["Reablement"],
    "Short Term Support: Ongoing Low Level": ["Equipment", "Telecare", "Equipment"],
    "Short Term Support: Other Short Term": ["Short Term Residential Care", "Home Care"],
}
ROUTES = {
    "Community / Other route": 0.62,
    "Discharge from Hospital": 0.24,
    "Diversion from Hospital Services": 0.07,
    "Self-Funder with depleted funds": 0.03,
    "Planned Entry (Transition)": 0.03,
    "Prison": 0.01,
}
PSR = {
    "Physical Support: Personal Care Support": 0.45,
    "Physical Support: Access and Mobility Only": 0.08,
    "Support with Memory and Cognition": 0.14,
    "Learning Disability Support": 0.11,
    "Mental Health Support": 0.12,
    "Sensory Support: Support for Visual Impairment": 0.02,
    "Sensory Support: Support for Hearing Impairment": 0.01,
    "Social Support: Substance Misuse Support": 0.02,
    "Social Support: Support for Social Isolation/Other": 0.05,
}
ETHNICITY = {
    "White: English/Welsh/Scottish/Northern Irish/British": 0.9,
    "White: Any other White background": 0.04,
    "Mixed / Multiple ethnic groups: Any other Mixed / Multiple ethnic background": 0.01,
    "Asian / Asian British: Any other Asian background": 0.01,
    "Black / African / Caribbean / Black British: African": 0.005,
    "Other ethnic group: Any other ethnic group": 0.005,
    "Not Stated": 0.03,
}
CONCERN_SOURCES = {
    "Provider": 0.5,
    "Health": 0.15,
    "Police": 0.08,
    "Family / friend": 0.1,
    "Self": 0.04,
    "Other LA department": 0.05,
    "Anonymous": 0.02,
    "Other": 0.06,
}
RISKS = {
    "Neglect and acts of omission": 0.32,
    "Self-neglect": 0.16,
    "Physical abuse": 0.14,
    "Financial or material abuse": 0.1,
    "Psychological abuse": 0.1,
    "Organisational abuse": 0.06,
    "Domestic abuse": 0.06,
    "Sexual abuse": 0.03,
    "Discriminatory abuse": 0.01,
    "Sexual exploitation": 0.01,
    "Modern slavery": 0.01,
}
CLD_COLUMNS = [
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
CONCERN_COLUMNS = [
    "concern_id",
    "person_id",
    "received_date",
    "concern_source",
    "type_of_risk",
    "s42_decision",
    "decision_date",
]
NAT = np.datetime64("NaT", "D")


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    values = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def _daily_arrivals(
    rng, first: date, last: date, per_day_now: float, growth: float, now: date, winter: float = 0.0
) -> np.ndarray:
    """Arrival dates, Poisson per day: weekday-heavy, growing by `growth` a year, `winter` uplift."""
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    years = (days - np.datetime64(now)).astype(int) / 365.25
    weekday = (days.astype(int) + 3) % 7  # 0 = Monday
    week = np.where(weekday < 5, 1.25, 0.375)
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    season = 1 + winter * np.cos(2 * np.pi * (doy - 15) / 365.25)
    counts = rng.poisson(per_day_now * growth**years * week * season)
    return np.repeat(days, counts)


def _nhs_numbers(rng, n: int) -> np.ndarray:
    """Valid NHS numbers (modulus 11 check digit), as 10-digit strings."""
    digits = rng.integers(0, 10, size=(n, 9))
    digits[:, 0] = rng.integers(4, 7, size=n)
    while True:
        check = 11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11
        bad = check == 10
        if not bad.any():
            break
        digits[bad, 8] = rng.integers(0, 10, size=int(bad.sum()))
    check = np.where(check == 11, 0, check)
    value = digits @ (10 ** np.arange(9, 0, -1)) + check
    return value.astype(str).astype(object)


def _people(rng, n: int, ctx: DemoContext) -> dict[str, np.ndarray]:
    band = rng.random(n)
    ages = np.select(
        [band < 0.25, band < 0.65], [rng.integers(18, 65, n), rng.integers(65, 85, n)], rng.integers(85, 101, n)
    )
    nhs = _nhs_numbers(rng, n)
    spaced = rng.random(n) < 0.1  # some systems store "943 476 5919"
    nhs[spaced] = [f"{v[:3]} {v[3:6]} {v[6:]}" for v in nhs[spaced]]
    nhs[rng.random(n) < 0.03] = ""
    carer = rng.random(n) < 0.07
    columns = {
        "LA_Code": np.full(n, ctx.la_code, dtype=object),
        "LA_Person_Unique_Identifier": (rng.permutation(n) + 310000).astype(str),
        "NHS_Number": nhs,
        "Der_Birth_Year": (ctx.as_at.year - ages).astype(str),
        "Der_Birth_Month": rng.integers(1, 13, n).astype(str),
        "Gender": np.where(rng.random(n) < 0.58, "Female", "Male"),
        "Ethnicity": _pick(rng, ETHNICITY, n),
        "Client_Type": np.where(carer, "Carer", "Service User"),
        "Primary_Support_Reason": np.where(carer, "", _pick(rng, PSR, n)),
    }
    return {name: np.asarray(values, dtype=object) for name, values in columns.items()}


EVENT_FIELDS = [
    "Event_Outcome",
    "Request_Route_of_Access",
    "Assessment_Type",
    "Service_Type",
    "Service_Component",
    "Review_Reason",
]


def _events(
    kind: str, person: np.ndarray, start: np.ndarray, end: np.ndarray, outcome: np.ndarray, **fields
) -> dict[str, np.ndarray]:
    """Events of one type as arrays; the type's own fields are given, the others blank."""
    n = len(person)
    frame = {
        "person": np.asarray(person),
        "Event_Type": np.full(n, kind, dtype=object),
        "start": np.asarray(start, dtype="datetime64[D]"),
        "end": np.asarray(end, dtype="datetime64[D]"),
    }
    given = {"Event_Outcome": outcome, **fields}
    for name in EVENT_FIELDS:
        value = given.get(name, "")
        frame[name] = np.asarray(value, dtype=object) if np.ndim(value) else np.full(n, value, dtype=object)
    return frame


def _adults_at_first_event(people: dict[str, np.ndarray], events: dict[str, np.ndarray], ctx: DemoContext) -> None:
    """Nobody's first event is before their 18th birthday (long-term support can go back decades)."""
    first_year = np.full(len(people["Der_Birth_Year"]), ctx.as_at.year)
    np.minimum.at(first_year, events["person"], events["start"].astype("datetime64[Y]").astype(int) + 1970)
    born = np.minimum(people["Der_Birth_Year"].astype(int), first_year - 18)
    people["Der_Birth_Year"] = born.astype(str).astype(object)


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def _subset(frame: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    return {name: values[keep] for name, values in frame.items()}


def _write_csv(path: Path, header: list[str], columns: list[np.ndarray]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=False))


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    first, last = ctx.history_start, ctx.as_at - timedelta(days=1)
    begin = first - timedelta(days=365)  # a year's run-in, so the first months carry their caseloads
    now = date(2025, 9, 15)
    cutoff = np.datetime64(last)

    # Contacts: most from people new to the front door, the rest from earlier contacts.
    req_start = _daily_arrivals(rng, begin, last, CONTACTS_PER_DAY, CONTACT_GROWTH, now, winter=0.05)
    n_req = len(req_start)
    new = rng.random(n_req) < 0.62
    new[0] = True
    new_at = np.flatnonzero(new)
    earlier = np.searchsorted(new_at, np.arange(n_req))  # new contacts before each contact
    chosen = new_at[np.floor(rng.random(n_req) * np.maximum(earlier, 1)).astype(int)]
    req_person = np.where(new, np.cumsum(new) - 1, np.cumsum(new)[chosen] - 1)
    n_people = int(new.sum()) + PRE_EXISTING_LTS
    req_end = req_start + rng.geometric(0.45, n_req) - 1
    req_outcome = _pick(rng, REQUEST_OUTCOMES, n_req)
    requests = _events(
        "Request", req_person, req_start, req_end, req_outcome, Request_Route_of_Access=_pick(rng, ROUTES, n_req)
    )

    # Care Act assessments: waits lengthen a little over time.
    to_assess = np.flatnonzero(req_outcome == "Progress to Assessment")
    n_ass = len(to_assess)
    ass_start = req_end[to_assess] + rng.integers(0, 6, n_ass)
    years_in = (ass_start - np.datetime64(first)).astype(int) / 365.25
    ass_days = np.round(np.exp(rng.normal(np.log(35 * (1 + 0.1 * years_in)), 1.0))).astype(int) + 1
    ass_end = ass_start + ass_days
    ass_outcome = _pick(rng, ASSESSMENT_OUTCOMES, n_ass)
    ass_person = req_person[to_assess]
    assessments = _events(
        "Assessment",
        ass_person,
        ass_start,
        ass_end,
        ass_outcome,
        Assessment_Type=np.where(rng.random(n_ass) < 0.85, "Long Term Support Assessment", "Carer Assessment"),
    )

    # Long-term support: after an assessment, plus people already in LTS when the history starts.
    to_lts = np.flatnonzero((ass_outcome == "Progress to Support Planning / Services") & (ass_end <= cutoff))
    pre = np.arange(PRE_EXISTING_LTS)
    lts_person = np.concatenate([ass_person[to_lts], int(new.sum()) + pre])
    lts_start = np.concatenate(
        [
            ass_end[to_lts] + rng.integers(0, 29, len(to_lts)),
            np.datetime64(begin) - np.round(rng.exponential(LTS_MEAN_DAYS, len(pre))).astype(int) - 1,
        ]
    )
    n_lts = len(lts_person)
    lts_end = lts_start + np.round(rng.exponential(LTS_MEAN_DAYS, n_lts)).astype(int) + 14
    lts_end[len(to_lts) :] = np.datetime64(begin) + np.round(rng.exponential(LTS_MEAN_DAYS, len(pre))).astype(int)
    services = [_lts_segments(rng, lts_person, lts_start, lts_end)]

    # A second, concurrent long-term service (day care alongside home care, say).
    extra = np.flatnonzero(rng.random(n_lts) < 0.12)
    span = (lts_end[extra] - lts_start[extra]).astype(int)
    extra_start = lts_start[extra] + np.floor(rng.random(len(extra)) * span * 0.5).astype(int)
    extra_end = np.minimum(extra_start + np.round(rng.exponential(300, len(extra))).astype(int) + 7, lts_end[extra])
    services.append(
        _events(
            "Service",
            lts_person[extra],
            extra_start,
            extra_end,
            _pick(rng, SHORT_END_OUTCOMES, len(extra)),
            Service_Type="Long Term Support: Community",
            Service_Component=np.where(rng.random(len(extra)) < 0.6, "Day Care", "Direct Payment"),
        )
    )

    # Short-term support: reablement after a contact or assessment, and low-level services.
    st_from = np.concatenate(
        [
            req_end[req_outcome == "Progress to Reablement/ST-Max"],
            ass_end[ass_outcome == "Progress to Reablement/ST-Max"],
        ]
    )
    st_person = np.concatenate(
        [
            req_person[req_outcome == "Progress to Reablement/ST-Max"],
            ass_person[ass_outcome == "Progress to Reablement/ST-Max"],
        ]
    )
    st_start = st_from + rng.integers(0, 4, len(st_from))
    st_end = st_start + np.minimum(np.round(rng.gamma(4, 8, len(st_start))).astype(int) + 3, 56)
    low = np.flatnonzero(req_outcome == "Progress to Support Planning / Services")
    low_type = np.where(
        rng.random(len(low)) < 0.7, "Short Term Support: Ongoing Low Level", "Short Term Support: Other Short Term"
    )
    low_start = req_end[low] + rng.integers(0, 15, len(low))
    services.append(
        _events(
            "Service",
            st_person,
            st_start,
            st_end,
            _pick(rng, SHORT_END_OUTCOMES, len(st_start)),
            Service_Type="Short Term Support: ST-Max",
            Service_Component="Reablement",
        )
    )
    services.append(
        _events(
            "Service",
            req_person[low],
            low_start,
            low_start + np.round(rng.exponential(60, len(low))).astype(int) + 7,
            _pick(rng, SHORT_END_OUTCOMES, len(low)),
            Service_Type=low_type,
            Service_Component=_component(rng, low_type),
        )
    )

    reviews = _reviews(rng, lts_person, lts_start, lts_end, first)

    events = _concat([requests, assessments, *services, reviews])
    events = _subset(events, events["start"] <= cutoff)
    still_open = events["end"] > cutoff  # not ended at the extract date: no end date or outcome yet
    events["end"][still_open] = NAT
    events["Event_Outcome"][still_open] = ""
    order = np.lexsort((events["Event_Type"].astype(str), events["start"]))
    events = _subset(events, order)
    people = _people(rng, n_people, ctx)
    _adults_at_first_event(people, events, ctx)
    rows = {name: values[events["person"]] for name, values in people.items()}
    rows["Event_Type"] = events["Event_Type"]
    rows["Event_Reference"] = (np.arange(len(order)) + 5_000_000).astype(str).astype(object)
    rows["Event_Start_Date"] = np.datetime_as_string(events["start"]).astype(object)
    rows["Event_End_Date"] = np.where(np.isnat(events["end"]), "", np.datetime_as_string(events["end"])).astype(object)
    for name in EVENT_FIELDS:
        rows[name] = events[name]
    _respell(rng, rows)
    _sprinkle_cld(rng, rows)
    _write_csv(folder / "cld_events.csv", CLD_COLUMNS, [rows[c] for c in CLD_COLUMNS])

    concerns = _concerns(rng, begin, last, now, people["LA_Person_Unique_Identifier"])
    _write_csv(folder / "safeguarding_concerns.csv", CONCERN_COLUMNS, [concerns[c] for c in CONCERN_COLUMNS])
    return {"cld_events": len(order), "safeguarding_concerns": len(concerns["concern_id"])}


def _component(rng, service_type: np.ndarray) -> np.ndarray:
    out = np.empty(len(service_type), dtype=object)
    for kind, options in COMPONENTS.items():
        at = np.flatnonzero(service_type == kind)
        out[at] = np.array(options, dtype=object)[rng.integers(0, len(options), len(at))]
    return out


def _lts_segments(rng, person, start, end) -> dict[str, np.ndarray]:
    """Each LTS spell as 1-4 consecutive Service events (package changes): a change ends one
    service and starts the next on the same day."""
    n = len(person)
    pieces = np.minimum(1 + rng.poisson(0.6, n), 4)
    spell = np.repeat(np.arange(n), pieces)
    order = np.arange(len(spell)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    span = (end - start).astype(int)
    cuts = np.sort(rng.random((n, 3)), axis=1)
    cut_days = np.round(cuts * span[:, None]).astype(int)
    bounds = np.concatenate([np.zeros((n, 1), int), cut_days, span[:, None]], axis=1)
    seg_first = bounds[spell, order]
    last_piece = order == pieces[spell] - 1
    seg_last = np.where(last_piece, span[spell], bounds[spell, order + 1])
    keep = (seg_last > seg_first) | last_piece
    first_type = _pick(rng, LTS_TYPES, n)
    seg_type = first_type[spell]
    moved = (order > 0) & (rng.random(len(spell)) < 0.3)
    seg_type[moved] = np.where(
        rng.random(int(moved.sum())) < 0.7, "Long Term Support: Residential Care", "Long Term Support: Nursing Care"
    )
    outcome = np.where(last_piece, _pick(rng, LTS_END_OUTCOMES, len(spell)), "Progress to Support Planning / Services")
    frame = _events(
        "Service",
        person[spell],
        start[spell] + seg_first,
        start[spell] + seg_last,
        outcome,
        Service_Type=seg_type,
        Service_Component=_component(rng, seg_type),
    )
    return _subset(frame, keep)


def _reviews(rng, person, start, end, first: date) -> dict[str, np.ndarray]:
    """Reviews of each LTS spell: a first review about 8 weeks in, then at person-specific
    long-tailed intervals that lengthen as the review backlog grows."""
    n, k = len(person), 24
    neglected = rng.random(n) < NEGLECTED_SHARE  # e.g. settled placements the teams rarely reach
    scale = np.exp(rng.normal(np.where(neglected, np.log(1000), np.log(160)), 0.3))
    gaps = rng.gamma(3.0, 1 / 3.0, (n, k)) * scale[:, None]
    gaps[:, 0] = rng.integers(42, 84, n)
    planned = start[:, None] + np.round(np.cumsum(gaps, axis=1)).astype(int)
    backlog = np.clip((planned - np.datetime64(first)).astype(int) / 365.25, 0, None)
    offsets = np.cumsum(np.concatenate([gaps[:, :1], gaps[:, 1:] * (1 + 0.2 * backlog[:, 1:])], axis=1), axis=1)
    when = start[:, None] + np.round(offsets).astype(int)
    live = when < end[:, None]
    spell, _ = np.nonzero(live)
    review_start = when[live]
    m = len(review_start)
    review_end = review_start + rng.geometric(0.12, m) - 1
    return _events(
        "Review",
        person[spell],
        review_start,
        review_end,
        _pick(rng, REVIEW_OUTCOMES, m),
        Review_Reason=np.where(rng.random(m) < 0.78, "Planned", "Unplanned"),
    )


def _respell(rng, rows: dict[str, np.ndarray]) -> None:
    """About 3% of defined values carry another spec version's spacing or case."""
    for column in ("Event_Outcome", "Service_Type"):
        values = rows[column]
        for canonical, variant in VARIANTS.items():
            values[(values == canonical) & (rng.random(len(values)) < 0.03)] = variant


def _sprinkle_cld(rng, rows: dict[str, np.ndarray]) -> None:
    """~0.3% of rows as real extracts have them: a mistyped date, an unknown event type, a blank
    person identifier; plus a few lower-case event types (a warning, still loaded)."""
    n = len(rows["Event_Type"])
    bad = rng.choice(n, size=max(4, n * 3 // 1000), replace=False)
    kind = rng.integers(0, 3, len(bad))
    dates = rows["Event_Start_Date"]
    dates[bad[kind == 0]] = [f"{d[8:10]}-{d[5:7]}-{d[:4]}" for d in dates[bad[kind == 0]]]  # dd-mm-yyyy
    rows["Event_Type"][bad[kind == 1]] = "Contact"
    rows["LA_Person_Unique_Identifier"][bad[kind == 2]] = ""
    lower = rng.choice(n, size=max(3, n // 2000), replace=False)
    rows["Event_Type"][lower] = [v.lower() for v in rows["Event_Type"][lower]]


def _concerns(rng, first: date, last: date, now: date, known_people: np.ndarray) -> dict[str, np.ndarray]:
    received = _daily_arrivals(rng, first, last, CONCERNS_PER_DAY, CONCERN_GROWTH, now)
    n = len(received)
    known = rng.random(n) < 0.55  # the rest are not (yet) known to adult social care
    person = np.where(
        known, known_people[rng.integers(0, len(known_people), n)], rng.integers(700000, 799999, n).astype(str)
    )
    decided = received + rng.geometric(0.3, n) - 1
    pending = decided > np.datetime64(last)
    decision = np.where(pending, "pending", _pick(rng, {"no_enquiry": 0.62, "s42": 0.25, "other_enquiry": 0.13}, n))
    seconds = rng.integers(8 * 3600, 18 * 3600, n)
    with_time = rng.random(n) < 0.3  # one team's export keeps the time the concern was logged
    logged = received.astype("datetime64[s]") + seconds
    received_text = np.where(with_time, np.char.replace(np.datetime_as_string(logged), "T", " "), _uk(received))
    frame = {
        "concern_id": np.char.add("SGC", np.char.zfill((np.arange(n) + 1).astype(str), 6)),
        "person_id": person,
        "received_date": received_text,
        "concern_source": _pick(rng, CONCERN_SOURCES, n),
        "type_of_risk": _pick(rng, RISKS, n),
        "s42_decision": decision,
        "decision_date": np.where(pending, "", _uk(decided)),
    }
    frame = {name: np.asarray(values, dtype=object) for name, values in frame.items()}
    bad = rng.choice(n, size=max(3, n * 3 // 1000), replace=False)
    kind = rng.integers(0, 3, len(bad))
    frame["received_date"][bad[kind == 0]] = "31/09/2024"  # no such day
    frame["s42_decision"][bad[kind == 1]] = "section 42"
    frame["person_id"][bad[kind == 2]] = ""
    upper = rng.choice(n, size=12, replace=False)
    frame["s42_decision"][upper] = [v.upper() for v in frame["s42_decision"][upper]]
    return frame


def _uk(days: np.ndarray) -> np.ndarray:
    """dd/mm/yyyy text for day dates."""
    iso = np.datetime_as_string(days.astype("datetime64[D]"))
    parts = (np.strings.slice(iso, 8, 10), "/", np.strings.slice(iso, 5, 7), "/", np.strings.slice(iso, 0, 4))
    text = parts[0]
    for part in parts[1:]:
        text = np.strings.add(text, part)
    return text
