{# "up from", "down from" or "unchanged from", comparing the figures as printed (2 dp, or
   whole counts), so a narrative never says "up from 41.61% to 41.61%". NULL without both. #}
{% macro change_phrase(value, previous, unit) -%}
    case
        when {{ value }} is null or {{ previous }} is null then null
        when round({{ value }}, case when {{ unit }} = 'count' then 0 else 2 end)
            > round({{ previous }}, case when {{ unit }} = 'count' then 0 else 2 end) then 'up from'
        when round({{ value }}, case when {{ unit }} = 'count' then 0 else 2 end)
            < round({{ previous }}, case when {{ unit }} = 'count' then 0 else 2 end) then 'down from'
        else 'unchanged from'
    end
{%- endmacro %}
