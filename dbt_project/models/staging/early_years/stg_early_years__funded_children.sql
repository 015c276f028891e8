with source as (
    select * from {{ current_delivery('early_years', 'ey_funded_children') }}
)

select
    pseudonymise(child_id) as child_key,
    {{ as_date('census_date') }} as census_date,
    upper(provider_urn) as provider_urn,
    try_cast(age as integer) as age,
    try_cast(funded_hours as double) as funded_hours,
    _delivery as delivery,
    _row_number as source_row_number
from source
