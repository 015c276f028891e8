{# Relational DQ rules on the current safeguarding concerns (see schemas/dq_rules.py). #}
with records as (
    select * from {{ ref('stg_adults__safeguarding_concerns') }}
)

{{ dq_hits('adults', 'safeguarding_concerns', 'records', {
    'decision_before_received': 'decided_on < received_on',
    'decision_without_date': "s42_decision in ('s42', 'other_enquiry', 'no_enquiry') and decided_on is null",
    'pending_with_decision_date': "coalesce(s42_decision, 'pending') = 'pending' and decided_on is not null",
}) }}
