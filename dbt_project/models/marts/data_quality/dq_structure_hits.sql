{# structure rules: what Pandera and the reader quarantined, one row per rule per quarantined
   row (several broken columns under one rule are one hit), in every delivery loaded. The
   record id is read from the quarantined record as delivered. #}
with issues as (
    select distinct
        source,
        table_name,
        delivery,
        file_name,
        row_number,
        rule_code
    from {{ source('meta', 'row_issues') }}
),

quarantine as (
    select
        source,
        table_name,
        file_name,
        row_number,
        record
    from {{ source('meta', 'quarantine') }}
)

select
    issues.rule_code,
    issues.source,
    issues.table_name,
    issues.delivery,
    issues.file_name,
    issues.row_number,
    case
        {%- for table in dq_registry()['tables'] if table['record_id'] %}
            when issues.source = '{{ table["source"] }}' and issues.table_name = '{{ table["table"] }}'
                then {{ dq_record_id('quarantine.record', table['record_id'], from_json=true) }}
        {%- endfor %}
    end as record_id
from issues
left join quarantine
    on issues.source = quarantine.source and issues.table_name = quarantine.table_name
        and issues.file_name = quarantine.file_name and issues.row_number = quarantine.row_number
