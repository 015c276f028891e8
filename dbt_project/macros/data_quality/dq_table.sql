{# The registry entry of one raw table (key, record id, columns, dates), from dq_registry(). #}
{% macro dq_table(source_name, table_name) -%}
    {%- for table in dq_registry()['tables'] if table['source'] == source_name and table['table'] == table_name -%}
        {{ return(table) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        'no table ' ~ source_name ~ '.' ~ table_name ~ ' in schemas/: run python -m schemas.dq_rules'
    ) }}
{%- endmacro %}
