{# ASC_SAFEGUARDING_CONCERNS: safeguarding concerns received in the month (count; one per concern_id). #}
{{ monthly_dated_count('ASC_SAFEGUARDING_CONCERNS', 'adults', ref('stg_adults__safeguarding_concerns'),
                       'received_on') }}
