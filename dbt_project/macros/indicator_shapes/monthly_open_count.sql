{# Records open at `end` (the month's last day): start <= end and (end date blank or end date
   > end). `condition` may use `records.` and `months.` columns; `counted` is an expression on
   `records` (count(distinct ...) when `distinct` is true).  A count indicator: one row per
   month of the source's reporting months, 0 when nothing happened, denominator NULL (contract
   section 3: count indicators). #}
{% macro monthly_open_count(indicator_id, source_name, relation, start_column, end_column, counted,
                            condition='true', distinct=false) -%}
select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count({{ 'distinct ' if distinct else '' }}{{ counted }}) as numerator,
    cast(null as bigint) as denominator
from {{ reporting_months(source_name) }} as months
left join {{ relation }} as records
    on records.{{ start_column }} <= months.month_end
    and (records.{{ end_column }} is null or records.{{ end_column }} > months.month_end)
    and ({{ condition }})
group by all
{%- endmacro %}
