{# A percentage of the events dated in the rolling 12 months to each month's end (the
   calendar months M-11 to M: first day of M-11 to the last day of M), one row per month of
   the source's reporting months. numerator = events with the flag; a month with no events in
   its window has denominator 0 (and so a NULL value). #}
{% macro rolling_12_month_share(indicator_id, source_name, events, date_column, flag) -%}
select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(events.{{ date_column }}) filter (where events.{{ flag }}) as numerator,
    count(events.{{ date_column }}) as denominator
from {{ reporting_months(source_name) }} as months
left join {{ events }} as events
    on events.{{ date_column }} between (months.month_start - interval 11 month)::date and months.month_end
group by all
{%- endmacro %}
