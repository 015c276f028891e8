{# Relational data-quality warnings on SEND tribunal appeals. #}
with appeals as (
    select * from {{ ref('stg_ehcp__tribunals') }}
),

raw_appeals as (
    select * from {{ current_delivery('ehcp', 'send_tribunals') }}
),

checks as (
    select 'outcome_before_registration' as rule_code,
           'appeal outcome_date is before its registered_date' as description,
           count(*) filter (where outcome_on < registered_on) as rows_affected,
           max(delivery) as delivery
    from appeals
    union all
    select 'concluded_without_outcome_date',
           'appeal with a final outcome (not pending) but no outcome_date',
           count(*) filter (where outcome is not null and outcome <> 'pending' and outcome_on is null),
           max(delivery)
    from appeals
    union all
    select 'duplicate_appeal_id',
           'appeal_id repeated: the first row is used (each appeal counts once)',
           count(*) - count(distinct appeal_id),
           max(_delivery)
    from raw_appeals
)

select 'ehcp' as source, 'send_tribunals' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
