{# dq_trend (published): per rule, per delivery (a snapshot's extract date, an incremental
   source's month), the records hitting it and how many were new or resolved against the
   delivery before. Counts only. #}
select
    source,
    table_name,
    rule_code,
    delivery as period,
    count(*) filter (where status <> 'resolved')::bigint as rows_affected,
    count(*) filter (where status = 'new')::bigint as new,
    count(*) filter (where status = 'resolved')::bigint as resolved
from {{ ref('dq_issue_statuses') }}
group by source, table_name, rule_code, delivery
