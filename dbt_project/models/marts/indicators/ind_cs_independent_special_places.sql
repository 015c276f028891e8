{# Number of people placed in independent special schools: distinct persons with an EHCP
   placement open at the month end (entry_date <= end and leaving_date blank or after end) at
   a school whose GIAS type is 8 (non-maintained special) or 10 (other independent special).
   A person with two such placements counts once. A count: denominator NULL. #}
{{ monthly_open_count('CS_INDEPENDENT_SPECIAL_PLACES', 'ehcp', ref('int_ehcp_placements_classified'),
                      'entered_on', 'left_on', 'records.person_key', distinct=true,
                      condition='records.is_independent_special') }}
