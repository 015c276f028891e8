{# Relational DQ rules on the current funded children delivery (see schemas/dq_rules.py). #}
{{ dq_hits('early_years', 'ey_funded_children', ref('stg_early_years__funded_children'), {
    'unknown_provider': dq_not_in('provider_urn', ref('stg_early_years__provider_judgements')),
}) }}
