{# The placement-measure cohort at each month end: children with a 903 episode open at the
   month end (started on or before it, not ceased or ceased after it), short-break (V3/V4)
   episodes set aside first. One row per child from the open episode with the latest start;
   where two open episodes share that start, a flag is true if either episode's flag is. #}
with months as (
    select month_start, month_end from {{ ref('int_reporting_months') }}
    where source = 'ssda903'
),

open_episodes as (
    select months.month_end, episodes.*
    from months
    join {{ ref('int_episodes_located') }} as episodes
        on episodes.started_on <= months.month_end
            and (episodes.ceased_on is null or episodes.ceased_on > months.month_end)
    where not episodes.is_short_break
),

latest as (
    select * from open_episodes
    qualify started_on = max(started_on) over (partition by month_end, child_key)
)

select
    month_end,
    child_key,
    max(started_on) as episode_started_on,
    count(*) as open_episodes_sharing_start,
    bool_or(is_placed_outside) as is_placed_outside,
    bool_or(is_placed_over_20_miles) as is_placed_over_20_miles
from latest
group by month_end, child_key
