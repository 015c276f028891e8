{# % of EHC plans issued in the month within 20 weeks, excluding exceptions: assessments with
   outcome Y and outcome date in the month, exceptions (= 1) set aside, blank exceptions
   counting as 0; numerator: outcome date - request received date <= 140 days. An assessment
   whose request is missing stays in the denominator only (int_ehcp_assessments_timed). #}
{{ monthly_cohort_share(
    'CS_EHCP_20WK_PCT', 'ehcp',
    '(select issued_month_end as month_end, is_issued_within_20_weeks from ' ~ ref('int_ehcp_assessments_timed')
        ~ ' where is_in_20_week_cohort)',
    'is_issued_within_20_weeks') }}
