{# Section 47 enquiries in the current SSD delivery, one row per enquiry id (the last row in the file
   where an id is repeated; id_copies counts them). The person id becomes the same keyed
   pseudonym as in stg_ssd__persons; the outcome JSON is reduced to its flags (its free-text
   OUTCOME_COMMENTS never leaves raw); the completing worker is pseudonymised. #}
with source as (
    select * from {{ current_delivery('ssd', 'ssd_s47_enquiry') }}
)

select
    s47e_s47_enquiry_id as s47_enquiry_id,
    s47e_referral_id as referral_id,
    pseudonymise(s47e_person_id) as person_key,
    {{ as_date('s47e_s47_start_date') }} as started_on,
    {{ as_date('s47e_s47_end_date') }} as ended_on,
    {{ flag_value('s47e_s47_nfa') }} as is_nfa,
    {{ json_flag('s47e_s47_outcome_json', 'NFA_FLAG') }} as outcome_nfa,
    {{ json_flag('s47e_s47_outcome_json', 'LEGAL_ACTION_FLAG') }} as outcome_legal_action,
    {{ json_flag('s47e_s47_outcome_json', 'PROV_OF_SERVICES_FLAG') }} as outcome_provision_of_services,
    {{ json_flag('s47e_s47_outcome_json', 'PROV_OF_SB_CARE_FLAG') }} as outcome_provision_of_short_breaks,
    {{ json_flag('s47e_s47_outcome_json', 'CP_CONFERENCE_FLAG') }} as outcome_cp_conference,
    {{ json_flag('s47e_s47_outcome_json', 'NFA_CONTINUE_SINGLE_FLAG') }} as outcome_nfa_continue_single_assessment,
    {{ json_flag('s47e_s47_outcome_json', 'MONITOR_FLAG') }} as outcome_monitor,
    {{ json_flag('s47e_s47_outcome_json', 'OTHER_OUTCOMES_EXIST_FLAG') }} as outcome_other,
    try_cast(json_extract_string(s47e_s47_outcome_json, '$.TOTAL_NO_OF_OUTCOMES') as integer) as outcome_count,
    pseudonymise(s47e_s47_completed_by_worker_id) as completed_by_worker_key,
    s47e_s47_completed_by_team as completed_by_team,
    count(*) over (partition by s47e_s47_enquiry_id) as id_copies,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by s47e_s47_enquiry_id order by _row_number desc) = 1
