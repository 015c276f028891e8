{# The staged column holds only codes of the raw column's code list in schemas/, so the list
   is stated once. `raw_column` defaults to the staged column's name. #}
{% test in_schema_codes(model, column_name, source, table, raw_column=none) %}
select {{ column_name }}
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in ({{ schema_code_list(source, table, raw_column or column_name) }})
{% endtest %}
