{# Relational DQ rules on the current provider judgements (see schemas/dq_rules.py). #}
with records as (
    select * from {{ ref('stg_early_years__provider_judgements') }}
)

{{ dq_hits('early_years', 'ey_providers', 'records', {
    'judgement_without_date': "judged_on is null and judgement <> 'None'",
}) }}
