{# Relational data-quality warnings on the current SSD CP plans. The rows stay loaded and are
   used exactly as the contract says; the description says how each one is counted. #}
with plans as (
    select * from {{ ref('stg_ssd__cp_plans') }}
),

conferences as (
    select icpc_id from {{ ref('stg_ssd__initial_cp_conferences') }}
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
),

overlapping as (
    select count(distinct later.cp_plan_id) as rows_affected
    from plans as later
    join plans as previous
        on previous.person_key = later.person_key
        and previous.cp_plan_id <> later.cp_plan_id
        and previous.started_on <= later.started_on
        and (previous.ended_on is null or previous.ended_on > later.started_on)
),

checks as (
    select 'duplicate_cp_plan_id' as rule_code,
           'CP plan id repeated in the extract: the first row is used, the repeats are ignored' as description,
           coalesce(sum(id_copies - 1), 0) as rows_affected
    from plans
    union all
    select 'cp_plan_end_before_start',
           'CP plan end date before its start date',
           count(*) filter (where ended_on < started_on)
    from plans
    union all
    select 'overlapping_cp_plans',
           'CP plan starts while another plan of the same person is open: the new plan counts as a repeat if the other started earlier',
           rows_affected
    from overlapping
    union all
    select 'cp_plan_icpc_not_found',
           'CP plan linked to an ICPC id that is not in ssd_initial_cp_conference',
           count(*) filter (where icpc_id is not null and icpc_id not in (select icpc_id from conferences where icpc_id is not null))
    from plans
    union all
    select 'cp_plan_person_not_in_ssd_person',
           'CP plan person id not in ssd_person: the plan still counts',
           count(*) filter (where person_key not in (select person_key from persons where person_key is not null))
    from plans
)

select 'ssd' as source, 'ssd_cp_plans' as table_name,
       (select max(delivery) from plans) as delivery,
       rule_code, 'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
