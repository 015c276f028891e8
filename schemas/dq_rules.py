"""The data-quality rule registry: the one place every DQ rule is stated.

Each rule has a code, the source and table it checks, a family, a severity, what it means,
why it matters (and for which indicators) and how to fix it in the source system. Rules of
the `structure` family (what Pandera quarantines) and the duplicate-key rule are derived
from the source schemas (`Col` kinds, `RowRule`s, `Table.key`); the others are stated here.

`python -m schemas.dq_rules` writes the registry for dbt: `seeds/dq_rules_registry.csv` (published as
`dq_rules`) and `macros/data_quality/dq_registry.sql` (the tables, keys and volume series the
generic DQ models loop over). A test fails when either file differs from this module.
DfE SSDA903 rules are not listed: they are the validator's, read from `dq_dfe.ssda903_rules`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from schemas import SOURCES
from schemas._spec import Table

FAMILIES = ("structure", "row", "cross_row", "cross_source", "reference", "freshness", "volume", "restatement", "dfe")
SEVERITIES = ("error", "warning")
DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"
SEED_PATH = DBT_PROJECT / "seeds" / "dq_rules_registry.csv"
MACRO_PATH = DBT_PROJECT / "macros" / "data_quality" / "dq_registry.sql"
SEED_COLUMNS = ("rule_code", "source", "table_name", "family", "severity", "description", "indicators", "why", "fix")

INDICATORS_BY_SOURCE = {
    "ssda903": ("CS_LAC_OUTSIDE_LA_PCT", "CS_LAC_OVER_20_MILES_PCT"),
    "ssd": ("CS_CPP_REPEAT_2YR_PCT", "CS_S47_COMPLETED_10WD_PCT", "CS_S47_TO_ICPC_PCT"),
    "ehcp": ("CS_EHCP_20WK_PCT", "CS_SEND_TRIBUNALS", "CS_INDEPENDENT_SPECIAL_PLACES"),
    "education": ("CS_PERM_EXCLUSION_RATE",),
    "early_years": ("CS_EY_FUNDED_GOOD_PCT",),
    "registration": ("PH_DEATHS_REG_5D_PCT",),
    "adults": ("ASC_SAFEGUARDING_CONCERNS", "ASC_CONTACTS", "ASC_OUTSTANDING_ASSESSMENTS", "ASC_OVERDUE_REVIEWS"),
    "housing": ("HOU_TA_HOUSEHOLDS", "HOU_BB_FAMILIES_6WK"),
    "commentary": (),
}

# Where a table has no declared key, the column that identifies its record to the service.
RECORD_ID_COLUMNS = {("adults", "cld_events"): ("event_reference",)}

# Monthly record counts watched for volume anomalies: (source, table, staging model, date, type).
VOLUME_SERIES = (
    ("ssda903", "episodes", "stg_ssda903__episodes", "started_on", None),
    ("ssd", "ssd_s47_enquiry", "stg_ssd__s47_enquiries", "started_on", None),
    ("ssd", "ssd_initial_cp_conference", "stg_ssd__initial_cp_conferences", "held_on", None),
    ("ssd", "ssd_cp_plans", "stg_ssd__cp_plans", "started_on", None),
    ("ehcp", "ssd_ehcp_requests", "stg_ehcp__requests", "requested_on", None),
    ("ehcp", "ssd_ehcp_assessment", "stg_ehcp__assessments", "outcome_on", "outcome"),
    ("ehcp", "ssd_ehcp_named_plan", "stg_ehcp__named_plans", "started_on", None),
    ("ehcp", "send_tribunals", "stg_ehcp__tribunals", "registered_on", None),
    ("education", "exclusions", "stg_education__exclusions", "started_on", None),
    ("registration", "death_registrations", "stg_registration__death_registrations", "registered_on", None),
    ("adults", "cld_events", "stg_adults__cld_events", "started_on", "event_type"),
    ("adults", "safeguarding_concerns", "stg_adults__safeguarding_concerns", "received_on", None),
    ("housing", "ta_placements", "stg_housing__ta_placements", "started_on", None),
)


@dataclass(frozen=True)
class Rule:
    code: str
    source: str
    table: str | None  # None: the rule is about the source as a whole (freshness, restatement)
    family: str
    severity: str
    description: str  # what it means
    why: str  # why it matters, and how the pipeline counts the record meanwhile
    fix: str  # what to do in the source system
    indicators: tuple[str, ...] = ()

    def row(self) -> dict[str, str]:
        return {
            "rule_code": self.code,
            "source": self.source,
            "table_name": self.table or "",
            "family": self.family,
            "severity": self.severity,
            "description": self.description,
            "indicators": " ".join(self.indicators),
            "why": self.why,
            "fix": self.fix,
        }


def _tables() -> dict[tuple[str, str], Table]:
    """Every table of every source; the newest collection year's layout where they differ."""
    tables = {}
    for source in SOURCES.values():
        for year in sorted(source.versions):
            for table in source.versions[year].values():
                tables[(source.name, table.name)] = table
    return tables


