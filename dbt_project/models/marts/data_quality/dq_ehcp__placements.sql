{# Relational DQ rules on EHCP placements: URNs GIAS does not know (their type is unknown,
   so they never count as independent special places), and the others of schemas/dq_rules.py. #}
{{ dq_hits('ehcp', 'ehcp_placements', ref('int_ehcp_placements_classified'), {
    'urn_not_in_gias': 'urn is not null and not is_urn_in_gias',
    'no_urn_or_setting': 'urn is null and sen_setting is null',
    'left_before_entry': 'left_on < entered_on',
    'placement_without_named_plan': dq_not_in('named_plan_id', ref('stg_ehcp__named_plans')),
}) }}
