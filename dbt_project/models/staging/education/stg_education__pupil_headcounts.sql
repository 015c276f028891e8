with source as (
    select * from {{ current_delivery('education', 'pupil_headcount') }}
)

select
    {{ as_date('census_date') }} as census_date,
    upper(school_urn) as school_urn,
    try_cast(headcount as bigint) as headcount,
    _delivery as delivery,
    _row_number as source_row_number
from source
