{# Relational data-quality warnings on the current funded children delivery. #}
with children as (
    select * from {{ ref('stg_early_years__funded_children') }}
),

providers as (
    select distinct provider_urn from {{ ref('stg_early_years__provider_judgements') }}
),

checks as (
    select 'unknown_provider' as rule_code,
           'provider_urn not in ey_providers: the provider has no judgement, so a child whose main provider it is is left out of the indicator' as description,
           count(*) filter (where providers.provider_urn is null) as rows_affected,
           max(children.delivery) as delivery
    from children
    left join providers on providers.provider_urn = children.provider_urn
    union all
    select 'repeated_child_provider',
           'a child appears more than once at the same provider and census: funded hours are summed',
           count(*) - count(distinct (census_date, child_key, provider_urn)),
           max(delivery)
    from children
)

select 'early_years' as source, 'ey_funded_children' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
