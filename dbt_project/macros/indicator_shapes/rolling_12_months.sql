{# The rolling 12 months to a month's end, as a join condition: `date_expression` falls in the
   calendar months M-11 to M (first day of M-11 to the last day of M) of `months`. #}
{% macro rolling_12_months(date_expression, months='months') -%}
    {{ date_expression }} between ({{ months }}.month_start - interval 11 month)::date and {{ months }}.month_end
{%- endmacro %}
