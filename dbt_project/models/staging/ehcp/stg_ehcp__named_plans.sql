{# EHC plans in the current delivery, with the assessment that issued them. #}
with source as (
    select * from {{ current_delivery('ehcp', 'ssd_ehcp_named_plan') }}
)

select
    ehcn_named_plan_id as named_plan_id,
    ehcn_ehcp_asmt_id as assessment_id,
    {{ as_date('ehcn_named_plan_start_date') }} as started_on,
    {{ as_date('ehcn_named_plan_ceased_date') }} as ceased_on,
    ehcn_named_plan_ceased_reason as ceased_reason,
    _delivery as delivery
from source
qualify row_number() over (partition by ehcn_named_plan_id order by _row_number desc) = 1
