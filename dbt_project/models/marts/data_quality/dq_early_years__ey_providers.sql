{# Relational data-quality warnings on the current providers (judgements) delivery. #}
with judgements as (
    select * from {{ ref('stg_early_years__provider_judgements') }}
),

checks as (
    select 'judgement_without_date' as rule_code,
           'an Ofsted judgement other than None has no judgement_date: it cannot be placed before a census and is not used' as description,
           count(*) filter (where judged_on is null and judgement <> 'None') as rows_affected,
           max(delivery) as delivery
    from judgements
    union all
    select 'same_day_judgements',
           'a provider has more than one judgement on the same date: the last row is used',
           count(*) filter (where judged_on is not null)
               - count(distinct (provider_urn, judged_on)) filter (where judged_on is not null),
           max(delivery)
    from judgements
)

select 'early_years' as source, 'ey_providers' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
