{# dq_issues (contract section 4; restricted, never published): one row per rule hit per
   record with the delivery, file, file row number and the source system's own record id, and
   its status against the previous delivery of that table. Snapshot tables show their newest
   delivery; incremental and quarterly ones every delivery. #}
with register as (
    select
        source,
        mode,
        table_name,
        delivery
    from {{ source('meta', 'file_register') }}
    where status in ('loaded', 'duplicate')
),

modes as (
    select distinct
        source,
        mode
    from register
),

newest as (
    select
        source,
        table_name,
        max(delivery) as delivery
    from register
    group by source, table_name
    union all
    select
        source,
        null,
        max(delivery)
    from register
    group by source
)

select
    statuses.rule_code,
    statuses.source,
    statuses.table_name,
    statuses.delivery,
    statuses.file_name,
    statuses.row_number,
    statuses.record_id,
    statuses.status
from {{ ref('dq_issue_statuses') }} as statuses
left join modes on statuses.source = modes.source
left join newest
    on statuses.source = newest.source and statuses.table_name is not distinct from newest.table_name
{#- hits of a table with no file in the register (a DfE hit without its 903 files) are shown as found #}
where modes.mode <> 'snapshot' or newest.delivery is null or statuses.delivery = newest.delivery
