{# Working days from the calendar's start to `day` (int_calendar_days): working_days_between
   subtracts two of these. #}
{% macro working_days_to_date(day) -%}
    (select calendar.working_days_to_date from {{ ref('int_calendar_days') }} as calendar
     where calendar.calendar_date = {{ day }})
{%- endmacro %}
