{# CLD events of the current delivery, typed and pseudonymised. The LA person identifier and
   the NHS number (spaces removed first, so '943 476 5919' and '9434765919' link) become keyed
   pseudonyms; the birth year and month are kept as the CLD derives them.
   Service_Type and Event_Outcome are kept as delivered (whitespace tidied) with their
   matching key (cld_value_key): spellings vary between CLD spec versions. A service is
   long-term support when its Service_Type key begins 'long term support'. #}
with source as (
    select * from {{ current_delivery('adults', 'cld_events') }}
)

select
    _delivery || ':' || _row_number as event_key,
    pseudonymise(la_person_unique_identifier) as person_key,
    pseudonymise(nullif(replace(nhs_number, ' ', ''), '')) as nhs_number_key,
    la_code,
    try_cast(der_birth_year as integer) as birth_year,
    case
        when try_cast(der_birth_month as integer) between 1 and 12
            and try_cast(der_birth_year as integer) between 1 and 9999
            then make_date(try_cast(der_birth_year as integer), try_cast(der_birth_month as integer), 1)
    end as birth_month,
    gender,
    ethnicity,
    client_type,
    primary_support_reason,
    event_type,
    event_reference,
    {{ as_date('event_start_date') }} as started_on,
    {{ as_date('event_end_date') }} as ended_on,
    nullif(trim(regexp_replace(event_outcome, '\s+', ' ', 'g')), '') as event_outcome,
    {{ cld_value_key('event_outcome') }} as event_outcome_key,
    request_route_of_access,
    assessment_type,
    nullif(trim(regexp_replace(service_type, '\s+', ' ', 'g')), '') as service_type,
    {{ cld_value_key('service_type') }} as service_type_key,
    coalesce(starts_with({{ cld_value_key('service_type') }}, 'long term support'), false) as is_long_term_support,
    service_component,
    review_reason,
    _delivery as delivery,
    _row_number as source_row_number
from source