def _all_columns(source: str, table: str) -> list[str]:
    """Raw columns of a table over all its collection years (the raw table holds them all)."""
    columns: list[str] = []
    for year in sorted(SOURCES[source].versions):
        found = SOURCES[source].versions[year].get(table)
        for column in found.keys if found else []:
            if column not in columns:
                columns.append(column)
    return columns


STRUCTURE_FIX = "correct the row in the source system and re-deliver; until then the row is quarantined, not counted"


def _structure_rules(source: str, table: Table) -> list[Rule]:
    """What Pandera (and the reader) quarantine for this table: one rule per check code in use."""
    indicators = INDICATORS_BY_SOURCE[source]
    why = "the row is quarantined: it is left out of every figure until it is corrected"
    names = {kind: [c.name for c in table.columns if c.kind == kind] for kind in ("date", "integer", "number", "code")}
    names["json"] = [c.name for c in table.columns if c.kind == "json"]
    required = [c.name for c in table.columns if c.required]
    minimum = [f"{c.name} >= {c.minimum:g}" for c in table.columns if c.minimum is not None]
    stated = [
        ("required", required, "a required field is blank ({})"),
        ("date_format", names["date"], "a date is not YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or dd/mm/yyyy ({})"),
        ("code_list", names["code"], "a code is not in the standard's list ({})"),
        ("integer", names["integer"], "a whole number is expected ({})"),
        ("number", names["number"], "a number is expected ({})"),
        ("minimum", minimum, "a number is below its minimum ({})"),
        ("json", names["json"], "a JSON object is expected ({})"),
        ("missing_column", required, "a required column is missing from the file ({}): every row is quarantined"),
    ]
    rules = [
        Rule(
            code,
            source,
            table.name,
            "structure",
            "error",
            text.format(", ".join(columns)),
            why,
            STRUCTURE_FIX,
            indicators,
        )
        for code, columns, text in stated
        if columns
    ]
    rules.append(
        Rule(
            "too_many_values",
            source,
            table.name,
            "structure",
            "error",
            "the row has more values than the header has columns (a stray comma or an unquoted field)",
            why,
            "fix the row's quoting or delimiters in the export and re-deliver",
            indicators,
        )
    )
    rules += [
        Rule(r.name, source, table.name, "structure", "error", r.description, why, STRUCTURE_FIX, indicators)
        for r in table.row_rules
    ]
    return rules


def _duplicate_key_rule(source: str, table: Table) -> Rule:
    key = ", ".join(table.column(k).name for k in table.key)
    return Rule(
        "duplicate_key",
        source,
        table.name,
        "cross_row",
        "warning",
        f"more than one row of one file has the same {key}; every such row is listed with its file row number",
        "the last row in the file is the record used for its figures (a later row is taken as the correction); "
        "indicators that count linked rows (at least one linked row) still look at every row",
        f"keep one row per {key} in the source system's extract (merge or delete the repeat)",
        INDICATORS_BY_SOURCE[source],
    )


