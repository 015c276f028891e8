{# Data-quality summary: quarantined rows by rule (errors), file-level warnings and errors,
   and the relational checks of each source's dq_ models (warnings). Counts only, no values. #}
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
    select source, table_name, delivery, rule_code, severity, description, rows_affected
    from {{ source('meta', 'file_warnings') }}
),

relational as (
    {% for model in dq_models() %}
    select source, table_name, delivery, rule_code, severity, description, rows_affected from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select source, table_name, delivery, rule_code, severity, description, rows_affected::bigint as rows_affected
from (
    select * from quarantined
    union all select * from file_level
    union all select * from relational
)
