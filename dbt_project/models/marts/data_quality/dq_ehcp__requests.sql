{# Relational DQ rules on EHCP requests (see schemas/dq_rules.py). #}
with requests as (
    select * from {{ ref('stg_ehcp__requests') }}
),

send_records as (
    select send_table_id from {{ ref('stg_ehcp__send_records') }}
    where send_table_id is not null
),

records as (
    select
        *,
        coalesce(send_table_id in (select send_table_id from send_records), false) as send_record_found
    from requests
)

{{ dq_hits('ehcp', 'ssd_ehcp_requests', 'records', {
    'request_without_send_record': 'not send_record_found',
}) }}
