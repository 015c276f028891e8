"""Demo service commentary for the exceptions report: `raw/commentary/<quarter>/commentary.csv`.

Narrative and improvement actions, written by services for the indicators they expect in the
appendices, for the run's last two financial quarters (2025-26-Q1 and 2025-26-Q2 in the
demo). Figures are quoted only where the demo's own data fixes them (registration, education,
early years); other services describe trends and actions without numbers. Q1's file also
carries one line for an indicator the catalogue no longer has (a DQ warning).
"""

from __future__ import annotations

import csv
from pathlib import Path

from orchestration.demo import DemoContext
from orchestration.lib.periods import quarter_of, quarter_slug

SOURCE = "commentary"

Q2 = {
    "PH_DEATHS_REG_5D_PCT": (
        "Four in five deaths not referred to the coroner were registered within five days of the registrar "
        "receiving the medical certificate in September, up from about 77% over the summer months. The 95% "
        "national standard is hard to meet in a rural county: most of our offices open part-time, and many "
        "families choose to wait a few days for an appointment at the office nearest to them rather than "
        "travel to another town. September's improvement reflects the seasonal fall in deaths, extra casual "
        "registrar cover while posts are vacant, and fewer marriage notice appointments competing for the "
        "same slots.",
        "Open as many offices as possible each weekday and keep death appointments first in every diary; "
        "offer the earliest available slot at any office to each family while respecting their choice; "
        "recruit to the vacant registrar posts and keep the casual cover pool in place over winter; review "
        "office opening hours against demand before the winter peak; prepare for remote registration "
        "appointments as soon as the national civil registration reforms allow them.",
    ),
    "CS_EY_FUNDED_GOOD_PCT": (
        "Almost all funded 3 and 4 year olds attend settings judged Met, Good or Outstanding. The share "
        "fell slightly at the September census because three settings received inspection outcomes below "
        "Good over the summer: two Inadequate and one Requires improvement. Inspectors pointed to staff "
        "recruitment difficulties and to quality assurance that was not consistent enough.",
        "Each of the three settings has an early years adviser and an agreed improvement plan; advisers "
        "visit at least monthly until re-inspection, expected within twelve months; parents are told about "
        "other local places if they wish to move; recruitment support for the sector continues through the "
        "early years workforce programme.",
    ),
    "CS_PERM_EXCLUSION_RATE": (
        "Nine permanent exclusions were recorded this quarter, four in July and five in September, and one "
        "of these was later rescinded by the school in the East locality. Years 8 and 10 accounted for "
        "three exclusions each. Chesil, Dorchester and North each recorded two. Several of the pupils were "
        "already known to early help or children's social care.",
        "The inclusion team reviews every permanent exclusion with the school within five school days; "
        "a managed move or alternative provision is considered before any exclusion of a pupil known to "
        "social care or with an EHCP; locality inclusion panels meet each half term; the Virtual School "
        "advises on any pupil in care at risk of exclusion.",
    ),
    "CS_SEND_TRIBUNALS": (
        "Appeals to the SEND tribunal rose in September, with most of the new cases challenging refusals to "
        "assess or the content of sections B, F and I of plans. Several cases closed before hearing after "
        "the authority reviewed its decision.",
        "Review every refusal to assess at a senior panel before the decision letter is sent; offer "
        "mediation in every case; share tribunal outcomes with caseworkers monthly to improve decisions.",
    ),
    "CS_INDEPENDENT_SPECIAL_PLACES": (
        "As the number of children with agreed EHCPs grows, more placements in independent and "
        "non-maintained special schools are being made where no maintained place meets the need.",
        "Continue the special school expansion programme; review every independent placement at annual "
        "review for a return to local provision; commission additional resourced provision in mainstream "
        "schools.",
    ),
    "CS_CPP_REPEAT_2YR_PCT": (
        "The share of new child protection plans for children who were on a plan within the last two years "
        "has risen above target.",
        "An audit of recent repeat plans has looked at how sustainable the earlier plans were and how step-"
        "down decisions were made; its findings go to the quality assurance board with a practice action "
        "plan.",
    ),
    "CS_EHCP_20WK_PCT": (
        "Timeliness of new EHCPs remains below target while the service settles into the new case "
        "management system; reporting from the system is being rebuilt and the missing months backfilled.",
        "Weekly tracking of every request approaching 16 weeks; temporary caseworker capacity in the "
        "localities with the longest delays; reasons for delay analysed monthly.",
    ),
    "CS_LAC_OUTSIDE_LA_PCT": (
        "The share of children in care living outside the county rose at the end of the quarter. Many of "
        "these children live with family or in neighbouring authorities close to home.",
        "Continue foster carer recruitment campaigns; open the new in-house children's homes on schedule; "
        "approve every out-of-county placement at director level.",
    ),
    "ASC_SAFEGUARDING_CONCERNS": (
        "Safeguarding concerns remain above last year's level, with around half raised by care providers; "
        "missed medication and self-neglect are the most frequent themes.",
        "Work with providers on medication incident reporting thresholds; expand the self-neglect pathway "
        "with health partners.",
    ),
    "HOU_BB_FAMILIES_6WK": (
        "A family has stayed in bed and breakfast accommodation for longer than six weeks.",
        "Daily review of every family in B&B; joint planning with children's services; prioritise the "
        "family for the next suitable self-contained unit.",
    ),
    "HOU_TA_HOUSEHOLDS": (
        "Households in temporary accommodation have increased in line with the usual seasonal pattern.",
        "Focus prevention work on households at risk of eviction; continue to acquire local self-contained "
        "temporary accommodation.",
    ),
    "ASC_OUTSTANDING_ASSESSMENTS": (
        "High referral volumes continue to add to the waiting list for Care Act assessments.",
        "Prioritise assessments by risk; use the additional assessor capacity agreed for the autumn.",
    ),
    "ASC_OVERDUE_REVIEWS": (
        "Overdue annual reviews remain a challenge despite a large volume of reviews completed since April.",
        "Review people waiting longest or whose needs have changed first; trial proportionate telephone "
        "reviews for stable packages.",
    ),
    "ASC_CONTACTS": (
        "Demand at the front door of adult social care remains higher than at the same time last year.",
        "Strengthen information and advice online; route simple requests to the community offer.",
    ),
    "CS_S47_COMPLETED_10WD_PCT": (
        "Timeliness of section 47 enquiries varied through the quarter and was below target; delays in one "
        "locality have begun to reduce.",
        "Weekly locality management meetings track every open enquiry against the ten working day standard.",
    ),
    "CS_S47_TO_ICPC_PCT": (
        "The share of section 47 enquiries leading to an initial child protection conference rose this "
        "quarter, though the year's average remains close to comparator authorities.",
        "Threshold decisions are sampled in the monthly audit programme.",
    ),
}

Q1 = {
    "PH_DEATHS_REG_5D_PCT": (
        "Registration within five days of the MCCD reaching the registrar stayed below the national "
        "standard through the spring, with part-time offices and families' choice of office the main "
        "reasons.",
        "Prioritise death appointments in every office diary; recruit to vacant registrar posts.",
    ),
    "CS_EY_FUNDED_GOOD_PCT": (
        "Nearly all funded 3 and 4 year olds were in settings judged Met, Good or Outstanding at the May census.",
        "Advisers continue to support the small number of settings judged below Good.",
    ),
    "PH_BIRTHS_REG_42D_PCT": (
        "Births registered within 42 days remained above target.",
        "None required.",
    ),
}


def generate(out: Path, ctx: DemoContext) -> dict[str, int]:
    year, quarter = quarter_of(ctx.last_month_start)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    written = 0
    for (y, q), texts in ((previous, Q1), ((year, quarter), Q2)):
        path = out / SOURCE / quarter_slug(y, q) / "commentary.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["indicator_id", "narrative", "actions"])
            writer.writerows([indicator, narrative, actions] for indicator, (narrative, actions) in texts.items())
        written += len(texts)
    return {"commentary": written}
