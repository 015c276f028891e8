{# Relational data-quality warnings on the current TA placements. The rows stay loaded and are
   used exactly as the contract says. #}
with placements as (
    select * from {{ ref('stg_housing__ta_placements') }}
),

repeated_ids as (
    select count(*) as rows_affected, max(delivery) as delivery
    from (select *, count(*) over (partition by placement_id) as copies from placements)
    where copies > 1
),

overlapping as (
    {{ overlapping_rows('placements', 'household_key', 'placement_row_key', 'started_on', 'ended_on') }}
),

checks as (
    select 'placement_ends_before_start' as rule_code,
           'end_date is before start_date: the placement is never open at a month end' as description,
           count(*) filter (where ended_on < started_on) as rows_affected,
           max(delivery) as delivery
    from placements
    union all
    select 'bb_family_status_unknown',
           'B&B placement with dependent_children or pregnant_member blank: counted as a family only if the other field shows one',
           count(*) filter (where ta_type = 'bb' and (dependent_children is null or pregnant_member is null)),
           max(delivery)
    from placements
    union all
    select 'repeated_placement_id', 'placement_id appears on more than one row; every row is used',
           rows_affected, delivery
    from repeated_ids
    union all
    select 'overlapping_placements',
           'placements of the same household overlap in time; the household counts once',
           rows_affected, delivery
    from overlapping
)

select 'housing' as source, 'ta_placements' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
