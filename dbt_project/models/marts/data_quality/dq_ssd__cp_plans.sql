{# Relational DQ rules on the current SSD CP plans (see schemas/dq_rules.py). A plan
   overlaps when it starts while another plan of the person, started no later, is open. #}
with plans as (
    select * from {{ ref('stg_ssd__cp_plans') }}
),

conferences as (
    select icpc_id from {{ ref('stg_ssd__initial_cp_conferences') }}
    where icpc_id is not null
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
    where person_key is not null
),

records as (
    select
        plans.*,
        exists(
            select 1 from plans as previous
            where previous.person_key = plans.person_key
                and previous.cp_plan_id <> plans.cp_plan_id
                and previous.started_on <= plans.started_on
                and (previous.ended_on is null or previous.ended_on > plans.started_on)
        ) as starts_while_another_open,
        plans.icpc_id in (select icpc_id from conferences) as icpc_found,
        plans.person_key in (select person_key from persons) as person_found
    from plans
)

{{ dq_hits('ssd', 'ssd_cp_plans', 'records', {
    'cp_plan_end_before_start': 'ended_on < started_on',
    'cp_plan_without_category': 'initial_category is null',
    'overlapping_cp_plans': 'starts_while_another_open',
    'cp_plan_icpc_not_found': 'icpc_id is not null and not icpc_found',
    'cp_plan_person_not_in_ssd_person': 'not person_found',
}) }}
