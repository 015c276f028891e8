{# A rule condition: `column` is blank or not among `other_column` of `relation` (a linked or
   reference record that is missing). #}
{% macro dq_not_in(column, relation, other_column=none) -%}
    not coalesce({{ column }} in (select {{ other_column or column }} from {{ relation }}), false)
{%- endmacro %}
