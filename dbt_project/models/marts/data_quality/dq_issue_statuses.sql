{# Each delivery's rule hits with their status against the previous delivery of the same
   table (or source, for source-wide rules): `new` when the record did not hit the rule then,
   `persisting` when it did, and a `resolved` row for each earlier hit that is gone. A record
   is matched by rule and record id (its file row where it has none). A table's older
   deliveries are taken from the hits kept by earlier runs (dq_issue_history). is_reported:
   a snapshot table's newest delivery, every delivery of incremental and quarterly ones. #}
with register as (
    select distinct
        source,
        table_name,
        delivery
    from {{ source('meta', 'file_register') }}
    where status in ('loaded', 'duplicate')
),

deliveries as (
    select
        source,
        table_name,
        delivery
    from register
    union
    select distinct
        source,
        null as table_name,
        delivery
    from register
),

modes as (
    select distinct
        source,
        mode
    from {{ ref('stg_meta__deliveries') }}
),

ordered as (
    select
        deliveries.*,
        modes.mode,
        lag(deliveries.delivery) over (
            partition by deliveries.source, deliveries.table_name order by deliveries.delivery
        ) as previous_delivery,
        deliveries.delivery = max(deliveries.delivery) over (
            partition by deliveries.source, deliveries.table_name
        ) as is_newest
    from deliveries
    left join modes on deliveries.source = modes.source
),

current_hits as (
    select * from {{ ref('dq_record_hits') }}
),

kept_hits as (
    {#- older deliveries' hits as recorded when they were current; never a delivery this run recomputed -#}
    select
        history.rule_code,
        history.source,
        history.table_name,
        history.delivery,
        history.file_name,
        history.row_number,
        history.record_id
    from {{ ref('dq_issue_history') }} as history
    where not exists (
            select 1 from current_hits
            where current_hits.source = history.source
                and current_hits.table_name is not distinct from history.table_name
                and current_hits.delivery = history.delivery and current_hits.rule_code = history.rule_code
        )
        and exists (
            select 1 from ordered
            where ordered.source = history.source and ordered.table_name is not distinct from history.table_name
                and ordered.delivery = history.delivery and not ordered.is_newest
        )
),

hits as (
    select
        *,
        rule_code || '|' || coalesce(record_id, 'row ' || row_number::varchar, '') as identity
    from (
        select * from current_hits
        union all
        select * from kept_hits
    ) as every_hit
),

dated as (
    select
        hits.*,
        ordered.previous_delivery,
        ordered.mode,
        ordered.is_newest
    from hits
    left join ordered
        on hits.source = ordered.source and hits.table_name is not distinct from ordered.table_name
            and hits.delivery = ordered.delivery
),

identities as (
    select distinct
        source,
        table_name,
        delivery,
        identity
    from hits
)

select
    dated.rule_code,
    dated.source,
    dated.table_name,
    dated.delivery,
    dated.file_name,
    dated.row_number,
    dated.record_id,
    case when earlier.identity is null then 'new' else 'persisting' end as status,
    {#- a hit of a table with no file in the register (a DfE hit without its 903 files) is shown #}
    coalesce(dated.mode, '') <> 'snapshot' or coalesce(dated.is_newest, true) as is_reported
from dated
left join identities as earlier
    on dated.source = earlier.source and dated.table_name is not distinct from earlier.table_name
        and dated.previous_delivery = earlier.delivery and dated.identity = earlier.identity
union all
select
    gone.rule_code,
    gone.source,
    gone.table_name,
    ordered.delivery,
    gone.file_name,
    gone.row_number,
    gone.record_id,
    'resolved' as status,
    ordered.mode <> 'snapshot' or ordered.is_newest as is_reported
from hits as gone
inner join ordered
    on gone.source = ordered.source and gone.table_name is not distinct from ordered.table_name
        and gone.delivery = ordered.previous_delivery
where not exists (
        select 1 from hits as later
        where later.source = gone.source and later.table_name is not distinct from gone.table_name
            and later.delivery = ordered.delivery and later.identity = gone.identity
    )
