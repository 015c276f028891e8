{# One row per day, 2000 to 2040, numbering working days: Saturdays, Sundays and England and
   Wales bank holidays are not working days. working_days_to_date counts the working days from
   the calendar's start up to and including the day, so the working days from A to B (each
   working day d with A < d <= B, contract section 3) are working_days_to_date(B) minus
   working_days_to_date(A): see the working_days_between macro. Bank holidays are only known
   for the years the seed covers (bank_holidays_known); outside them only weekends are skipped. #}
with holidays as (
    select holiday_date, title from {{ ref('stg_reference__bank_holidays') }}
),

known as (
    select year(min(holiday_date)) as first_year, year(max(holiday_date)) as last_year from holidays
),

days as (
    select unnest(generate_series(date '2000-01-01', date '2040-12-31', interval 1 day))::date as calendar_date
),

flagged as (
    select
        days.calendar_date,
        isodow(days.calendar_date) >= 6 as is_weekend,
        holidays.holiday_date is not null as is_bank_holiday,
        holidays.title as bank_holiday,
        coalesce(year(days.calendar_date) between known.first_year and known.last_year, false) as bank_holidays_known
    from days
    cross join known
    left join holidays on holidays.holiday_date = days.calendar_date
)

select
    calendar_date,
    is_weekend,
    is_bank_holiday,
    bank_holiday,
    not is_weekend and not is_bank_holiday as is_working_day,
    sum(case when not is_weekend and not is_bank_holiday then 1 else 0 end)
        over (order by calendar_date rows between unbounded preceding and current row) as working_days_to_date,
    bank_holidays_known
from flagged
