{# Relational data-quality warnings on EHCP requests and assessments. The rows stay loaded
   and are used exactly as the contract says; the counts tell the service what to fix. #}
with assessments as (
    select * from {{ ref('int_ehcp_assessments_timed') }}
),

requests as (
    select * from {{ ref('stg_ehcp__requests') }}
),

send_records as (
    select send_table_id from {{ ref('stg_ehcp__send_records') }}
),

raw_assessments as (
    select * from {{ current_delivery('ehcp', 'ssd_ehcp_assessment') }}
),

raw_requests as (
    select * from {{ current_delivery('ehcp', 'ssd_ehcp_requests') }}
),

checks as (
    select 'ssd_ehcp_assessment' as table_name,
           'assessment_without_request' as rule_code,
           'assessment whose ehca_ehcp_request_id is blank or not in ssd_ehcp_requests: a plan it issued '
           || 'cannot be timed, so it counts in the 20-week denominator only' as description,
           count(*) filter (where not has_request) as rows_affected,
           max(delivery) as delivery
    from assessments
    union all
    select 'ssd_ehcp_assessment',
           'issued_plan_request_undated',
           'plan issued (outcome Y) whose request has no ehcr_ehcp_req_date: counts in the 20-week '
           || 'denominator only',
           count(*) filter (where has_request and requested_on is null and outcome = 'Y' and outcome_on is not null),
           max(delivery)
    from assessments
    union all
    select 'ssd_ehcp_assessment',
           'outcome_before_request',
           'assessment outcome date is before its request date (counted as within 20 weeks, as the '
           || 'contract defines it); check both dates',
           count(*) filter (where days_request_to_outcome < 0),
           max(delivery)
    from assessments
    union all
    select 'ssd_ehcp_assessment',
           'duplicate_assessment_id',
           'ehca_ehcp_assessment_id repeated: the first row is used',
           count(*) - count(distinct ehca_ehcp_assessment_id),
           max(_delivery)
    from raw_assessments
    union all
    select 'ssd_ehcp_requests',
           'duplicate_request_id',
           'ehcr_ehcp_request_id repeated: the first row is used',
           count(*) - count(distinct ehcr_ehcp_request_id),
           max(_delivery)
    from raw_requests
    union all
    select 'ssd_ehcp_requests',
           'request_without_send_record',
           'request whose ehcr_send_table_id is blank or not in ssd_send',
           count(*) filter (where send_table_id is null
                            or send_table_id not in (select send_table_id from send_records)),
           max(delivery)
    from requests
)

select 'ehcp' as source, table_name, delivery, rule_code, 'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
