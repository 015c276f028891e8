{# Count indicators shared by the adults and housing sources (and any other count measure).
   Both give one row per month of the source's reporting months, 0 when nothing happened,
   denominator NULL (contract section 3: count indicators). #}

{# Records dated in month M: `date_column` between the first and last day of M. `counted` is
   what is counted ('*' for records, or 'distinct some_key'). #}
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

{# Records open at `end` (the month's last day): start <= end and (end date blank or end date
   > end). `condition` may use `records.` and `months.` columns; `counted` is an expression on
   `records` (count(distinct ...) when `distinct` is true). #}
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

{# The matching form of a CLD defined value: case-folded, runs of whitespace as one space, and
   one space either side of a hyphen and after a colon, so 'NFA- Other', 'NFA -  other' and
   'NFA - Other' are one value, as are 'Long Term Support:Community' and
   'long term support: community'. #}
{% macro cld_value_key(column) -%}
    nullif(lower(trim(regexp_replace(regexp_replace(regexp_replace(
        {{ column }}, '\s+', ' ', 'g'), '\s*:\s*', ': ', 'g'), '\s*-\s*', ' - ', 'g'))), '')
{%- endmacro %}
