{# ASC_CONTACTS: CLD `Request` events starting in the month (count of events). #}
{{ monthly_dated_count('ASC_CONTACTS', 'adults', ref('stg_adults__cld_events'), 'started_on',
                       condition="event_type = 'Request'") }}
