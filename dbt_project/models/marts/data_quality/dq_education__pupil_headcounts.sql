{# Relational data-quality warnings on the current pupil headcount delivery. #}
with headcounts as (
    select * from {{ ref('stg_education__pupil_headcounts') }}
),

repeated as (
    select census_date, school_urn, count(*) as copies, max(delivery) as delivery
    from headcounts
    group by census_date, school_urn
    having count(*) > 1
),

checks as (
    select 'duplicate_school_census' as rule_code,
           'a school has more than one headcount row at a census date: all rows are summed as delivered' as description,
           coalesce(sum(copies), 0) as rows_affected,
           max(delivery) as delivery
    from repeated
)

select 'education' as source, 'pupil_headcount' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
