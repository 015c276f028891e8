{# A Y/N-style flag as a boolean, the way the SSD's own API extract reads them:
   Y, T, 1, true, yes -> true; N, F, 0, false, no -> false; anything else (blank) -> NULL. #}
{% macro flag_value(expression) -%}
    case
        when upper(trim({{ expression }})) in ('Y', 'T', '1', 'TRUE', 'YES') then true
        when upper(trim({{ expression }})) in ('N', 'F', '0', 'FALSE', 'NO') then false
    end
{%- endmacro %}
