{# Relational data-quality warnings on the current CLD events. The rows stay loaded and are
   used exactly as the contract says; these counts tell the service what to fix. #}
with events as (
    select * from {{ ref('stg_adults__cld_events') }}
),

defined as (
    select field, value, {{ cld_value_key('value') }} as value_key from {{ ref('cld_defined_values') }}
),

classified as (
    select
        events.*,
        service_types.value as standard_service_type,
        outcomes.value as standard_event_outcome
    from events
    left join defined as service_types
        on service_types.field = 'Service_Type' and service_types.value_key = events.service_type_key
    left join defined as outcomes
        on outcomes.field = 'Event_Outcome' and outcomes.value_key = events.event_outcome_key
),

repeated_references as (
    select count(*) as rows_affected, max(delivery) as delivery
    from (select *, count(*) over (partition by event_reference) as copies
          from events where event_reference is not null)
    where copies > 1
),

checks as (
    select 'event_ends_before_start' as rule_code,
           'Event_End_Date is before Event_Start_Date: the event is never open at a month end' as description,
           count(*) filter (where ended_on < started_on) as rows_affected,
           max(delivery) as delivery
    from classified
    union all
    select 'service_type_missing',
           'Service event with no Service_Type: not counted as long-term support',
           count(*) filter (where event_type = 'Service' and service_type is null),
           max(delivery)
    from classified
    union all
    select 'service_type_not_standard',
           'Service_Type is not a CLD value even after normalising case and spacing; it counts as long-term support only if it begins Long Term Support',
           count(*) filter (where service_type is not null and standard_service_type is null),
           max(delivery)
    from classified
    union all
    select 'service_type_spelling',
           'Service_Type differs from the CLD spelling only in case or spacing; matched after normalising',
           count(*) filter (where standard_service_type is not null and service_type <> standard_service_type),
           max(delivery)
    from classified
    union all
    select 'event_outcome_not_standard',
           'Event_Outcome is not a CLD value even after normalising case and spacing',
           count(*) filter (where event_outcome is not null and standard_event_outcome is null),
           max(delivery)
    from classified
    union all
    select 'event_outcome_spelling',
           'Event_Outcome differs from the CLD spelling only in case or spacing; matched after normalising',
           count(*) filter (where standard_event_outcome is not null and event_outcome <> standard_event_outcome),
           max(delivery)
    from classified
    union all
    select 'ended_without_outcome',
           'event has an end date but no Event_Outcome',
           count(*) filter (where ended_on is not null and event_outcome is null and event_type <> 'Service'),
           max(delivery)
    from classified
    union all
    select 'nhs_number_missing',
           'event rows with a blank NHS number: the person cannot be linked to health records',
           count(*) filter (where nhs_number_key is null),
           max(delivery)
    from classified
    union all
    select 'repeated_event_reference',
           'Event_Reference shared by more than one row (NHS England treats it as unreliable); every row is counted',
           rows_affected, delivery
    from repeated_references
)

select 'adults' as source, 'cld_events' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
