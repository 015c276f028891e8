{# Working days from start_date to end_date (contract section 3): the working days d with
   start_date < d <= end_date, where Saturdays, Sundays and England and Wales bank holidays are
   not working days (int_calendar_days). Same day: 0. An end before the start has no such d: 0.
   NULL when either date is NULL or outside the calendar (2000-2040).
   Two uncorrelated-looking scalar lookups: DuckDB turns each into a hash join (a lookup of
   both dates in one subquery is planned as a cross product and is thousands of times slower). #}
{% macro working_days_between(start_date, end_date) -%}
    case
        when {{ working_days_to_date(end_date) }} - {{ working_days_to_date(start_date) }} < 0 then 0
        else {{ working_days_to_date(end_date) }} - {{ working_days_to_date(start_date) }}
    end
{%- endmacro %}
