{# True when the row `alias` of `relation` overlaps in time ([start, end), an open end never
   ends) another row of the same owner: the overlap rules of the DQ models. #}
{% macro dq_overlaps_another(relation, alias, owner, row_key, start_column, end_column) -%}
    exists (
        select 1 from {{ relation }} as other
        where other.{{ owner }} = {{ alias }}.{{ owner }} and other.{{ row_key }} <> {{ alias }}.{{ row_key }}
            and {{ alias }}.{{ start_column }} < coalesce(other.{{ end_column }}, date '9999-12-31')
            and other.{{ start_column }} < coalesce({{ alias }}.{{ end_column }}, date '9999-12-31'))
{%- endmacro %}
