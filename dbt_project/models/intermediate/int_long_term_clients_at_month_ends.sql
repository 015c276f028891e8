{# ASC_OVERDUE_REVIEWS' cohort at each month end: one row per person with a long-term support
   Service event open at the month end (started on or before it; no end date or ended after it),
   with
   - earliest_open_service_started_on: the earliest start among those open LTS services;
   - latest_review_ended_on: the latest end date of the person's Review events that ended on
     or before the month end (a review with no end date has not ended; one ending after the
     month end is not yet over; both are ignored);
   - is_review_overdue: the latest such review ended more than 365 days before the month end,
     or, with no such review, the earliest open LTS service started more than 365 days before.
   Day differences are calendar days (month_end - date). #}
with months as (
    select month_start, month_end from {{ ref('int_reporting_months') }}
    where source = 'adults'
),

events as (
    select * from {{ ref('stg_adults__cld_events') }}
),

long_term_services as (
    select person_key, started_on, ended_on
    from events
    where event_type = 'Service' and is_long_term_support
),

ended_reviews as (
    select person_key, ended_on
    from events
    where event_type = 'Review' and ended_on is not null
),

open_at_month_end as (
    select
        months.month_end,
        services.person_key,
        min(services.started_on) as earliest_open_service_started_on,
        count(*) as open_long_term_services
    from months
    join long_term_services as services
        on services.started_on <= months.month_end
            and (services.ended_on is null or services.ended_on > months.month_end)
    group by months.month_end, services.person_key
),

with_reviews as (
    select
        clients.month_end,
        clients.person_key,
        clients.earliest_open_service_started_on,
        clients.open_long_term_services,
        max(reviews.ended_on) as latest_review_ended_on
    from open_at_month_end as clients
    left join ended_reviews as reviews
        on reviews.person_key = clients.person_key
            and reviews.ended_on <= clients.month_end
    group by all
)

select
    *,
    case
        when latest_review_ended_on is not null
            then date_diff('day', latest_review_ended_on, month_end) > 365
        else date_diff('day', earliest_open_service_started_on, month_end) > 365
    end as is_review_overdue
from with_reviews
