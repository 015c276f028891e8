{# Permanent exclusions per 100 pupils, rolling 12 months to the month end: numerator = PERM
   exclusions not rescinded starting from the first day of month M-11 to the last day of M
   (distinct exclusion_id); denominator = headcount summed over all schools' rows at the latest
   census_date on or before the month end (0, so a NULL value, before any census). #}
with months as {{ reporting_months('education') }},

exclusions as (
    select distinct exclusion_id, started_on
    from {{ ref('stg_education__exclusions') }}
    where category = 'PERM' and not is_rescinded
),

censuses as (
    select census_date, sum(headcount) as pupils
    from {{ ref('stg_education__pupil_headcounts') }}
    group by census_date
),

latest_census as (
    select months.month_end, max(censuses.census_date) as census_date
    from months
    left join censuses on censuses.census_date <= months.month_end
    group by months.month_end
),

counted as (
    select months.month_start, months.month_end, count(distinct exclusions.exclusion_id) as numerator
    from months
    left join exclusions
        on exclusions.started_on >= (months.month_start - interval 11 month)::date
        and exclusions.started_on <= months.month_end
    group by months.month_start, months.month_end
)

select
    'CS_PERM_EXCLUSION_RATE' as indicator_id,
    counted.month_start as period_start,
    counted.month_end as period_end,
    counted.numerator,
    coalesce(censuses.pupils, 0) as denominator
from counted
join latest_census using (month_end)
left join censuses using (census_date)
