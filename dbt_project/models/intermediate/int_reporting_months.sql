{# The months each source reports: from its first month of records (at most
   history_months months back) to the run's last month, which is the month before the newest
   snapshot delivery's month (or, with no snapshot source, the newest incremental month). #}
with deliveries as (
    select * from {{ ref('stg_meta__deliveries') }}
),

run as (
    select coalesce(
        (
            select max(date_trunc('month', delivery_date)) - interval 1 month from deliveries
            where mode = 'snapshot'
        ),
        (
            select max(delivery_date) from deliveries
            where mode = 'incremental'
        )
    )::date as last_month_start
),

first_records as (
    {#- a source may list several tables (any record of the source starts its months) -#}
    select
        source, min(first_day) as first_day from (
        {% for source_name, model, column in source_activity_dates() %}
            select '{{ source_name }}' as source, min({{ column }}) as first_day from {{ ref(model) }}
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    )
    group by source
),

bounds as (
    select
        first_records.source,
        greatest(
            date_trunc('month', first_records.first_day),
            run.last_month_start - to_months({{ var('history_months') }}::integer)
        )::date as first_month_start,
        run.last_month_start
    from first_records cross join run
    where first_records.first_day is not null and run.last_month_start is not null
)

select
    bounds.source,
    months.month_start::date as month_start,
    last_day(months.month_start)::date as month_end
from bounds,
    unnest(generate_series(bounds.first_month_start::timestamp, bounds.last_month_start::timestamp, interval 1 month))
        as months (month_start)
