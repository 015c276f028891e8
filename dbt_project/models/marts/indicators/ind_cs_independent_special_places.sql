{# Number of people placed in independent special schools: distinct persons with an EHCP
   placement open at the month end (entry_date <= end and leaving_date blank or after end) at
   a school whose GIAS type is 8 (non-maintained special) or 10 (other independent special).
   A person with two such placements counts once. A count: denominator NULL. #}
select
    'CS_INDEPENDENT_SPECIAL_PLACES' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(distinct placements.person_key) as numerator,
    cast(null as bigint) as denominator
from {{ reporting_months('ehcp') }} as months
left join {{ ref('int_ehcp_placements_classified') }} as placements
    on placements.is_independent_special
    and placements.entered_on <= months.month_end
    and (placements.left_on is null or placements.left_on > months.month_end)
group by all
