{# % of the same cohort placed more than 20 miles from home: both postcodes resolve with
   coordinates, home is in England, and the distance rounded half up to 1 dp exceeds 20.0. #}
{{ monthly_cohort_share('CS_LAC_OVER_20_MILES_PCT', 'ssda903',
                        ref('int_children_looked_after_at_month_ends'), 'is_placed_over_20_miles') }}
