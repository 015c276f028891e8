{# Commentary from every quarterly delivery. Indicator ids are matched upper-cased. Where a
   quarter's file comments on an indicator twice, the last row is kept (`rows_for_indicator`
   > 1 marks it for the DQ report). #}
with source as (
    select * from {{ source('commentary', 'commentary') }}
),

typed as (
    select
        _delivery as quarter,
        upper(trim(indicator_id)) as indicator_id,
        narrative,
        actions,
        _row_number as source_row_number,
        count(*) over (partition by _delivery, upper(trim(indicator_id))) as rows_for_indicator,
        row_number() over (partition by _delivery, upper(trim(indicator_id)) order by _row_number desc) as last_first
    from source
)

select * exclude (last_first)
from typed
where last_first = 1
