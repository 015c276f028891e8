{# Relational data-quality warnings on EHCP placements: URNs GIAS does not know (their type
   is unknown, so they never count as independent special places), placements with neither a
   URN nor a SEN setting, leaving before entry, missing plans, repeated ids. #}
with placements as (
    select * from {{ ref('int_ehcp_placements_classified') }}
),

plans as (
    select named_plan_id from {{ ref('stg_ehcp__named_plans') }}
),

raw_placements as (
    select * from {{ current_delivery('ehcp', 'ehcp_placements') }}
),

checks as (
    select 'urn_not_in_gias' as rule_code,
           'placement URN not in the GIAS establishments list (shipped, or raw/reference/gias_establishments.csv): '
           || 'its school type is unknown, so it is not counted as an independent special place; '
           || 'add the school to the GIAS file' as description,
           count(*) filter (where urn is not null and not is_urn_in_gias) as rows_affected,
           max(delivery) as delivery
    from placements
    union all
    select 'no_urn_or_setting',
           'placement with neither a URN nor a SEN setting: where the person is educated is unknown',
           count(*) filter (where urn is null and sen_setting is null),
           max(delivery)
    from placements
    union all
    select 'left_before_entry',
           'placement leaving_date is before its entry_date',
           count(*) filter (where left_on < entered_on),
           max(delivery)
    from placements
    union all
    select 'placement_without_named_plan',
           'placement whose named_plan_id is blank or not in ssd_ehcp_named_plan (still counted)',
           count(*) filter (where named_plan_id is null
                            or named_plan_id not in (select named_plan_id from plans)),
           max(delivery)
    from placements
    union all
    select 'duplicate_placement_id',
           'placement_id repeated: the first row is used',
           count(*) - count(distinct placement_id),
           max(_delivery)
    from raw_placements
)

select 'ehcp' as source, 'ehcp_placements' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
