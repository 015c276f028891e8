{# The report's appendices for every quarter: Appendix 1 = Red; Appendix 2 = Amber and
   Worsening (against the previous quarter). Narrative and actions come from the service
   commentary delivered for that quarter, when there is any. #}
with quarters as (
    select * from {{ ref('indicator_values') }}
    where period_type = 'quarter'
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

commentary as (
    select * from {{ ref('int_commentary_by_quarter') }}
)

select
    quarters.period_label,
    case when quarters.rag = 'Red' then 1 else 2 end as appendix,
    catalogue.service_area,
    quarters.indicator_id,
    catalogue.title,
    quarters.value,
    quarters.rag,
    quarters.dot,
    commentary.narrative,
    commentary.actions
from quarters
join catalogue using (indicator_id)
left join commentary
    on commentary.period_label = quarters.period_label and commentary.indicator_id = quarters.indicator_id
where quarters.rag = 'Red' or (quarters.rag = 'Amber' and quarters.dot = 'Worsening')
