{# A school's URN as text without padding: trimmed, leading zeros dropped when it is a number
   (so '0149100', ' 149100' and '149100' match); anything else upper-cased; blank -> NULL. #}
{% macro normalised_urn(column) -%}
    (case
        when regexp_full_match(trim({{ column }}), '[0-9]+') then coalesce(nullif(ltrim(trim({{ column }}), '0'), ''), '0')
        else nullif(upper(trim({{ column }})), '')
    end)
{%- endmacro %}
