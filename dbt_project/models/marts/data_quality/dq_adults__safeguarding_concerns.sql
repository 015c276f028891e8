{# Relational data-quality warnings on the current safeguarding concerns. #}
with raw_concerns as (
    select * from {{ current_delivery('adults', 'safeguarding_concerns') }}
),

concerns as (
    select * from {{ ref('stg_adults__safeguarding_concerns') }}
),

checks as (
    select 'repeated_concern_id' as rule_code,
           'concern_id appears on more than one row: the first row in the file is counted, the others are set aside' as description,
           (select count(*) from raw_concerns) - (select count(*) from concerns) as rows_affected,
           (select max(delivery) from concerns) as delivery
    union all
    select 'decision_before_received',
           'decision_date is before received_date',
           count(*) filter (where decided_on < received_on),
           max(delivery)
    from concerns
    union all
    select 'decision_without_date',
           'a decision (s42, other_enquiry, no_enquiry) without a decision_date',
           count(*) filter (where s42_decision in ('s42', 'other_enquiry', 'no_enquiry') and decided_on is null),
           max(delivery)
    from concerns
    union all
    select 'pending_with_decision_date',
           'decision blank or pending but a decision_date is recorded',
           count(*) filter (where coalesce(s42_decision, 'pending') = 'pending' and decided_on is not null),
           max(delivery)
    from concerns
)

select 'adults' as source, 'safeguarding_concerns' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
