{# Relational DQ rules on EHCP assessments, timed against their requests (schemas/dq_rules.py). #}
with assessments as (
    select * from {{ ref('stg_ehcp__assessments') }}
),

timed as (
    select * from {{ ref('int_ehcp_assessments_timed') }}
),

records as (
    select
        assessments.delivery,
        assessments.source_row_number,
        timed.has_request,
        timed.requested_on,
        timed.outcome,
        timed.outcome_on,
        timed.days_request_to_outcome
    from assessments
    inner join timed on assessments.assessment_id = timed.assessment_id
)

{{ dq_hits('ehcp', 'ssd_ehcp_assessment', 'records', {
    'assessment_without_request': 'not has_request',
    'issued_plan_request_undated': "has_request and requested_on is null and outcome = 'Y' and outcome_on is not null",
    'outcome_before_request': 'days_request_to_outcome < 0',
}) }}
