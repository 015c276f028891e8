{# A delivered value as a date, NULL when it is not one (never an error: ingest has validated it). #}
{% macro as_date(column) -%}
    try_cast({{ column }} as date)
{%- endmacro %}
