{# '2025/26 Q2' for a date in a financial quarter (Q1 April-June ... Q4 January-March). #}
{% macro financial_quarter_label(day) -%}
    (case when month({{ day }}) >= 4 then year({{ day }}) else year({{ day }}) - 1 end)::varchar
    || '/' || right(((case when month({{ day }}) >= 4 then year({{ day }}) else year({{ day }}) - 1 end) + 1)::varchar, 2)
    || ' Q' || (((month({{ day }}) + 8) % 12) // 3 + 1)::varchar
{%- endmacro %}
