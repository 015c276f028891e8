{# Each of the source's reporting months with its latest census on or before the month end:
   (month_start, month_end, census_date), census_date NULL before the first census. `censuses`
   is a relation or CTE with a census_date column. #}
{% macro latest_census_by_month(source_name, censuses) -%}
    (
        select months.month_start, months.month_end, max(census.census_date) as census_date
        from {{ reporting_months(source_name) }} as months
        left join {{ censuses }} as census on census.census_date <= months.month_end
        group by months.month_start, months.month_end
    )
{%- endmacro %}
