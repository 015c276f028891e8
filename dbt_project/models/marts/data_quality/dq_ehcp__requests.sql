{# Relational DQ rules on EHCP requests (see schemas/dq_rules.py). #}
{{ dq_hits('ehcp', 'ssd_ehcp_requests', ref('stg_ehcp__requests'), {
    'request_without_send_record': dq_not_in('send_table_id', ref('stg_ehcp__send_records')),
}) }}
