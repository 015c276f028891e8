{# A figure as the committee report prints it: percentages and rates to 2 dp (percent with
   a % sign), counts whole. With exact=true (targets, benchmarks) trailing zeros are dropped:
   "30%", "33.14%", "0.1". #}
{% macro format_figure(value, unit, exact=false) -%}
    {%- set two_places = "format('{:.2f}', " ~ value ~ ")" -%}
    {%- set decimals = "rtrim(rtrim(" ~ two_places ~ ", '0'), '.')" if exact else two_places -%}
    case
        when {{ value }} is null then null
        when {{ unit }} = 'count' then format('{:d}', round({{ value }})::bigint)
        else {{ decimals }} || case when {{ unit }} = 'percent' then '%' else '' end
    end
{%- endmacro %}
