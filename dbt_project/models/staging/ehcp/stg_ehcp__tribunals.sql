{# SEND tribunal appeals against the authority in the current delivery. #}
with source as (
    select * from {{ current_delivery('ehcp', 'send_tribunals') }}
)

select
    appeal_id,
    pseudonymise(person_id) as person_key,
    {{ as_date('registered_date') }} as registered_on,
    appeal_type,
    nullif(trim(locality), '') as locality,
    outcome,
    {{ as_date('outcome_date') }} as outcome_on,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by appeal_id order by _row_number desc) = 1
