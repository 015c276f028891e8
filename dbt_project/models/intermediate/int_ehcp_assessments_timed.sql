{# Every EHC needs assessment with its request's received date and the days from request to
   outcome (calendar days, outcome - request).

   20-week cohort (CS_EHCP_20WK_PCT): outcome Y (plan issued) with an outcome date, and no
   20-week exception (exceptions = 1 set aside; blank counts as 0). issued_month_end is the
   last day of the month the plan was issued in.
   is_issued_within_20_weeks: the request is found, has a received date, and the plan was
   issued no more than 140 days after it. An assessment whose request is missing (or has no
   received date) cannot be shown to be on time: it stays in the denominator, not the
   numerator, and dq_ehcp__assessments reports it. #}
with assessments as (
    select * from {{ ref('stg_ehcp__assessments') }}
),

requests as (
    select request_id, requested_on from {{ ref('stg_ehcp__requests') }}
)

select
    assessments.assessment_id,
    assessments.request_id,
    assessments.outcome,
    assessments.outcome_on,
    assessments.has_20_week_exception,
    requests.request_id is not null as has_request,
    requests.requested_on,
    date_diff('day', requests.requested_on, assessments.outcome_on) as days_request_to_outcome,
    assessments.outcome = 'Y' and assessments.outcome_on is not null
    and not assessments.has_20_week_exception as is_in_20_week_cohort,
    last_day(assessments.outcome_on) as issued_month_end,
    coalesce(date_diff('day', requests.requested_on, assessments.outcome_on) <= 140, false)
        as is_issued_within_20_weeks,
    assessments.delivery
from assessments
left join requests on requests.request_id = assessments.request_id
