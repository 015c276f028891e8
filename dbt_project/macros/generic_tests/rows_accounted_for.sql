{# Nothing is lost: for every file, rows read = rows loaded + rows quarantined. #}
{% test rows_accounted_for(model) %}
select * from {{ model }}
where rows_read <> rows_loaded + rows_quarantined
{% endtest %}
