{# Each EHCP placement with its establishment's GIAS type (shipped list extended and
   overridden by the council's GIAS file). is_independent_special: GIAS type 8
   (non-maintained special school) or 10 (other independent special school). A URN missing
   from GIAS has no type and is not counted (dq_ehcp__placements reports it). #}
with placements as (
    select * from {{ ref('stg_ehcp__placements') }}
),

establishments as (
    select * from {{ ref('int_gias_establishments_combined') }}
)

select
    placements.*,
    establishments.urn is not null as is_urn_in_gias,
    establishments.type_of_establishment_code,
    establishments.type_of_establishment_name,
    establishments.listed_in as gias_listed_in,
    coalesce(establishments.type_of_establishment_code in (8, 10), false) as is_independent_special
from placements
left join establishments on establishments.urn = placements.urn
