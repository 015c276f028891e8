{# The ONE implementation of direction of travel (contract section 3): the change against the
   earlier value x sign, Improving above the threshold, Worsening below -threshold, Same within
   it. Rounded to 9 decimal places like rag_rating, so a change exactly on the threshold is Same. #}
{% macro direction_of_travel(value, previous, threshold, polarity) -%}
    case
        when {{ value }} is null or {{ previous }} is null then null
        when round(({{ value }} - {{ previous }}) * {{ polarity_sign(polarity) }}, 9) > coalesce({{ threshold }}, 0) then 'Improving'
        when round(({{ value }} - {{ previous }}) * {{ polarity_sign(polarity) }}, 9) < -coalesce({{ threshold }}, 0) then 'Worsening'
        else 'Same'
    end
{%- endmacro %}
