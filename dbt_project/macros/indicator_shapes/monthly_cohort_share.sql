{# A percentage of a monthly cohort: one row per month, numerator = members with the flag.
   Months with an empty cohort get denominator 0 (and so a NULL value). #}
{% macro monthly_cohort_share(indicator_id, source_name, cohort, flag) -%}
select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(cohort.month_end) filter (where cohort.{{ flag }}) as numerator,
    count(cohort.month_end) as denominator
from {{ reporting_months(source_name) }} as months
left join {{ cohort }} as cohort on cohort.month_end = months.month_end
group by all
{%- endmacro %}
