{# The staged column holds only codes of the raw column's code list in schemas/ (read from the
   generated registry, so the list is stated once). `raw_column` defaults to the staged name. #}
{% test in_schema_codes(model, column_name, source, table, raw_column=none) %}
    {%- set entry = dq_registry()['tables'] | selectattr('source', 'equalto', source)
        | selectattr('table', 'equalto', table) | first -%}
    {%- set codes = entry['codes'][raw_column or column_name] -%}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null
        and {{ column_name }} not in (
            {%- for code in codes %}'{{ code }}'{{ ", " if not loop.last }}{% endfor -%}
        )
{% endtest %}
