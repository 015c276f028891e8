{# Permanent exclusions per 100 pupils, rolling 12 months to the month end: numerator = PERM
   exclusions not rescinded starting from the first day of month M-11 to the last day of M
   (distinct exclusion_id); denominator = headcount summed over all schools' rows at the latest
   census_date on or before the month end (0, so a NULL value, before any census). #}
with exclusions as (
    select distinct exclusion_id, started_on
    from {{ ref('stg_education__exclusions') }}
    where category = 'PERM' and not is_rescinded
),

censuses as (
    select census_date, sum(headcount) as pupils
    from {{ ref('stg_education__pupil_headcounts') }}
    group by census_date
)

select
    'CS_PERM_EXCLUSION_RATE' as indicator_id,
    latest_census.month_start as period_start,
    latest_census.month_end as period_end,
    count(distinct exclusions.exclusion_id) as numerator,
    coalesce(any_value(censuses.pupils), 0) as denominator
from {{ latest_census_by_month('education', 'censuses') }} as latest_census
left join censuses on censuses.census_date = latest_census.census_date
left join exclusions on {{ rolling_12_months('exclusions.started_on', 'latest_census') }}
group by latest_census.month_start, latest_census.month_end
