{# Relational data-quality warnings on the current SSD S47 enquiries. The rows stay loaded and
   are used exactly as the contract says; the description says how each one is counted. #}
with enquiries as (
    select * from {{ ref('int_s47_enquiries_measured') }}
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
),

calendar as (
    select calendar_date from {{ ref('int_calendar_days') }} where bank_holidays_known
),

checks as (
    select 'duplicate_s47_enquiry_id' as rule_code,
           'S47 enquiry id repeated in the extract: the first row is used, the repeats are ignored' as description,
           coalesce(sum(id_copies - 1), 0) as rows_affected
    from enquiries
    union all
    select 's47_end_before_start',
           'S47 end date before its start date: no working days between them, so counted as completed within 10 working days',
           count(*) filter (where ended_on < started_on)
    from enquiries
    union all
    select 's47_end_without_start',
           'S47 has an end date but no start date: in the 10-working-day denominator only',
           count(*) filter (where ended_on is not null and started_on is null)
    from enquiries
    union all
    select 's47_person_not_in_ssd_person',
           'S47 person id not in ssd_person: the enquiry still counts',
           count(*) filter (where person_key not in (select person_key from persons where person_key is not null))
    from enquiries
    union all
    select 'outside_bank_holiday_years',
           'S47 start or end date in a year the bank-holiday list does not cover: only weekends are skipped (outside 2000-2040: no working days, not within 10)',
           count(*) filter (where (started_on is not null and started_on not in (select calendar_date from calendar))
                               or (ended_on is not null and ended_on not in (select calendar_date from calendar)))
    from enquiries
    union all
    select 'cp_conference_outcome_without_icpc',
           'S47 outcome says CP conference but no initial child protection conference is linked to it: not counted as leading to an ICPC',
           count(*) filter (where outcome_cp_conference and ended_on is not null and linked_conference_rows = 0)
    from enquiries
)

select 'ssd' as source, 'ssd_s47_enquiry' as table_name,
       (select max(delivery) from enquiries) as delivery,
       rule_code, 'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
