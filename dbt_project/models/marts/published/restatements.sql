{# Figures already published that a new delivery changed (contract table `restatements`).
   Each indicator's figures are compared with the last publish made from an older delivery
   of its source (history.published_indicator_values, appended after every publish).

   Records behind a figure: the rows of the indicator's source's tables, in a delivery, with
   any of their dates inside the figure's period. Between the previous and the new delivery
   they are compared by record id (the table's key as delivered) and a hash of all columns:
   added = in the new delivery's rows for the period only, removed = in the previous only,
   changed = in both with a different hash. Counted for snapshot sources (each delivery the
   full history); an incremental source's replaced month leaves no previous rows, so its
   counts are NULL. #}
with current_values as (
    select
        figures.*,
        catalogue.source
    from {{ ref('indicator_values') }} as figures
    inner join {{ ref('indicator_catalogue') }} as catalogue on figures.indicator_id = catalogue.indicator_id
),

source_deliveries as (
    select
        source,
        any_value(mode) as mode,
        max(delivery) as delivery
    from {{ ref('stg_meta__deliveries') }}
    group by source
),

published as (
    select * from {{ source('history', 'published_indicator_values') }}
),

previous as (
    select published.*
    from published
    inner join source_deliveries
        on published.source = source_deliveries.source and published.source_delivery < source_deliveries.delivery
    qualify row_number() over (
            partition by published.indicator_id, published.period_type, published.period_label
            order by published.source_delivery desc, published.published_at desc
        ) = 1
),

changed as (
    select
        current_values.indicator_id,
        current_values.source,
        source_deliveries.mode,
        current_values.period_label,
        current_values.period_start,
        current_values.period_end,
        previous.source_delivery as previous_delivery,
        source_deliveries.delivery as new_delivery,
        previous.numerator as previous_numerator,
        previous.denominator as previous_denominator,
        previous.value as previous_value,
        current_values.numerator,
        current_values.denominator,
        current_values.value
    from current_values
    inner join source_deliveries on current_values.source = source_deliveries.source
    inner join previous
        on current_values.indicator_id = previous.indicator_id
            and current_values.period_type = previous.period_type
            and current_values.period_label = previous.period_label
    where current_values.numerator is distinct from previous.numerator
        or current_values.denominator is distinct from previous.denominator
        or current_values.value is distinct from previous.value
),

delivery_files as (
    {#- a delivery identical to a file already loaded holds that file's rows -#}
    select
        source,
        table_name,
        delivery,
        stored_file_name
    from (
        select
            source,
            table_name,
            delivery,
            status,
            max(case when status = 'loaded' then file_name end) over (partition by source, table_name, sha256)
                as stored_file_name
        from {{ source('meta', 'file_register') }}
        where mode = 'snapshot'
    )
    where status in ('loaded', 'duplicate')
        and delivery in (
            select previous_delivery from changed
            union
            select new_delivery from changed
        )
),

delivery_rows as (
    {%- for table in dq_registry()['tables'] if table['mode'] == 'snapshot' and table['date_columns'] %}
        {{ dq_delivery_rows(table) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

behind as (
    select distinct
        changed.indicator_id,
        changed.period_label,
        rows.delivery = changed.new_delivery as is_new,
        rows.table_name,
        rows.record_id,
        rows.row_hash
    from changed
    inner join delivery_rows as rows
        on changed.source = rows.source
            and rows.delivery in (changed.previous_delivery, changed.new_delivery)
            and rows.activity_date between changed.period_start and changed.period_end
),

new_rows as (
    select * from behind
    where is_new
),

old_rows as (
    select * from behind
    where not is_new
),

compared as (
    select
        coalesce(new_rows.indicator_id, old_rows.indicator_id) as indicator_id,
        coalesce(new_rows.period_label, old_rows.period_label) as period_label,
        count(*) filter (where old_rows.record_id is null) as records_added,
        count(*) filter (where new_rows.record_id is null) as records_removed,
        count(*) filter (where new_rows.row_hash <> old_rows.row_hash) as records_changed
    from new_rows
    full outer join old_rows
        on new_rows.indicator_id = old_rows.indicator_id and new_rows.period_label = old_rows.period_label
            and new_rows.table_name = old_rows.table_name and new_rows.record_id = old_rows.record_id
    group by all
)

select
    changed.indicator_id,
    changed.period_label,
    changed.previous_delivery,
    changed.new_delivery,
    changed.previous_numerator::bigint as previous_numerator,
    changed.previous_denominator::bigint as previous_denominator,
    changed.previous_value::double as previous_value,
    changed.numerator::bigint as numerator,
    changed.denominator::bigint as denominator,
    changed.value::double as value,
    case when changed.mode = 'snapshot' then coalesce(compared.records_added, 0) end::bigint as records_added,
    case when changed.mode = 'snapshot' then coalesce(compared.records_removed, 0) end::bigint as records_removed,
    case when changed.mode = 'snapshot' then coalesce(compared.records_changed, 0) end::bigint as records_changed
from changed
left join compared
    on changed.indicator_id = compared.indicator_id and changed.period_label = compared.period_label
