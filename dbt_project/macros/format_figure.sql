{# A figure as the committee report prints it: percentages and rates to 2 dp (percent with
   a % sign), counts whole. With exact=true (targets, benchmarks) trailing zeros are dropped:
   "30%", "33.14%", "0.1". #}
{% macro format_figure(value, unit, exact=false) -%}
    case
        when {{ value }} is null then null
        when {{ unit }} = 'count' then format('{:d}', round({{ value }})::bigint)
        {%- if exact %}
        else rtrim(rtrim(format('{:.2f}', {{ value }}), '0'), '.') || case when {{ unit }} = 'percent' then '%' else '' end
        {%- else %}
        else format('{:.2f}', {{ value }}) || case when {{ unit }} = 'percent' then '%' else '' end
        {%- endif %}
    end
{%- endmacro %}
