{# % of funded 3 and 4 year olds (at their main provider) in settings judged Outstanding, Good
   or Met, at the latest EY census on or before the month end; the denominator is the children
   whose main provider has a judgement other than `None` by the census date. #}
with censuses as (
    select distinct census_date from {{ ref('stg_early_years__funded_children') }}
)

select
    'CS_EY_FUNDED_GOOD_PCT' as indicator_id,
    latest_census.month_start as period_start,
    latest_census.month_end as period_end,
    count(rated.child_key) filter (where rated.has_judgement and rated.is_met_good_or_outstanding) as numerator,
    count(rated.child_key) filter (where rated.has_judgement) as denominator
from {{ latest_census_by_month('early_years', 'censuses') }} as latest_census
left join {{ ref('int_funded_children_rated') }} as rated on rated.census_date = latest_census.census_date
group by latest_census.month_start, latest_census.month_end
