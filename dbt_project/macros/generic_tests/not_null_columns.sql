{# One row per listed column that has blanks, with how many: a model's required columns in one
   test (one dbt node) rather than a not_null test, and a node's fixed cost, per column. #}
{% test not_null_columns(model, columns) %}
select
    blank_column,
    blank_rows
from (
    {% for column in columns %}
        select
            '{{ column }}' as blank_column,
            count(*) as blank_rows
        from {{ model }}
        where {{ column }} is null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)
where blank_rows > 0
{% endtest %}
