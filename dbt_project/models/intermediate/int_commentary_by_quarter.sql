{# Service narratives per quarter and indicator: the delivery folder 2025-26-Q2 becomes the
   mart's period label 2025/26 Q2. Commentary on an indicator the catalogue does not know is
   kept here (it matches no exception) and reported by dq_commentary__commentary. #}
select
    left(quarter, 4) || '/' || substr(quarter, 6, 2) || ' Q' || right(quarter, 1) as period_label,
    indicator_id,
    narrative,
    actions
from {{ ref('stg_commentary__narratives') }}
