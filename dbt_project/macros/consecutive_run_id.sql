{# Gaps and islands: rows of one indicator that are consecutive in `position` and share the
   same `key` get the same run id (position minus the row's rank within its key). Used by
   the SPC shift (same side of the mean) and trend (same direction) rules. #}
{% macro consecutive_run_id(key, position) -%}
    ({{ position }} - row_number() over (partition by indicator_id, {{ key }} order by {{ position }}))
{%- endmacro %}
