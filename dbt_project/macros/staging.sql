{# Helpers for staging models: the rows of a source table's current delivery, typed casts. #}

{% macro current_delivery(source_name, table_name) -%}
{#- Snapshot sources: each delivery is the full history, so figures use the newest one. -#}
    (select * from {{ source(source_name, table_name) }}
     where _delivery = (select max(_delivery) from {{ source(source_name, table_name) }}))
{%- endmacro %}

{% macro as_date(column) -%}
    try_cast({{ column }} as date)
{%- endmacro %}

{% macro normalised_postcode(column) -%}
    nullif(upper(replace({{ column }}, ' ', '')), '')
{%- endmacro %}

{# '2025/26 Q2' for a date in a financial quarter (Q1 April-June ... Q4 January-March). #}
{% macro financial_quarter_label(day) -%}
    (case when month({{ day }}) >= 4 then year({{ day }}) else year({{ day }}) - 1 end)::varchar
    || '/' || right(((case when month({{ day }}) >= 4 then year({{ day }}) else year({{ day }}) - 1 end) + 1)::varchar, 2)
    || ' Q' || (((month({{ day }}) + 8) % 12) // 3 + 1)::varchar
{%- endmacro %}
