{# Initial child protection conferences in the current SSD delivery, every row as delivered:
   "at least one linked row with a conference date" (CS_S47_TO_ICPC_PCT) looks at each row,
   so a repeated ICPC id keeps all its rows (id_copies counts them; is_last_row_for_id marks
   the last row in the file, the one a per-conference use takes). held_on is the date the
   conference took place (blank while it is only scheduled). The outcome JSON is reduced to
   its flags (its free-text COMMENTS never leave raw); person and worker ids are pseudonymised. #}
with source as (
    select * from {{ current_delivery('ssd', 'ssd_initial_cp_conference') }}
)

select
    icpc_icpc_id as icpc_id,
    icpc_icpc_meeting_id as meeting_id,
    icpc_s47_enquiry_id as s47_enquiry_id,
    pseudonymise(icpc_person_id) as person_key,
    icpc_cp_plan_id as cp_plan_id,
    icpc_referral_id as referral_id,
    {{ flag_value('icpc_icpc_transfer_in') }} as is_transfer_in,
    {{ as_date('icpc_icpc_target_date') }} as target_on,
    {{ as_date('icpc_icpc_date') }} as held_on,
    {{ flag_value('icpc_icpc_outcome_cp_flag') }} as resulted_in_cp_plan,
    {{ json_flag('icpc_icpc_outcome_json', 'NFA_FLAG') }} as outcome_nfa,
    {{ json_flag('icpc_icpc_outcome_json', 'REFERRAL_TO_OTHER_AGENCY_FLAG') }} as outcome_referral_to_other_agency,
    {{ json_flag('icpc_icpc_outcome_json', 'SINGLE_ASSESSMENT_FLAG') }} as outcome_single_assessment,
    {{ json_flag('icpc_icpc_outcome_json', 'PROV_OF_SERVICES_FLAG') }} as outcome_provision_of_services,
    {{ json_flag('icpc_icpc_outcome_json', 'CP_FLAG') }} as outcome_cp_plan,
    {{ json_flag('icpc_icpc_outcome_json', 'OTHER_OUTCOMES_EXIST_FLAG') }} as outcome_other,
    try_cast(json_extract_string(icpc_icpc_outcome_json, '$.TOTAL_NO_OF_OUTCOMES') as integer) as outcome_count,
    icpc_icpc_team as team,
    pseudonymise(icpc_icpc_worker_id) as worker_key,
    count(*) over (partition by icpc_icpc_id) as id_copies,
    row_number() over (partition by icpc_icpc_id order by _row_number desc) = 1 as is_last_row_for_id,
    _delivery as delivery,
    _row_number as source_row_number
from source
