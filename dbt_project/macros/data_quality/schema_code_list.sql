{# A raw column's code list from schemas/ (through the generated registry), as SQL literals. #}
{% macro schema_code_list(source, table, column) -%}
    {%- set entry = dq_registry()['tables'] | selectattr('source', 'equalto', source)
        | selectattr('table', 'equalto', table) | first -%}
    {%- for code in entry['codes'][column] %}'{{ code }}'{{ ", " if not loop.last }}{% endfor -%}
{%- endmacro %}
