{# HOU_TA_HOUSEHOLDS: distinct households with a TA placement (any type) open at the month end. #}
{{ monthly_open_count('HOU_TA_HOUSEHOLDS', 'housing', ref('stg_housing__ta_placements'),
                      'started_on', 'ended_on', 'records.household_key', distinct=true) }}
