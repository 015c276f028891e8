{# Relational DQ rules on the current SSD S47 enquiries (see schemas/dq_rules.py). #}
with enquiries as (
    select * from {{ ref('int_s47_enquiries_measured') }}
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
    where person_key is not null
),

calendar as (
    select calendar_date from {{ ref('int_calendar_days') }}
    where bank_holidays_known
),

records as (
    select
        enquiries.*,
        enquiries.person_key in (select person_key from persons) as person_found,
        (enquiries.started_on is not null and enquiries.started_on not in (select calendar_date from calendar))
        or (enquiries.ended_on is not null and enquiries.ended_on not in (select calendar_date from calendar))
            as outside_calendar
    from enquiries
)

{{ dq_hits('ssd', 'ssd_s47_enquiry', 'records', {
    's47_end_before_start': 'ended_on < started_on',
    's47_end_without_start': 'ended_on is not null and started_on is null',
    's47_person_not_in_ssd_person': 'not person_found',
    'outside_bank_holiday_years': 'outside_calendar',
    'cp_conference_outcome_without_icpc':
        'outcome_cp_conference and ended_on is not null and linked_conference_rows = 0',
}) }}