def _w(code, source, table, family, description, why, fix, *indicators) -> Rule:
    return Rule(code, source, table, family, "warning", description, why, fix, tuple(indicators))


LAC = ("CS_LAC_OUTSIDE_LA_PCT", "CS_LAC_OVER_20_MILES_PCT")
FIX_DATES = "check both dates in the case record and correct the wrong one"
STATED_RULES = (
    # ssda903
    _w(
        "unresolved_placement_postcode",
        "ssda903",
        "episodes",
        "reference",
        "placement postcode blank or not in the postcode directory (England, Wales, Scotland)",
        "counts in the outside-the-area denominator only",
        "record the placement's full postcode",
        *LAC,
    ),
    _w(
        "unresolved_home_postcode",
        "ssda903",
        "episodes",
        "reference",
        "home postcode blank or not in the postcode directory",
        "the distance from home is unknown",
        "record the child's home postcode at the start of the episode",
        "CS_LAC_OVER_20_MILES_PCT",
    ),
    _w(
        "home_outside_england",
        "ssda903",
        "episodes",
        "reference",
        "home postcode outside England (DfE reports distance 999.9)",
        "the distance from home is unknown",
        "check the home postcode; none needed if correct",
        "CS_LAC_OVER_20_MILES_PCT",
    ),
    _w(
        "overlapping_episodes",
        "ssda903",
        "episodes",
        "cross_row",
        "episodes of the same child overlap in time",
        "the episode with the latest start is used",
        "close the earlier episode (DEC) on the day the next one starts",
        *LAC,
    ),
    # ssd
    _w(
        "s47_end_before_start",
        "ssd",
        "ssd_s47_enquiry",
        "row",
        "S47 end date before its start date",
        "no working days between them, so counted as completed within 10 working days",
        FIX_DATES,
        "CS_S47_COMPLETED_10WD_PCT",
    ),
    _w(
        "s47_end_without_start",
        "ssd",
        "ssd_s47_enquiry",
        "row",
        "S47 has an end date but no start date",
        "in the 10-working-day denominator only",
        "record the strategy discussion (start) date",
        "CS_S47_COMPLETED_10WD_PCT",
    ),
    _w(
        "s47_person_not_in_ssd_person",
        "ssd",
        "ssd_s47_enquiry",
        "cross_source",
        "S47 person id not in ssd_person",
        "the enquiry still counts",
        "add the person to the extract (or correct the id)",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "outside_bank_holiday_years",
        "ssd",
        "ssd_s47_enquiry",
        "reference",
        "S47 start or end date in a year the bank-holiday list does not cover",
        "only weekends are skipped (outside 2000-2040: no working days, not within 10)",
        FIX_DATES,
        "CS_S47_COMPLETED_10WD_PCT",
    ),
    _w(
        "cp_conference_outcome_without_icpc",
        "ssd",
        "ssd_s47_enquiry",
        "cross_source",
        "S47 outcome says CP conference but no initial child protection conference is linked to it",
        "not counted as leading to an ICPC",
        "record the ICPC with this S47 enquiry id",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "icpc_s47_not_found",
        "ssd",
        "ssd_initial_cp_conference",
        "cross_source",
        "ICPC linked to an S47 enquiry id that is not in ssd_s47_enquiry (or was quarantined)",
        "it counts for no enquiry",
        "correct the S47 enquiry id on the conference",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "icpc_without_s47",
        "ssd",
        "ssd_initial_cp_conference",
        "row",
        "ICPC has no S47 enquiry id and is not a transfer-in conference",
        "it counts for no enquiry",
        "link the conference to its S47 enquiry",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "icpc_person_differs_from_s47",
        "ssd",
        "ssd_initial_cp_conference",
        "cross_source",
        "ICPC person differs from the person of its S47 enquiry",
        "the link by S47 id is used",
        "check which child the conference was for",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "icpc_person_not_in_ssd_person",
        "ssd",
        "ssd_initial_cp_conference",
        "cross_source",
        "ICPC person id not in ssd_person",
        "the conference still counts",
        "add the person to the extract",
        "CS_S47_TO_ICPC_PCT",
    ),
    _w(
        "cp_plan_end_before_start",
        "ssd",
        "ssd_cp_plans",
        "row",
        "CP plan end date before its start date",
        "the plan is never open",
        FIX_DATES,
        "CS_CPP_REPEAT_2YR_PCT",
    ),
    _w(
        "cp_plan_without_category",
        "ssd",
        "ssd_cp_plans",
        "row",
        "CP plan with no initial category of abuse",
        "the plan still counts; the category is what the DfE CIN census and the committee break plans down by",
        "record the initial category (Neglect, Physical abuse, Sexual abuse, Emotional abuse or Multiple)",
        "CS_CPP_REPEAT_2YR_PCT",
    ),
    _w(
        "overlapping_cp_plans",
        "ssd",
        "ssd_cp_plans",
        "cross_row",
        "CP plan starts while another plan of the same person is open",
        "the new plan counts as a repeat if the other started earlier",
        "end the earlier plan or merge the two",
        "CS_CPP_REPEAT_2YR_PCT",
    ),
    _w(
        "cp_plan_icpc_not_found",
        "ssd",
        "ssd_cp_plans",
        "cross_source",
        "CP plan linked to an ICPC id that is not in ssd_initial_cp_conference",
        "the plan still counts",
        "correct the ICPC id on the plan",
        "CS_CPP_REPEAT_2YR_PCT",
    ),
    _w(
        "cp_plan_person_not_in_ssd_person",
        "ssd",
        "ssd_cp_plans",
        "cross_source",
        "CP plan person id not in ssd_person",
        "the plan still counts",
        "add the person to the extract",
        "CS_CPP_REPEAT_2YR_PCT",
    ),
    # ehcp
    _w(
        "assessment_without_request",
        "ehcp",
        "ssd_ehcp_assessment",
        "cross_source",
        "assessment whose ehca_ehcp_request_id is blank or not in ssd_ehcp_requests",
        "a plan it issued cannot be timed, so it counts in the 20-week denominator only",
        "link the assessment to its request",
        "CS_EHCP_20WK_PCT",
    ),
    _w(
        "issued_plan_request_undated",
        "ehcp",
        "ssd_ehcp_assessment",
        "cross_source",
        "plan issued (outcome Y) whose request has no ehcr_ehcp_req_date",
        "counts in the 20-week denominator only",
        "record the request date",
        "CS_EHCP_20WK_PCT",
    ),
    _w(
        "outcome_before_request",
        "ehcp",
        "ssd_ehcp_assessment",
        "cross_source",
        "assessment outcome date is before its request date",
        "counted as within 20 weeks, as the contract defines it",
        FIX_DATES,
        "CS_EHCP_20WK_PCT",
    ),
    _w(
        "request_without_send_record",
        "ehcp",
        "ssd_ehcp_requests",
        "cross_source",
        "request whose ehcr_send_table_id is blank or not in ssd_send",
        "the request still counts",
        "link the request to the person's SEND record",
        "CS_EHCP_20WK_PCT",
    ),
    _w(
        "urn_not_in_gias",
        "ehcp",
        "ehcp_placements",
        "reference",
        "placement URN not in the GIAS establishments list (shipped, or raw/reference/gias_establishments.csv)",
        "its school type is unknown, so it is not counted as an independent special place",
        "correct the URN, or add the school to raw/reference/gias_establishments.csv",
        "CS_INDEPENDENT_SPECIAL_PLACES",
    ),
    _w(
        "no_urn_or_setting",
        "ehcp",
        "ehcp_placements",
        "row",
        "placement with neither a URN nor a SEN setting",
        "where the person is educated is unknown",
        "record the school URN or the SEN setting",
        "CS_INDEPENDENT_SPECIAL_PLACES",
    ),
    _w(
        "left_before_entry",
        "ehcp",
        "ehcp_placements",
        "row",
        "placement leaving_date is before its entry_date",
        "the placement is never open",
        FIX_DATES,
        "CS_INDEPENDENT_SPECIAL_PLACES",
    ),
    _w(
        "placement_without_named_plan",
        "ehcp",
        "ehcp_placements",
        "cross_source",
        "placement whose named_plan_id is blank or not in ssd_ehcp_named_plan",
        "the placement still counts",
        "link the placement to its named plan",
        "CS_INDEPENDENT_SPECIAL_PLACES",
    ),
    _w(
        "outcome_before_registration",
        "ehcp",
        "send_tribunals",
        "row",
        "appeal outcome_date is before its registered_date",
        "the appeal still counts when registered",
        FIX_DATES,
        "CS_SEND_TRIBUNALS",
    ),
    _w(
        "concluded_without_outcome_date",
        "ehcp",
        "send_tribunals",
        "row",
        "appeal with a final outcome (not pending) but no outcome_date",
        "the appeal still counts when registered",
        "record the outcome date",
        "CS_SEND_TRIBUNALS",
    ),
    # education
    _w(
        "unknown_school",
        "education",
        "exclusions",
        "reference",
        "school_urn blank or not in any pupil_headcount census",
        "the exclusion still counts",
        "correct the URN or deliver the school's headcount",
        "CS_PERM_EXCLUSION_RATE",
    ),
    # early years
    _w(
        "unknown_provider",
        "early_years",
        "ey_funded_children",
        "cross_source",
        "provider_urn not in ey_providers",
        "the provider has no judgement, so a child whose main provider it is is left out of the indicator",
        "deliver the provider's judgement or correct the URN",
        "CS_EY_FUNDED_GOOD_PCT",
    ),
    _w(
        "judgement_without_date",
        "early_years",
        "ey_providers",
        "row",
        "an Ofsted judgement other than None has no judgement_date",
        "it cannot be placed before a census and is not used",
        "record the judgement date",
        "CS_EY_FUNDED_GOOD_PCT",
    ),
    # registration
    _w(
        "missing_mccd_date",
        "registration",
        "death_registrations",
        "row",
        "registration not referred to the coroner with no mccd_received_date",
        "counted in the denominator only",
        "record the date the MCCD was received",
        "PH_DEATHS_REG_5D_PCT",
    ),
    _w(
        "registered_before_mccd",
        "registration",
        "death_registrations",
        "row",
        "registration_date before mccd_received_date",
        "counted as within 5 days (negative day difference)",
        FIX_DATES,
        "PH_DEATHS_REG_5D_PCT",
    ),
    _w(
        "death_after_registration",
        "registration",
        "death_registrations",
        "row",
        "date_of_death after registration_date",
        "the registration still counts",
        FIX_DATES,
        "PH_DEATHS_REG_5D_PCT",
    ),
    _w(
        "duplicate_registration_id",
        "registration",
        "death_registrations",
        "cross_row",
        "registration_id delivered more than once (in several deliveries or twice in one)",
        "the row from the newest delivery is used",
        "deliver each registration once",
        "PH_DEATHS_REG_5D_PCT",
    ),
    _w(
        "registered_outside_delivery_month",
        "registration",
        "death_registrations",
        "row",
        "registration_date falls outside the delivery month",
        "counted in the month of its registration_date",
        "deliver each registration in the month it was registered",
        "PH_DEATHS_REG_5D_PCT",
    ),
    # adults
    _w(
        "event_ends_before_start",
        "adults",
        "cld_events",
        "row",
        "Event_End_Date is before Event_Start_Date",
        "the event is never open at a month end",
        FIX_DATES,
        "ASC_OUTSTANDING_ASSESSMENTS",
        "ASC_OVERDUE_REVIEWS",
    ),
    _w(
        "service_type_missing",
        "adults",
        "cld_events",
        "row",
        "Service event with no Service_Type",
        "not counted as long-term support",
        "record the Service_Type",
        "ASC_OVERDUE_REVIEWS",
    ),
    _w(
        "service_type_not_standard",
        "adults",
        "cld_events",
        "reference",
        "Service_Type is not a CLD value even after normalising case and spacing",
        "it counts as long-term support only if it begins Long Term Support",
        "use the CLD defined value",
        "ASC_OVERDUE_REVIEWS",
    ),
    _w(
        "service_type_spelling",
        "adults",
        "cld_events",
        "reference",
        "Service_Type differs from the CLD spelling only in case or spacing",
        "matched after normalising",
        "use the CLD spelling",
        "ASC_OVERDUE_REVIEWS",
    ),
    _w(
        "event_outcome_not_standard",
        "adults",
        "cld_events",
        "reference",
        "Event_Outcome is not a CLD value even after normalising case and spacing",
        "the outcome is not recognised",
        "use the CLD defined value",
        "ASC_OUTSTANDING_ASSESSMENTS",
    ),
    _w(
        "event_outcome_spelling",
        "adults",
        "cld_events",
        "reference",
        "Event_Outcome differs from the CLD spelling only in case or spacing",
        "matched after normalising",
        "use the CLD spelling",
        "ASC_OUTSTANDING_ASSESSMENTS",
    ),
    _w(
        "ended_without_outcome",
        "adults",
        "cld_events",
        "row",
        "event has an end date but no Event_Outcome",
        "the event still counts",
        "record the outcome",
        "ASC_OUTSTANDING_ASSESSMENTS",
    ),
    _w(
        "nhs_number_missing",
        "adults",
        "cld_events",
        "row",
        "event row with a blank NHS number",
        "the person cannot be linked to health records",
        "record the NHS number",
        "ASC_CONTACTS",
    ),
    _w(
        "repeated_event_reference",
        "adults",
        "cld_events",
        "cross_row",
        "Event_Reference shared by more than one row",
        "NHS England treats it as unreliable; every row is counted",
        "give every event its own reference",
        "ASC_CONTACTS",
    ),
    _w(
        "decision_before_received",
        "adults",
        "safeguarding_concerns",
        "row",
        "decision_date is before received_date",
        "the concern still counts when received",
        FIX_DATES,
        "ASC_SAFEGUARDING_CONCERNS",
    ),
    _w(
        "decision_without_date",
        "adults",
        "safeguarding_concerns",
        "row",
        "a decision (s42, other_enquiry, no_enquiry) without a decision_date",
        "the concern still counts",
        "record the decision date",
        "ASC_SAFEGUARDING_CONCERNS",
    ),
    _w(
        "pending_with_decision_date",
        "adults",
        "safeguarding_concerns",
        "row",
        "decision blank or pending but a decision_date is recorded",
        "the concern still counts",
        "record the decision",
        "ASC_SAFEGUARDING_CONCERNS",
    ),
    # housing
    _w(
        "placement_ends_before_start",
        "housing",
        "ta_placements",
        "row",
        "end_date is before start_date",
        "the placement is never open at a month end",
        FIX_DATES,
        "HOU_TA_HOUSEHOLDS",
    ),
    _w(
        "bb_family_status_unknown",
        "housing",
        "ta_placements",
        "row",
        "B&B placement with dependent_children or pregnant_member blank",
        "counted as a family only if the other field shows one",
        "record both fields",
        "HOU_BB_FAMILIES_6WK",
    ),
    _w(
        "overlapping_placements",
        "housing",
        "ta_placements",
        "cross_row",
        "placements of the same household overlap in time",
        "the household counts once",
        "end the earlier placement when the household moves",
        "HOU_TA_HOUSEHOLDS",
        "HOU_BB_FAMILIES_6WK",
    ),
    # commentary
    _w(
        "unknown_indicator",
        "commentary",
        "commentary",
        "reference",
        "indicator_id is not in the indicator catalogue",
        "the commentary is not shown in the exceptions report",
        "use an indicator id from the catalogue",
    ),
)


