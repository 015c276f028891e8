with source as (
    select * from {{ current_delivery('early_years', 'ey_providers') }}
)

select
    upper(provider_urn) as provider_urn,
    provider_name,
    ofsted_judgement as judgement,
    {{ as_date('judgement_date') }} as judged_on,
    _delivery as delivery,
    _row_number as source_row_number
from source
