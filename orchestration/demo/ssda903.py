"""Demo SSDA903 `header` and `episodes`: about 480 children looked after at any time.

The extract is what a council submits: it passes the DfE's SSDA903 rules (Data to Insight's
csc-validator-be-903, `make dfe903`) except for these deliberate errors, one record each:

1. an episode whose DEC is typed `dd-mm-yyyy`: quarantined by scrutiny; DfE 147 (date
   episode ceased is not a valid date);
2. an episode with legal status `C3`, a code that does not exist: quarantined; DfE 144 (the
   legal status code is not a valid code);
3. an episode with the category of need left blank: quarantined by scrutiny (it is required);
   the DfE validator lets a blank CIN pass (its rule 145 checks only the codes given);
4. an episode whose PLACE is typed in lower case (`u4`): scrutiny fixes the case with a
   warning, and so does the DfE validator (it upper-cases all input): not a DfE error;
5. a girl whose MOTHER field is blank: loaded (the field is optional to scrutiny); DfE 393;
6. an open children's home (K2) placement without its Ofsted URN: loaded; DfE 218.

`DELIBERATE_DFE_HITS` lists the DfE rule hits they give (tests/dfe903 asserts the validator
finds exactly those). The rest follows the DfE guide as the validator checks it: one category of
need per period of care; RNE consistent with what changed (L: legal status only, P/T: placement
only, U/B: both); the reason for a placement change on the episode it ends; short-term legal
statuses (L1-L3, J2) that last days, followed by an interim care order; short breaks (V3/V4)
of up to two weeks without postcodes or URN; youth justice statuses only from age 10; care
ending by the 18th birthday; adoptions from an adoptive placement (A6); SGOs to former foster
carers only from a foster placement; PR0 exactly with P1; own provision (PR1) outside the
council only for foster and adoptive placements; URNs for Ofsted-registered placements in
England only; no placement over 350 miles away. Placements in Somerset are left out: the
validator's authority lookup (April 2021) predates the Somerset unitary (E06000066), so it
cannot place them (169, 179), a false positive a real Dorset submission would meet.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from orchestration.demo import DemoContext
from orchestration.demo.postcodes import DORSET, FURTHER, NEIGHBOURS, directory, sample, sample_near

SOURCE = "ssda903"
ENTRIES_PER_MONTH = 19
MEAN_STAY_DAYS = 850
# where placements are: in the council within 40 km of home, in a neighbour within NEAR_KM, or further
# (calibrated so that the placement measures resemble the council's report: 45.22% outside, 41.83% > 20 miles)
SHARE_LOCAL, SHARE_NEAR, NEAR_KM = 0.52, 0.26, 35
ETHNIC = ["WBRI"] * 16 + ["WOTH", "MWBC", "MOTH", "AOTH", "BAFR", "OOTH", "NOBT"]
LS_CHOICES = (
    ["C2"] * 55
    + ["C1"] * 15
    + ["V2"] * 12
    + ["E1"] * 6
    + ["V3"] * 3
    + ["V4"] * 2
    + ["J2", "L1", "L2", "D1", "J1", "J3", "L3"]
)
PLACE_LOCAL = ["U1", "U3", "U4", "U6", "U6", "U6", "P1", "K2"]
PLACE_FAR = ["K2", "K2", "U6", "U4", "R1", "S1", "K1"]
REC_FINAL = ["E4A"] * 5 + ["E13", "E11", "E41", "E45", "E8", "E15"]
CIN_CHOICES = ["N1"] * 6 + ["N2", "N3", "N4", "N5", "N6", "N8"]
PROVIDERS = ["PR1", "PR1", "PR4", "PR4", "PR5"]
# legal statuses that last days, and how many at most (Children Act 1989, PACE; DfE 361-364)
SHORT_LEGAL_DAYS = {"L1": 3, "L2": 21, "L3": 7, "J2": 1}
SHORT_BREAK = ("V3", "V4")
YOUTH_JUSTICE = ("J1", "J2", "J3")
# the legal status a change of legal status (RNE L, U or B) leads to
NEXT_LEGAL = {"C1": "C2", "V2": "C2", "L1": "C1", "L2": "C1", "L3": "C1", "J1": "V2", "J2": "C1", "J3": "V2"}
FOSTER_OR_ADOPTION = ("U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5", "A6", "K3")
NO_URN = ("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4")  # not registered with Ofsted
DELIBERATE_DFE_HITS = {("147", "episodes"): 1, ("144", "episodes"): 1}
DELIBERATE_DFE_HITS |= {("393", "header"): 1, ("218", "episodes"): 1}


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _birthday(dob: date, years: int) -> date:
    return dob.replace(year=dob.year + years) if (dob.month, dob.day) != (2, 29) else date(dob.year + years, 3, 1)


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng(SOURCE)
    folder = out / SOURCE / ctx.as_at.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    start = ctx.history_start - timedelta(days=5 * 365)
    days = (ctx.as_at - start).days
    entries = rng.poisson(ENTRIES_PER_MONTH * days / 30.4)
    entry_days = sorted(int(d) for d in rng.integers(0, days, size=entries))
    header_rows, episode_rows = [], []
    district = directory().set_index("pcd")["laua"].to_dict()
    homes = sample(rng, DORSET, entries)
    local = sample_near(rng, DORSET, [h for h in homes for _ in range(4)], max_km=40)
    near = sample_near(rng, [d for d in NEIGHBOURS if d != "E06000066"], [h for h in homes for _ in range(4)], NEAR_KM)
    far = sample(rng, [d for d in FURTHER if not d.startswith("S")], entries * 4)  # Scotland is > 350 miles
    for n, offset in enumerate(entry_days):
        child = str(100000 + n)
        entered = start + timedelta(days=offset)
        stay = int(rng.exponential(MEAN_STAY_DAYS)) + 1
        age_days = int(rng.integers(0, 17 * 365))
        dob = entered - timedelta(days=age_days)
        sex = str(rng.choice(["M", "F"]))
        header_rows.append(
            [child, sex, _fmt(dob), str(rng.choice(ETHNIC)), f"A{rng.integers(10**11, 10**12)}", "0" * (sex == "F"), ""]
        )
        legal = str(rng.choice(LS_CHOICES))
        if legal in YOUTH_JUSTICE and entered < _birthday(dob, 11):
            legal = "C2"
        left = min(entered + timedelta(days=stay), _birthday(dob, 18))
        if legal in SHORT_BREAK:  # a short break of up to two weeks, over by the extract date
            left = min(entered + timedelta(days=1 + stay % 14), ctx.as_at)
        moves = int(rng.poisson(1.2))
        cuts = sorted({entered + timedelta(days=int(d)) for d in rng.integers(1, max(stay, 2), size=moves)})
        if legal in SHORT_LEGAL_DAYS:
            cuts = sorted({entered + timedelta(days=SHORT_LEGAL_DAYS[legal])} | set(cuts))
        bounds = [entered] + [c for c in cuts if entered < c < left and legal not in SHORT_BREAK] + [left]
        home = homes[n]
        cin = str(rng.choice(CIN_CHOICES))
        place = postcode = provider = urn = ""
        episodes = []
        for k in range(len(bounds) - 1):
            decom, dec = bounds[k], bounds[k + 1]
            where = rng.random()
            if where < SHARE_LOCAL:
                new_place, new_postcode = str(rng.choice(PLACE_LOCAL)), local[4 * n + k % 4]
            elif where < SHARE_LOCAL + SHARE_NEAR:
                new_place, new_postcode = str(rng.choice(PLACE_LOCAL + PLACE_FAR)), near[4 * n + k % 4]
            else:
                new_place, new_postcode = str(rng.choice(PLACE_FAR)), far[4 * n + k % 4]
            rne = "S" if k == 0 else str(rng.choice(["P", "T", "P", "L", "U", "B"]))
            drawn_provider = str(rng.choice(PROVIDERS))
            drawn_urn = f"SC{rng.integers(100000, 999999)}"
            if k > 0 and episodes[-1][3] in SHORT_LEGAL_DAYS:
                rne = "L"  # police protection, an EPO or PACE gives way to an interim care order
            if rne in ("L", "U", "B"):
                if legal in NEXT_LEGAL:
                    legal = NEXT_LEGAL[legal]
                else:
                    rne = "P"
            if rne != "L":
                place, postcode, provider, urn = _placement(
                    new_place, new_postcode, drawn_provider, drawn_urn, legal, decom, dob, district
                )
            ended = dec <= ctx.as_at
            if k > 0:  # the previous episode ended the day this one began
                episodes[-1][8] = "X1"
                if rne != "L":  # why the placement changed, on the episode it ended
                    episodes[-1][9] = str(rng.choice(["CARPL", "CREQB", "LAREQ", "CHILD"]))
            episodes.append(
                [child, _fmt(decom), rne, legal, cin, place, provider, _fmt(dec if ended else None), "", "", home]
                + [postcode, urn]
            )
            if not ended:
                break
        final = episodes[-1]
        if final[7]:
            final[8] = _final_reason(str(rng.choice(REC_FINAL)), episodes, dob, left, district)
        if legal in SHORT_BREAK:
            final[10] = final[11] = final[12] = ""  # location not required for short breaks (DfE 214, 398)
        episode_rows.extend(episodes)
    _deliberate_errors(rng, header_rows, episode_rows)
    _write(folder / "header.csv", ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], header_rows)
    _write(
        folder / "episodes.csv",
        [
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
        episode_rows,
    )
    return {"header": len(header_rows), "episodes": len(episode_rows)}


def _placement(place, postcode, provider, urn, legal, decom, dob, district) -> tuple[str, str, str, str]:
    """(PLACE, PL_POST, PLACE_PROVIDER, URN) consistent with the DfE rules."""
    if legal in SHORT_BREAK:
        place = "R1"  # a short-breaks unit; no URN or postcode is reported for short breaks
    if place == "S1" and decom < _birthday(dob, 4):
        place = "K2"  # a residential school only from age 4 (DfE 373)
    if place == "P1" and legal == "V2":
        place = "U6"  # placement with parents is not a section 20 accommodation (DfE 378)
    in_council = district.get(postcode) in DORSET
    if place == "P1":
        provider = "PR0"
    elif provider == "PR1" and not in_council and place not in FOSTER_OR_ADOPTION:
        provider = "PR4"  # own provision outside the council only fosters (DfE 1015)
    in_england = str(district.get(postcode, "")).startswith("E")
    return place, postcode, provider, urn if in_england and place not in NO_URN else ""


def _final_reason(rec: str, episodes: list[list[str]], dob: date, left: date, district: dict) -> str:
    """The reason care ended, as the rules allow it for this child's last episode."""
    final = episodes[-1]
    if left == _birthday(dob, 18):
        return "E5"  # the 18th birthday: on to supported independent living
    if rec == "E11":
        if len(episodes) == 1:
            return "E4A"
        before = episodes[-2]
        final[3] = final[3] if final[3] in ("E1", "D1") else "E1"  # adopted from a placement for adoption
        final[2] = "B" if final[3] != before[3] else "P"
        final[5], final[6] = "A6", "PR1"
        final[12] = final[12] or ("SC900001" if str(district.get(final[11], "")).startswith("E") else "")
        before[9] = before[9] or "CARPL"
        return rec
    if rec == "E45" and final[5] not in FOSTER_OR_ADOPTION[:6]:
        return "E48"  # an SGO to former foster carers needs a foster placement (DfE 516)
    return rec


