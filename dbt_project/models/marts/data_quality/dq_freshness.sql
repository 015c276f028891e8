{# freshness: each source's newest delivery against the run's last month. A snapshot
   extracted in month M covers up to M - 1 (the run's last month is the month before the
   newest snapshot); an incremental source covers the months it delivered. A source that
   covers less than the run's last month is stale, and the months after its cover are listed
   with the indicators that cannot report them. #}
with deliveries as (
    select * from {{ ref('stg_meta__deliveries') }}
    where mode in ('snapshot', 'incremental')
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

newest as (
    select
        source,
        max(delivery) as newest_delivery,
        case any_value(mode)
            when 'snapshot' then max(date_trunc('month', delivery_date)) - interval 1 month
            else max(delivery_date)
        end::date as covered_through
    from deliveries
    group by source
),

indicators as (
    select
        source,
        string_agg(indicator_id, ' ' order by indicator_id) as indicator_ids
    from {{ ref('indicator_catalogue') }}
    group by source
)

select
    newest.source,
    newest.newest_delivery,
    strftime(newest.covered_through, '%Y-%m') as covered_through,
    strftime(run.last_month_start, '%Y-%m') as run_last_month,
    newest.covered_through < run.last_month_start as is_stale,
    [
        strftime(month_start, '%Y-%m')
        for month_start in generate_series(
            (newest.covered_through + interval 1 month)::timestamp, run.last_month_start::timestamp, interval 1 month
        )
    ] as months_not_covered,
    indicators.indicator_ids
from newest
cross join run
left join indicators on newest.source = indicators.source
