{# Months an indicator reports: its source's months from int_reporting_months. #}
{% macro reporting_months(source_name) -%}
    (select month_start, month_end from {{ ref('int_reporting_months') }} where source = '{{ source_name }}')
{%- endmacro %}
