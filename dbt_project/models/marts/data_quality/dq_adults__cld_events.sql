{# Relational DQ rules on the current CLD events (see schemas/dq_rules.py). Service_Type and
   Event_Outcome are matched to the CLD defined values after normalising case and spacing. #}
with events as (
    select * from {{ ref('stg_adults__cld_events') }}
),

defined as (
    select field, value, {{ cld_value_key('value') }} as value_key from {{ ref('cld_defined_values') }}
),

records as (
    select
        events.*,
        service_types.value as standard_service_type,
        outcomes.value as standard_event_outcome,
        count(*) over (partition by events.event_reference) as reference_copies
    from events
    left join defined as service_types
        on service_types.field = 'Service_Type' and events.service_type_key = service_types.value_key
    left join defined as outcomes
        on outcomes.field = 'Event_Outcome' and events.event_outcome_key = outcomes.value_key
)

{{ dq_hits('adults', 'cld_events', 'records', {
    'event_ends_before_start': 'ended_on < started_on',
    'service_type_missing': "event_type = 'Service' and service_type is null",
    'service_type_not_standard': 'service_type is not null and standard_service_type is null',
    'service_type_spelling': 'standard_service_type is not null and service_type <> standard_service_type',
    'event_outcome_not_standard': 'event_outcome is not null and standard_event_outcome is null',
    'event_outcome_spelling': 'standard_event_outcome is not null and event_outcome <> standard_event_outcome',
    'ended_without_outcome': "ended_on is not null and event_outcome is null and event_type <> 'Service'",
    'nhs_number_missing': 'nhs_number_key is null',
    'repeated_event_reference': 'event_reference is not null and reference_copies > 1',
}) }}
