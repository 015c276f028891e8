{# Number of SEND tribunal appeals registered in the month (a count: denominator NULL, 0 in a
   month with none). #}
select
    'CS_SEND_TRIBUNALS' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(appeals.appeal_id) as numerator,
    cast(null as bigint) as denominator
from {{ reporting_months('ehcp') }} as months
left join {{ ref('stg_ehcp__tribunals') }} as appeals
    on appeals.registered_on between months.month_start and months.month_end
group by all