def _deliberate_errors(rng, header_rows: list[list[str]], episode_rows: list[list[str]]) -> None:
    """The module docstring's deliberate errors, each on one record of a child with a single
    open episode (so that one mistake gives one DfE hit)."""
    counts: dict[str, int] = {}
    for row in episode_rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    single_open = [i for i, row in enumerate(episode_rows) if counts[row[0]] == 1 and not row[7]]
    single_open = [i for i in single_open if episode_rows[i][3] not in SHORT_BREAK]
    homes = [i for i in single_open if episode_rows[i][5] == "K2" and episode_rows[i][12]]
    fosters = [i for i in single_open if episode_rows[i][5] == "U4"]
    ls_row, cin_row = (int(i) for i in rng.choice([i for i in single_open if i not in homes], 2, False))
    single_ended = [
        i for i, row in enumerate(episode_rows) if counts[row[0]] == 1 and row[7] and row[3] not in SHORT_BREAK
    ]
    date_row = int(rng.choice(single_ended))
    episode_rows[date_row][7] = episode_rows[date_row][7].replace("/", "-")
    episode_rows[ls_row][3] = "C3"
    episode_rows[cin_row][4] = ""
    episode_rows[int(rng.choice(fosters))][5] = "u4"
    episode_rows[int(rng.choice(homes))][12] = ""
    girls = [row for row in header_rows if row[1] == "F"]
    girls[int(rng.integers(len(girls)))][5] = ""


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
