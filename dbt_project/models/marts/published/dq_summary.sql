{# Data-quality summary: quarantined rows by rule and column (errors), file-level warnings and
   errors, and the records hitting every other rule of dq_rules in each reported delivery.
   Counts only, no values. #}
with quarantined as (
    select
        source,
        table_name,
        delivery,
        rule_code,
        'error' as severity,
        min(description) as description,
        count(distinct row_number) as rows_affected
    from {{ source('meta', 'row_issues') }}
    group by source, table_name, delivery, rule_code, column_name
),

file_level as (
    select * exclude (file_name) from {{ source('meta', 'file_warnings') }}
),

rules as (
    select * from {{ ref('dq_rules') }}
),

other_rules as (
    select
        issues.source,
        issues.table_name,
        issues.delivery,
        issues.rule_code,
        rules.severity,
        rules.description,
        count(*) as rows_affected
    from {{ ref('dq_issues') }} as issues
    inner join rules
        on issues.rule_code = rules.rule_code and issues.source = rules.source
            and issues.table_name is not distinct from rules.table_name
    where issues.status <> 'resolved' and rules.family <> 'structure'
    group by all
)

select
    source,
    table_name,
    delivery,
    rule_code,
    severity,
    description,
    rows_affected::bigint as rows_affected
from (
    select * from quarantined
    union all
    select * from file_level
    union all
    select * from other_rules
) as summarised
