{# +1 when higher is better, -1 when lower is better: the sign that turns a difference into a gap
   (positive = better) for rag_rating and direction_of_travel. #}
{% macro polarity_sign(polarity) -%}
    (case {{ polarity }} when 'higher_is_better' then 1 when 'lower_is_better' then -1 end)
{%- endmacro %}
