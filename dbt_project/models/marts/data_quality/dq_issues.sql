{# dq_issues (contract section 4; restricted, never published): one row per rule hit per
   record (rule_code, source, table_name, delivery, file_name, row_number, record_id) and its
   status against the previous delivery of that table. Snapshot tables show their newest
   delivery; incremental and quarterly ones every delivery. #}
select * exclude (is_reported)
from {{ ref('dq_issue_statuses') }}
where is_reported
