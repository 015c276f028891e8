{# ASC_OVERDUE_REVIEWS: distinct persons with long-term support open at the month end whose
   latest review ended on or before the month end ended more than 365 days before it, or, with
   no such review, whose earliest open long-term service started more than 365 days before it
   (int_long_term_clients_at_month_ends). #}
with clients as (
    select * from {{ ref('int_long_term_clients_at_month_ends') }}
)

select
    'ASC_OVERDUE_REVIEWS' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(distinct clients.person_key) filter (where clients.is_review_overdue) as numerator,
    cast(null as bigint) as denominator
from {{ reporting_months('adults') }} as months
left join clients on clients.month_end = months.month_end
group by all
