{# Rows of `relation` whose [start, end) interval overlaps another row of the same owner (an
   open end never ends), and the newest delivery they came from: the overlap warnings of the
   data-quality models. #}
{% macro overlapping_rows(relation, owner, row_key, start_column, end_column) -%}
    select count(distinct a.{{ row_key }}) as rows_affected, max(a.delivery) as delivery
    from {{ relation }} as a
    join {{ relation }} as b
        on a.{{ owner }} = b.{{ owner }} and a.{{ row_key }} <> b.{{ row_key }}
        and a.{{ start_column }} < coalesce(b.{{ end_column }}, date '9999-12-31')
        and b.{{ start_column }} < coalesce(a.{{ end_column }}, date '9999-12-31')
{%- endmacro %}
