{# Service narratives per quarter and indicator. Until the commentary source is delivered
   this is empty with the right columns, so the exceptions appendices still build. #}
select
    cast(null as varchar) as period_label,
    cast(null as varchar) as indicator_id,
    cast(null as varchar) as narrative,
    cast(null as varchar) as actions
where false
