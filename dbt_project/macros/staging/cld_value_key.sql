{# The matching form of a CLD defined value: case-folded, runs of whitespace as one space, and
   one space either side of a hyphen and after a colon, so 'NFA- Other', 'NFA -  other' and
   'NFA - Other' are one value, as are 'Long Term Support:Community' and
   'long term support: community'. #}
{% macro cld_value_key(column) -%}
    nullif(lower(trim(regexp_replace(regexp_replace(regexp_replace(
        {{ column }}, '\s+', ' ', 'g'), '\s*:\s*', ': ', 'g'), '\s*-\s*', ' - ', 'g'))), '')
{%- endmacro %}
