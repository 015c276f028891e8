{# Relational DQ rules on SEND tribunal appeals (see schemas/dq_rules.py). #}
with records as (
    select * from {{ ref('stg_ehcp__tribunals') }}
)

{{ dq_hits('ehcp', 'send_tribunals', 'records', {
    'outcome_before_registration': 'outcome_on < registered_on',
    'concluded_without_outcome_date': "outcome is not null and outcome <> 'pending' and outcome_on is null",
}) }}
