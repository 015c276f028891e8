{# The source system's own id of a raw row (its key columns joined with '|'), as a service
   would search for it. `relation` is the alias of a raw table or a JSON record column. #}
{% macro dq_record_id(relation, columns, from_json=false) -%}
    {%- if not columns -%}
        null::varchar
    {%- else -%}
        concat_ws('|'
        {%- for column in columns -%}
            , {% if from_json %}json_extract_string({{ relation }}, '$.{{ column }}'){% else %}{{ relation }}."{{ column }}"
            {% endif %}
        {%- endfor -%})
    {%- endif -%}
{%- endmacro %}
