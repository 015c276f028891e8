{# Child protection plans in the current SSD delivery, one row per plan id (the last row in the file where
   an id is repeated; id_copies counts them). ended_on NULL = the plan is open. The person id
   becomes the same keyed pseudonym as in stg_ssd__persons. #}
with source as (
    select * from {{ current_delivery('ssd', 'ssd_cp_plans') }}
)

select
    cppl_cp_plan_id as cp_plan_id,
    cppl_referral_id as referral_id,
    cppl_icpc_id as icpc_id,
    pseudonymise(cppl_person_id) as person_key,
    {{ as_date('cppl_cp_plan_start_date') }} as started_on,
    {{ as_date('cppl_cp_plan_end_date') }} as ended_on,
    {{ flag_value('cppl_cp_plan_ola') }} as is_other_la_plan,
    cppl_cp_plan_initial_category as initial_category,
    cppl_cp_plan_latest_category as latest_category,
    count(*) over (partition by cppl_cp_plan_id) as id_copies,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by cppl_cp_plan_id order by _row_number desc) = 1
