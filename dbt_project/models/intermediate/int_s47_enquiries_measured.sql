{# Each S47 enquiry with what the two S47 measures ask of it (contract section 3):
   - working_days_to_complete: working days from s47e_s47_start_date to s47e_s47_end_date
     (each working day d with start < d <= end; weekends and England and Wales bank holidays
     skipped); 0 for the same day, and 0 for an end before the start (no such d; a DQ warning);
     NULL without a start date (then not within 10, so in the denominator only).
   - led_to_icpc: at least one ssd_initial_cp_conference row linked by icpc_s47_enquiry_id has
     a conference date (icpc_icpc_date), however many rows are linked.
   month_end is the last day of the end date's month: the month the enquiry counts in. #}
with enquiries as (
    select * from {{ ref('stg_ssd__s47_enquiries') }}
),

conferences as (
    select
        s47_enquiry_id,
        count(*) as linked_conference_rows,
        count(held_on) as linked_conferences_held
    from {{ ref('stg_ssd__initial_cp_conferences') }}
    where s47_enquiry_id is not null
    group by s47_enquiry_id
),

measured as (
    select
        enquiries.*,
        last_day(enquiries.ended_on) as month_end,
        {{ working_days_between('enquiries.started_on', 'enquiries.ended_on') }} as working_days_to_complete,
        coalesce(conferences.linked_conference_rows, 0) as linked_conference_rows,
        coalesce(conferences.linked_conferences_held, 0) as linked_conferences_held
    from enquiries
    left join conferences using (s47_enquiry_id)
)

select
    *,
    coalesce(working_days_to_complete <= 10, false) as is_completed_within_10_working_days,
    linked_conferences_held > 0 as led_to_icpc
from measured
