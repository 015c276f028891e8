{# HOU_BB_FAMILIES_6WK: distinct households with a bb placement open at the month end for
   which dependent_children > 0 or pregnant_member = 'Y', whose B&B stay (chained bb
   placements, int_bb_placements_chained) has lasted more than 42 days: end - stay start > 42. #}
{{ monthly_open_count('HOU_BB_FAMILIES_6WK', 'housing', ref('int_bb_placements_chained'),
                      'started_on', 'ended_on', 'records.household_key', distinct=true,
                      condition="records.is_family and date_diff('day', records.stay_started_on, months.month_end) > 42") }}
