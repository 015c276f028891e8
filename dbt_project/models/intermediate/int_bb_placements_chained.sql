{# B&B (`bb`) placements with the B&B stay each belongs to (gaps and islands in SQL windows).
   A stay is a household's chain of bb placements, each starting on or before the previous
   one's end date, so a move from one B&B to another does not restart the clock. Placements
   are ordered by start (then end, open last, then ID); "the previous one's end date" is the
   latest end among the household's earlier bb placements (an open placement never ends), so a
   placement nested inside a longer one cannot break the chain. A bb placement starting after
   that end, even by one day, starts a new stay; non-bb placements are not links, so B&B ->
   hostel -> B&B is two stays. #}
with bb as (
    select placement_row_key, placement_id, household_key, started_on, ended_on, is_family
    from {{ ref('stg_housing__ta_placements') }}
    where ta_type = 'bb'
),

ordered as (
    select
        *,
        max(coalesce(ended_on, date '9999-12-31')) over (
            partition by household_key
            order by started_on, ended_on nulls last, placement_id, placement_row_key
            rows between unbounded preceding and 1 preceding
        ) as previous_ended_on
    from bb
),

islands as (
    select
        *,
        sum(case when previous_ended_on is null or started_on > previous_ended_on then 1 else 0 end) over (
            partition by household_key
            order by started_on, ended_on nulls last, placement_id, placement_row_key
            rows between unbounded preceding and current row
        ) as stay_number
    from ordered
)

select
    placement_row_key,
    placement_id,
    household_key,
    started_on,
    ended_on,
    is_family,
    stay_number,
    min(started_on) over (partition by household_key, stay_number) as stay_started_on
from islands
