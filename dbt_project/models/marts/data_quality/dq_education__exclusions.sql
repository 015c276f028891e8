{# Relational data-quality warnings on the current exclusions delivery. The rows stay loaded
   and are used exactly as the contract says. #}
with exclusions as (
    select * from {{ ref('stg_education__exclusions') }}
),

schools as (
    select distinct school_urn from {{ ref('stg_education__pupil_headcounts') }}
),

checks as (
    select 'duplicate_exclusion_id' as rule_code,
           'exclusion_id appears on more than one row: the exclusion is counted once' as description,
           count(*) - count(distinct exclusion_id) as rows_affected,
           max(delivery) as delivery
    from exclusions
    union all
    select 'unknown_school',
           'school_urn blank or not in any pupil_headcount census: the exclusion still counts',
           count(*) filter (where schools.school_urn is null),
           max(delivery)
    from exclusions
    left join schools on schools.school_urn = exclusions.school_urn
)

select 'education' as source, 'exclusions' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