def _source_rules() -> list[Rule]:
    """Freshness and restatement: about a source's delivery, not one table's rows."""
    rules = []
    for name in SOURCES:
        if name == "commentary":
            continue
        indicators = INDICATORS_BY_SOURCE[name]
        rules.append(
            _w(
                "stale_extract",
                name,
                None,
                "freshness",
                "the source's newest delivery is older than the run's last month: the months after it are not covered",
                "the indicators report 0 or a frozen cohort for the months listed",
                "deliver a current extract",
                *indicators,
            )
        )
        rules.append(
            _w(
                "figure_restated",
                name,
                None,
                "restatement",
                "a new delivery changed a figure that was already published",
                "the committee saw the old figure; the report lists old and new values and the records behind them",
                "none if the change is a correction; otherwise check what changed in the source system",
                *indicators,
            )
        )
    return rules


def _volume_rules() -> list[Rule]:
    return [
        _w(
            "volume_anomaly",
            source,
            table,
            "volume",
            f"monthly count of {table} rows by {date}{' and ' + kind if kind else ''} is outside the range of its "
            "trailing 12 months (robust z = (x - median) / (1.4826 x MAD), |z| > 3.5)",
            "a month with no records (a system gap) or far too many (a double load) changes every figure of that month",
            "check the month's records in the source system (missing, duplicated or backdated)",
            *INDICATORS_BY_SOURCE[source],
        )
        for source, table, _, date, kind in VOLUME_SERIES
    ]


