{# Each CP plan compared with the same person's other plans (contract section 3,
   CS_CPP_REPEAT_2YR_PCT): a repeat when the person has another plan that started earlier
   (strictly: two plans starting the same day are neither's earlier plan) and either has no
   end date or ended on or after (this plan's start - 730 days). An earlier plan still open
   when this one starts counts (and is a DQ warning: overlapping plans). #}
with plans as (
    select * from {{ ref('stg_ssd__cp_plans') }}
),

earlier as (
    select
        later.cp_plan_id,
        count(*) as earlier_plans_within_2_years
    from plans as later
    join plans as previous
        on previous.person_key = later.person_key
            and previous.started_on < later.started_on
            and (previous.ended_on is null or previous.ended_on >= (later.started_on - interval 730 day)::date)
    group by later.cp_plan_id
)

select
    plans.*,
    coalesce(earlier.earlier_plans_within_2_years, 0) as earlier_plans_within_2_years,
    coalesce(earlier.earlier_plans_within_2_years, 0) > 0 as is_repeat_within_2_years
from plans
left join earlier using (cp_plan_id)
