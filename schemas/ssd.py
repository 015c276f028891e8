"""D2I Standard Safeguarding Dataset (SSD): the four tables the child protection measures use.

Column names and code lists from `data-to-insight/ssd-data-model` `data/objects/*.yml`
(field-standards.md, Appendix A). The SSD fixes names and SQL types only, so every date
column accepts the contract's formats (SSD extracts keep SQL DATETIME: `YYYY-MM-DD HH:MM:SS`).

Required: the primary keys and the person links the standard marks required, and a CP plan's
start date (a plan without one can neither start in a period nor be an earlier plan).
Not required although the YAML says so: `icpc_cp_plan_id` (an ICPC that did not result in a
plan has none; quarantining those rows would hide conferences that took place).
`*_json` columns are JSON objects; they carry free-text comments, so they are personal and
staging keeps only their flags.
"""

from __future__ import annotations

from schemas._spec import Col, Source, Table

YES_NO = ("Y", "N")
SEX = ("F", "M", "U")
# pers_gender: 00 not known, 01 male, 02 female, 09 self-described, 10-99 local sub-codes of 09.
GENDER = ("00", "01", "02", "09") + tuple(f"{i:02d}" for i in range(10, 100))
# DfE ethnicity codes; the SSD YAML spells Chinese `CNHE`, DfE `CHNE`: both are accepted.
ETHNICITY = tuple(
    [
        "WBRI",
        "WIRI",
        "WOTH",
        "WIRT",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "CHNE",
        "CNHE",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "OOTH",
        "REFU",
        "NOBT",
    ]
)
UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")

PERSON = Table(
    name="ssd_person",
    key=("pers_person_id",),
    columns=(
        Col("pers_person_id", required=True, personal=True),
        Col("pers_legacy_id", personal=True),
        Col("pers_forename", "free_text", personal=True),
        Col("pers_surname", "free_text", personal=True),
        Col("pers_sex", "code", codes=SEX),
        Col("pers_gender", "code", codes=GENDER),
        Col("pers_ethnicity", "code", codes=ETHNICITY),
        Col("pers_dob", "date", personal=True),
        Col("pers_common_child_id", personal=True),  # NHS number
        Col("pers_upn", personal=True),
        Col("pers_single_unique_id", personal=True),
        Col("pers_upn_unknown", "code", codes=UPN_UNKNOWN),
        Col("pers_send_flag", "code", codes=YES_NO),
        Col("pers_expected_dob", "date", personal=True),
        Col("pers_death_date", "date", personal=True),
        Col("pers_is_mother", "code", codes=YES_NO),
        Col("pers_nationality"),
    ),
)

S47_ENQUIRY = Table(
    name="ssd_s47_enquiry",
    key=("s47e_s47_enquiry_id",),
    columns=(
        Col("s47e_s47_enquiry_id", required=True),
        Col("s47e_referral_id"),
        Col("s47e_person_id", required=True, personal=True),
        Col("s47e_s47_start_date", "date"),
        Col("s47e_s47_end_date", "date"),
        Col("s47e_s47_nfa", "code", codes=YES_NO),
        Col("s47e_s47_outcome_json", "json", personal=True),
        Col("s47e_s47_completed_by_worker_id", personal=True),
        Col("s47e_s47_completed_by_team"),
    ),
)

INITIAL_CP_CONFERENCE = Table(
    name="ssd_initial_cp_conference",
    key=("icpc_icpc_id",),
    columns=(
        Col("icpc_icpc_id", required=True),
        Col("icpc_icpc_meeting_id"),
        Col("icpc_s47_enquiry_id"),
        Col("icpc_person_id", required=True, personal=True),
        Col("icpc_cp_plan_id"),
        Col("icpc_referral_id"),
        Col("icpc_icpc_transfer_in", "code", codes=YES_NO),
        Col("icpc_icpc_target_date", "date"),
        Col("icpc_icpc_date", "date"),
        Col("icpc_icpc_outcome_cp_flag", "code", codes=YES_NO),
        Col("icpc_icpc_outcome_json", "json", personal=True),
        Col("icpc_icpc_team"),
        Col("icpc_icpc_worker_id", personal=True),
    ),
)

CP_PLANS = Table(
    name="ssd_cp_plans",
    key=("cppl_cp_plan_id",),
    columns=(
        Col("cppl_cp_plan_id", required=True),
        Col("cppl_referral_id"),
        Col("cppl_icpc_id"),
        Col("cppl_person_id", required=True, personal=True),
        Col("cppl_cp_plan_start_date", "date", required=True),
        Col("cppl_cp_plan_end_date", "date"),
        Col("cppl_cp_plan_ola", "code", codes=YES_NO),
        # Free-text labels in the standard (Neglect, Physical abuse, ..., "Multiple: [list]").
        Col("cppl_cp_plan_initial_category"),
        Col("cppl_cp_plan_latest_category"),
    ),
)

TABLES = {t.name: t for t in (PERSON, S47_ENQUIRY, INITIAL_CP_CONFERENCE, CP_PLANS)}

SOURCE = Source(
    name="ssd",
    title="Standard Safeguarding Dataset (child protection)",
    standard="D2I Standard Safeguarding Dataset (ssd-data-model v1.4)",
    mode="snapshot",
    versions={"2024-25": TABLES},
)