def rules() -> list[Rule]:
    """Every rule, in a stable order: per table its structure rules, then the stated ones."""
    found: list[Rule] = []
    for (source, _), table in _tables().items():
        found += _structure_rules(source, table)
        if table.key:
            found.append(_duplicate_key_rule(source, table))
    found += list(STATED_RULES) + _volume_rules() + _source_rules()
    return found


def tables_for_dbt() -> list[dict]:
    """What dbt needs per raw table: its mode, key, record id, columns, dates (the generic DQ
    models) and code lists (the staging models' `well_formed` tests, `schema_codes`)."""
    out = []
    for (source, name), table in _tables().items():
        out.append(
            {
                "source": source,
                "table": name,
                "mode": SOURCES[source].mode,
                "key": list(table.key),
                "record_id": list(RECORD_ID_COLUMNS.get((source, name), table.key)),
                "columns": _all_columns(source, name),
                "date_columns": table.date_columns,
                "codes": {key: list(codes) for key, codes in table.code_columns.items() if codes},
            }
        )
    return out


def seed_text() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SEED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rule.row() for rule in rules())
    return buffer.getvalue()


def macro_text() -> str:
    registry = {
        "tables": tables_for_dbt(),
        "volume": [
            {"source": s, "table": t, "model": m, "date_column": d, "type_column": k} for s, t, m, d, k in VOLUME_SERIES
        ],
    }
    lines = [
        "{",
        ' "tables": [',
        ",\n".join("  " + json.dumps(table) for table in registry["tables"]),
        " ],",
        ' "volume": [',
        ",\n".join("  " + json.dumps(series) for series in registry["volume"]),
        " ]",
        "}",
    ]
    text = "\n".join(lines)
    assert "'" not in text and "\\" not in text, "the registry must not hold quotes or backslashes"
    return (
        "{# Generated by `python -m schemas.dq_rules` from schemas/ (do not edit): the raw tables with their\n"
        "   keys, record ids, columns, dates and code lists, and the volume series, for the generic DQ\n"
        "   models and the schema_codes of the well_formed tests. #}\n"
        "{% macro dq_registry() -%}\n"
        f"{{{{ return(fromjson('{text}')) }}}}\n"
        "{%- endmacro %}\n"
    )


def write() -> None:
    SEED_PATH.write_text(seed_text())
    MACRO_PATH.write_text(macro_text())


if __name__ == "__main__":
    write()
    print(f"wrote {SEED_PATH} and {MACRO_PATH}")
