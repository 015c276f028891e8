{# The ONE implementation of RAG and direction of travel (contract section 3).
   sign is +1 when higher is better, -1 when lower is better. Differences are rounded to
   9 decimal places before comparing so that binary floating point cannot break a tie
   (a value exactly on the target or on the tolerance). #}

{% macro polarity_sign(polarity) -%}
    (case {{ polarity }} when 'higher_is_better' then 1 when 'lower_is_better' then -1 end)
{%- endmacro %}

{% macro rag_rating(value, target, tolerance, polarity) -%}
    case
        when {{ value }} is null or {{ target }} is null then null
        when round(({{ value }} - {{ target }}) * {{ polarity_sign(polarity) }}, 9) >= 0 then 'Green'
        when round(({{ value }} - {{ target }}) * {{ polarity_sign(polarity) }}, 9) >= -coalesce({{ tolerance }}, 0) then 'Amber'
        else 'Red'
    end
{%- endmacro %}

{% macro direction_of_travel(value, previous, threshold, polarity) -%}
    case
        when {{ value }} is null or {{ previous }} is null then null
        when round(({{ value }} - {{ previous }}) * {{ polarity_sign(polarity) }}, 9) > coalesce({{ threshold }}, 0) then 'Improving'
        when round(({{ value }} - {{ previous }}) * {{ polarity_sign(polarity) }}, 9) < -coalesce({{ threshold }}, 0) then 'Worsening'
        else 'Same'
    end
{%- endmacro %}
