{# Number of SEND tribunal appeals registered in the month (a count: denominator NULL, 0 in a
   month with none). #}
{{ monthly_dated_count('CS_SEND_TRIBUNALS', 'ehcp', ref('stg_ehcp__tribunals'), 'registered_on',
                       counted='appeal_id') }}
