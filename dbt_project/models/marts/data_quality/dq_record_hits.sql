{# Every rule hit of this run, one row per rule per record: the relational models, the
   generic duplicate-key and structure rules, the DfE validator's hits, and the freshness,
   volume and restatement findings (their record id is the month or the figure). #}
with newest_deliveries as (
    select
        source,
        max(delivery) as delivery
    from {{ ref('stg_meta__deliveries') }}
    group by source
)

{% for model in dq_models() + ['dq_duplicate_keys', 'dq_structure_hits', 'dq_dfe_hits'] %}
    select
        rule_code,
        source,
        table_name,
        delivery,
        file_name,
        row_number,
        record_id
    from {{ ref(model) }}
    union all
{% endfor %}
select
    'stale_extract' as rule_code,
    source,
    null as table_name,
    newest_delivery as delivery,
    null as file_name,
    null as row_number,
    unnest(months_not_covered) as record_id
from {{ ref('dq_freshness') }}
union all
select
    'volume_anomaly' as rule_code,
    volume.source,
    volume.table_name,
    newest_deliveries.delivery,
    null as file_name,
    null as row_number,
    strftime(volume.month_start, '%Y-%m') || coalesce(nullif(' ' || volume.record_type, ' '), '') as record_id
from {{ ref('dq_volume') }} as volume
inner join newest_deliveries on volume.source = newest_deliveries.source
where volume.is_anomaly
union all
select
    'figure_restated' as rule_code,
    catalogue.source,
    null as table_name,
    restatements.new_delivery as delivery,
    null as file_name,
    null as row_number,
    restatements.indicator_id || ' ' || restatements.period_label as record_id
from {{ ref('restatements') }} as restatements
inner join {{ ref('indicator_catalogue') }} as catalogue on restatements.indicator_id = catalogue.indicator_id
