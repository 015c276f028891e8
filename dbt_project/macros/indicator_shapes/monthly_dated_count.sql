{# Records dated in month M: `date_column` between the first and last day of M. `counted` is
   what is counted ('*' for records, or 'distinct some_key').  A count indicator: one row per
   month of the source's reporting months, 0 when nothing happened, denominator NULL (contract
   section 3: count indicators). #}
{% macro monthly_dated_count(indicator_id, source_name, relation, date_column, condition='true', counted='*') -%}
with dated as (
    select date_trunc('month', {{ date_column }})::date as month_start, count({{ counted }}) as records
    from {{ relation }}
    where {{ date_column }} is not null and ({{ condition }})
    group by 1
)

select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    coalesce(dated.records, 0) as numerator,
    cast(null as bigint) as denominator
from {{ reporting_months(source_name) }} as months
left join dated on dated.month_start = months.month_start
{%- endmacro %}
