{# One flag of an SSD *_json outcome object (e.g. CP_CONFERENCE_FLAG) as a boolean. #}
{% macro json_flag(column, key) -%}
    {{ flag_value("json_extract_string(" ~ column ~ ", '$." ~ key ~ "')") }}
{%- endmacro %}
