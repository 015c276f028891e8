{# Gaps and islands: rows of one indicator that are consecutive in `point_number` and share the
   same `key` get the same run id (point_number minus the row's rank within its key). Used by
   the SPC shift (same side of the mean) and trend (same direction) rules. #}
{% macro consecutive_run_id(key, point_number) -%}
    ({{ point_number }} - row_number() over (partition by indicator_id, {{ key }} order by {{ point_number }}))
{%- endmacro %}
