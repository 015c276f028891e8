{# DQ rules on the service commentary, per quarter delivered (see schemas/dq_rules.py). #}
with narratives as (
    select * from {{ ref('stg_commentary__narratives') }}
),

catalogue as (
    select indicator_id from {{ ref('indicator_catalogue') }}
),

records as (
    select
        *,
        quarter as delivery,
        indicator_id in (select indicator_id from catalogue) as indicator_found
    from narratives
)

{{ dq_hits('commentary', 'commentary', 'records', {
    'unknown_indicator': 'not indicator_found',
}) }}
