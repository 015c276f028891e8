with source as (
    select * from {{ current_delivery('education', 'exclusions') }}
)

select
    exclusion_id,
    pseudonymise(upn) as pupil_key,
    upper(school_urn) as school_urn,
    category,
    {{ as_date('start_date') }} as started_on,
    coalesce(rescinded = 'Y', false) as is_rescinded,
    year_group,
    locality,
    _delivery as delivery,
    _row_number as source_row_number
from source
