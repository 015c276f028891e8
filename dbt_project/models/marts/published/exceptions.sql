{# The report's appendices for every quarter: Appendix 1 = Red; Appendix 2 = Amber and
   Worsening (against the previous quarter). Narrative and actions come from the service
   commentary delivered for that quarter; where there is none, a factual narrative is drafted
   from the figures for an officer to edit (narrative_source 'drafted'). #}
with values_ as (
    select * from {{ ref('indicator_values') }}
),

quarters as (
    select * from values_
    where period_type = 'quarter'
),

months as (
    select * from values_
    where period_type = 'month'
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

commentary as (
    select * from {{ ref('int_commentary_by_quarter') }}
),

exceptional as (
    select
        quarters.*,
        catalogue.service_area,
        catalogue.title,
        catalogue.unit,
        first_month.value as first_month_value,
        middle_month.value as middle_month_value,
        previous_quarter.value as previous_quarter_value,
        year_before.value as year_before_value
    from quarters
    inner join catalogue using (indicator_id)
    left join months as first_month
        on quarters.indicator_id = first_month.indicator_id
            and quarters.period_start = first_month.period_start
    left join months as middle_month
        on quarters.indicator_id = middle_month.indicator_id
            and middle_month.period_start = quarters.period_start + interval 1 month
    left join quarters as previous_quarter
        on quarters.indicator_id = previous_quarter.indicator_id
            and previous_quarter.period_start = quarters.period_start - interval 3 month
    left join quarters as year_before
        on quarters.indicator_id = year_before.indicator_id
            and year_before.period_start = quarters.period_start - interval 12 month
    where quarters.rag = 'Red' or (quarters.rag = 'Amber' and quarters.dot = 'Worsening')
)

select
    exceptional.period_label,
    case when exceptional.rag = 'Red' then 1 else 2 end as appendix,
    exceptional.service_area,
    exceptional.indicator_id,
    exceptional.title,
    exceptional.value,
    exceptional.rag,
    exceptional.dot,
    coalesce(
        commentary.narrative,
        {{ drafted_narrative(
            'exceptional.unit', 'exceptional.value', 'exceptional.period_end',
            'exceptional.first_month_value', 'exceptional.middle_month_value', 'exceptional.target',
            'exceptional.previous_quarter_value', 'exceptional.year_before_value',
            'exceptional.benchmark_england'
        ) }}
    ) as narrative,
    commentary.actions,
    case when commentary.narrative is null then 'drafted' else 'service' end as narrative_source
from exceptional
left join commentary
    on exceptional.period_label = commentary.period_label and exceptional.indicator_id = commentary.indicator_id
