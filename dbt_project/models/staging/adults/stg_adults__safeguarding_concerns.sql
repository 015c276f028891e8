{# Safeguarding concerns of the current delivery, one row per concern_id (a repeated ID keeps
   its last row in the file and is reported as duplicate_key). The
   person identifier becomes a keyed pseudonym, linking to stg_adults__cld_events.person_key
   when the extract uses the LA person identifier. #}
with source as (
    select * from {{ current_delivery('adults', 'safeguarding_concerns') }}
)

select
    concern_id,
    pseudonymise(person_id) as person_key,
    {{ as_date('received_date') }} as received_on,
    concern_source,
    type_of_risk,
    s42_decision,
    {{ as_date('decision_date') }} as decided_on,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by concern_id order by _row_number desc) = 1
