{# Relational DQ rules on death registrations, every delivery month (schemas/dq_rules.py). #}
with records as (
    select * from {{ ref('stg_registration__death_registrations') }}
)

{{ dq_hits('registration', 'death_registrations', 'records', {
    'missing_mccd_date': 'not is_coroner_referred and mccd_received_on is null',
    'registered_before_mccd': 'registered_on < mccd_received_on',
    'death_after_registration': 'died_on > registered_on',
    'duplicate_registration_id': 'delivered_copies > 1',
    'registered_outside_delivery_month': "strftime(registered_on, '%Y-%m') <> delivery",
}) }}
