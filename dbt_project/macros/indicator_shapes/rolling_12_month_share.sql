{# A percentage of the events dated in the rolling 12 months to each month's end
   (rolling_12_months), one row per month of the source's reporting months. numerator = events
   with the flag; a month with no events in its window has denominator 0 (and so a NULL value). #}
{% macro rolling_12_month_share(indicator_id, source_name, events, date_column, flag) -%}
select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(events.{{ date_column }}) filter (where events.{{ flag }}) as numerator,
    count(events.{{ date_column }}) as denominator
from {{ reporting_months(source_name) }} as months
left join {{ events }} as events
    on {{ rolling_12_months('events.' ~ date_column) }}
group by all
{%- endmacro %}
