{# Working days from start_date to end_date (contract section 3): the working days d with
   start_date < d <= end_date, where Saturdays, Sundays and England and Wales bank holidays are
   not working days (int_calendar_days). Same day: 0. An end before the start has no such d: 0.
   NULL when either date is NULL or outside the calendar (2000-2040). #}
{% macro working_days_between(start_date, end_date) -%}
    (select greatest(end_day.working_days_to_date - start_day.working_days_to_date, 0)
     from {{ ref('int_calendar_days') }} as start_day, {{ ref('int_calendar_days') }} as end_day
     where start_day.calendar_date = {{ start_date }} and end_day.calendar_date = {{ end_date }})
{%- endmacro %}
