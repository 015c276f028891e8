{# The ONE implementation of RAG (contract section 3): gap = (value - target) x sign, Green at
   gap >= 0, Amber down to -tolerance, Red below. The gap is rounded to 9 decimal places before
   comparing so that binary floating point cannot break a tie (a value exactly on the target or
   on the tolerance). #}
{% macro rag_rating(value, target, tolerance, polarity) -%}
    case
        when {{ value }} is null or {{ target }} is null then null
        when round(({{ value }} - {{ target }}) * {{ polarity_sign(polarity) }}, 9) >= 0 then 'Green'
        when round(({{ value }} - {{ target }}) * {{ polarity_sign(polarity) }}, 9) >= -coalesce({{ tolerance }}, 0) then 'Amber'
        else 'Red'
    end
{%- endmacro %}
