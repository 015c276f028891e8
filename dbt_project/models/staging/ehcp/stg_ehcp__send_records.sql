{# SEND records in the current delivery: the person and their pupil/learner numbers, all
   pseudonymised (UPN and ULN link to school records, never leave staging in clear). #}
with source as (
    select * from {{ current_delivery('ehcp', 'ssd_send') }}
)

select
    send_table_id,
    pseudonymise(send_person_id) as person_key,
    pseudonymise(send_upn) as upn_key,
    pseudonymise(send_uln) as uln_key,
    send_upn_unknown as upn_unknown_reason,
    _delivery as delivery
from source
qualify row_number() over (partition by send_table_id order by _row_number desc) = 1
