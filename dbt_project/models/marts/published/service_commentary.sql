{# Every service narrative of every quarter with whether the indicator is an exception that
   quarter, so the exceptions report lists commentary on non-exceptions separately instead of
   dropping it. Commentary on an unknown indicator id stays out (dq_commentary__commentary
   reports it). #}
with commentary as (
    select * from {{ ref('int_commentary_by_quarter') }}
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

exceptions as (
    select
        period_label,
        indicator_id
    from {{ ref('exceptions') }}
)

select
    commentary.period_label,
    catalogue.service_area,
    commentary.indicator_id,
    catalogue.title,
    commentary.narrative,
    commentary.actions,
    exceptions.indicator_id is not null as is_exception
from commentary
inner join catalogue using (indicator_id)
left join exceptions
    on commentary.period_label = exceptions.period_label and commentary.indicator_id = exceptions.indicator_id
