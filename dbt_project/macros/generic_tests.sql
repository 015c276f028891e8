{# Rows whose combination of columns is not unique. #}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as copies
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{# Nothing is lost: for every file, rows read = rows loaded + rows quarantined. #}
{% test rows_accounted_for(model) %}
select * from {{ model }}
where rows_read <> rows_loaded + rows_quarantined
{% endtest %}
