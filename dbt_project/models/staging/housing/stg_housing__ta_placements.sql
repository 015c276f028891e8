{# TA placements of the current delivery, typed; the household identifier becomes a keyed
   pseudonym. A household is a family for the B&B rule when it has dependent children or a
   pregnant member; a blank count or flag is not evidence of either (reported by
   dq_housing__ta_placements). Every delivered row is kept: repeated placement IDs are
   reported, not dropped, and the indicators count distinct households. #}
with source as (
    select * from {{ current_delivery('housing', 'ta_placements') }}
)

select
    _delivery || ':' || _row_number as placement_row_key,
    placement_id,
    pseudonymise(household_id) as household_key,
    ta_type,
    {{ as_date('start_date') }} as started_on,
    {{ as_date('end_date') }} as ended_on,
    try_cast(dependent_children as integer) as dependent_children,
    pregnant_member,
    out_of_area,
    coalesce(try_cast(dependent_children as integer) > 0, false) or coalesce(pregnant_member = 'Y', false) as is_family,
    _delivery as delivery,
    _row_number as source_row_number
from source
