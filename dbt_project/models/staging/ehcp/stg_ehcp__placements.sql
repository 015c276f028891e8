{# Education placements of people with a plan in the current delivery: a URN (normalised:
   trimmed, leading zeros dropped) or, for settings without one, a SEN2 SEN setting code. #}
with source as (
    select * from {{ current_delivery('ehcp', 'ehcp_placements') }}
)

select
    placement_id,
    pseudonymise(person_id) as person_key,
    named_plan_id,
    {{ normalised_urn('urn') }} as urn,
    sen_setting,
    {{ as_date('entry_date') }} as entered_on,
    {{ as_date('leaving_date') }} as left_on,
    try_cast(placement_rank as integer) as placement_rank,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by placement_id order by _row_number desc) = 1
