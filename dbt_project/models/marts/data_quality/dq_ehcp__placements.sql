{# Relational DQ rules on EHCP placements: URNs GIAS does not know (their type is unknown,
   so they never count as independent special places), and the others of schemas/dq_rules.py. #}
with placements as (
    select * from {{ ref('int_ehcp_placements_classified') }}
),

plans as (
    select named_plan_id from {{ ref('stg_ehcp__named_plans') }}
    where named_plan_id is not null
),

records as (
    select
        *,
        coalesce(named_plan_id in (select named_plan_id from plans), false) as named_plan_found
    from placements
)

{{ dq_hits('ehcp', 'ehcp_placements', 'records', {
    'urn_not_in_gias': 'urn is not null and not is_urn_in_gias',
    'no_urn_or_setting': 'urn is null and sen_setting is null',
    'left_before_entry': 'left_on < entered_on',
    'placement_without_named_plan': 'not named_plan_found',
}) }}
