with source as (
    select * from {{ current_delivery('ssda903', 'header') }}
)

select
    pseudonymise(child) as child_key,
    sex,
    date_trunc('month', {{ as_date('dob') }})::date as birth_month,
    ethnic as ethnicity,
    pseudonymise(upn) as upn_key,
    mother = '1' as is_mother,
    _delivery as delivery
from source
qualify row_number() over (partition by child order by _row_number desc) = 1
