{# % of children looked after (V3/V4 set aside) whose placement postcode resolves to an
   authority other than the council (Wales and Scotland count as outside). An unresolvable
   placement postcode keeps the child in the denominator only. #}
{{ monthly_cohort_share('CS_LAC_OUTSIDE_LA_PCT', 'ssda903',
                        ref('int_children_looked_after_at_month_ends'), 'is_placed_outside') }}
