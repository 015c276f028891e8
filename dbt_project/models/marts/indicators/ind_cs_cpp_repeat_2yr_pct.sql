{# % of CP plans starting in the rolling 12 months to the month's end (first day of M-11 to the
   last day of M) whose person has another plan that started earlier and is open or ended on
   or after (start - 730 days): int_cp_plans_compared. #}
{{ rolling_12_month_share('CS_CPP_REPEAT_2YR_PCT', 'ssd',
                          ref('int_cp_plans_compared'), 'started_on', 'is_repeat_within_2_years') }}
