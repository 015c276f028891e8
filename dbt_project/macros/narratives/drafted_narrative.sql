{# The factual narrative drafted where the service sent none (narrative_source = 'drafted'):
   the quarter's figure at its last month against the first month of the quarter (and the
   middle month), the target, the previous quarter, the same quarter a year earlier and the
   England benchmark where there is one; parts without data are left out, e.g.
   "45.22% at the end of September, up from 41.61% in July (August 43.10%); target 30%;
   previous quarter 44.00%; same quarter last year 40.00%; England 45%". #}
{% macro drafted_narrative(unit, value, period_end, first_month_value, middle_month_value, target,
                           previous_quarter_value, year_before_value, benchmark_england) -%}
    concat_ws(
        '; ',
        coalesce({{ format_figure(value, unit) }}, 'No figure') || ' at the end of ' || strftime({{ period_end }}, '%B')
        || coalesce(
            ', ' || {{ change_phrase(value, first_month_value, unit) }} || ' '
            || {{ format_figure(first_month_value, unit) }} || ' in '
            || strftime({{ period_end }} - interval 2 month, '%B'),
            ''
        )
        || coalesce(
            ' (' || strftime({{ period_end }} - interval 1 month, '%B') || ' '
            || {{ format_figure(middle_month_value, unit) }} || ')',
            ''
        ),
        'target ' || {{ format_figure(target, unit, exact=true) }},
        'previous quarter ' || {{ format_figure(previous_quarter_value, unit) }},
        'same quarter last year ' || {{ format_figure(year_before_value, unit) }},
        'England ' || {{ format_figure(benchmark_england, unit, exact=true) }}
    )
{%- endmacro %}
