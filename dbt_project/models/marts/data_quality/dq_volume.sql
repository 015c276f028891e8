{# volume: monthly record counts of each series of schemas/dq_rules.py (a table's rows by
   their date, and by type where one is named) in the current deliveries, every reporting month
   of the source counted (a month without records counts 0), scored against the 12 months
   before it with a robust z-score:
     z = (x - median) / (1.4826 x MAD), MAD = median of |x_i - median| over those 12 months.
   1.4826 x MAD estimates the standard deviation of normal data while a gap or a spike in the
   window barely moves it. MAD = 0 (twelve equal months) is taken as 1 record, so a move of
   more than 5 records from a constant series is flagged. |z| > 3.5 is an anomaly (Iglewicz
   and Hoaglin's cut-off); the expected range is median +/- 3.5 x 1.4826 x MAD (not below 0).
   Months with fewer than 12 months before them are not scored. #}
with counts as (
    {%- for series in dq_registry()['volume'] %}
        select
            '{{ series["source"] }}' as source,
            '{{ series["table"] }}' as table_name,
            {{ series['type_column'] ~ '::varchar' if series['type_column'] else "''" }} as record_type,
            date_trunc('month', {{ series['date_column'] }})::date as month_start,
            count(*) as records
        from {{ ref(series['model']) }}
        where {{ series['date_column'] }} is not null
        group by all
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

series as (
    select distinct
        source,
        table_name,
        record_type
    from counts
),

months as (
    select
        series.source,
        series.table_name,
        series.record_type,
        reporting.month_start,
        coalesce(counts.records, 0) as records
    from series
    inner join {{ ref('int_reporting_months') }} as reporting on series.source = reporting.source
    left join counts
        on series.source = counts.source and series.table_name = counts.table_name
            and series.record_type = counts.record_type and reporting.month_start = counts.month_start
),

windowed as (
    select
        *,
        count(*) over previous_year as trailing_months,
        median(records) over previous_year as trailing_median
    from months
    window previous_year as (
        partition by source, table_name, record_type order by month_start rows between 12 preceding and 1 preceding
    )
),

spread as (
    select
        current_month.source,
        current_month.table_name,
        current_month.record_type,
        current_month.month_start,
        greatest(median(abs(earlier.records - current_month.trailing_median)), 1) as trailing_mad
    from windowed as current_month
    inner join months as earlier
        on current_month.source = earlier.source and current_month.table_name = earlier.table_name
            and current_month.record_type = earlier.record_type
            and earlier.month_start >= current_month.month_start - interval 12 month
            and current_month.month_start > earlier.month_start
    group by all
),

scored as (
    select
        windowed.source,
        windowed.table_name,
        windowed.record_type,
        windowed.month_start,
        windowed.records,
        windowed.trailing_months,
        windowed.trailing_median,
        spread.trailing_mad,
        (windowed.records - windowed.trailing_median) / (1.4826 * spread.trailing_mad) as robust_z,
        greatest(windowed.trailing_median - 3.5 * 1.4826 * spread.trailing_mad, 0) as expected_low,
        windowed.trailing_median + 3.5 * 1.4826 * spread.trailing_mad as expected_high
    from windowed
    left join spread
        on windowed.source = spread.source and windowed.table_name = spread.table_name
            and windowed.record_type = spread.record_type and windowed.month_start = spread.month_start
)

select
    *,
    trailing_months = 12 and abs(robust_z) > 3.5 as is_anomaly
from scored
