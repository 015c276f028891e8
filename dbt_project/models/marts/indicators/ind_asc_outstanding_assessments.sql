{# ASC_OUTSTANDING_ASSESSMENTS: CLD `Assessment` events open at the month end (start <= end and
   no end date or end date after it); events, not people. #}
{{ monthly_open_count('ASC_OUTSTANDING_ASSESSMENTS', 'adults', ref('stg_adults__cld_events'),
                      'started_on', 'ended_on', 'records.event_key',
                      condition="records.event_type = 'Assessment'") }}
