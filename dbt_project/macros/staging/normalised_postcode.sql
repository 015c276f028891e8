{# A postcode as the postcode directory keys it: upper case without spaces; blank -> NULL. #}
{% macro normalised_postcode(column) -%}
    nullif(upper(replace({{ column }}, ' ', '')), '')
{%- endmacro %}
