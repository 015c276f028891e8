{# Relational DQ rules on the current funded children delivery (see schemas/dq_rules.py). #}
with children as (
    select * from {{ ref('stg_early_years__funded_children') }}
),

providers as (
    select distinct provider_urn from {{ ref('stg_early_years__provider_judgements') }}
    where provider_urn is not null
),

records as (
    select
        *,
        coalesce(provider_urn in (select provider_urn from providers), false) as provider_found
    from children
)

{{ dq_hits('early_years', 'ey_funded_children', 'records', {
    'unknown_provider': 'not provider_found',
}) }}
