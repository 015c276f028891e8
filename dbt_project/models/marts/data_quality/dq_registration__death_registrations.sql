{# Relational data-quality warnings on death registrations, per delivery month. The rows stay
   loaded and are used exactly as the contract says. #}
with registrations as (
    select * from {{ ref('stg_registration__death_registrations') }}
),

checks as (
    select delivery,
           'missing_mccd_date' as rule_code,
           'registration not referred to the coroner with no mccd_received_date: counted in the denominator only' as description,
           count(*) filter (where not is_coroner_referred and mccd_received_on is null) as rows_affected
    from registrations group by delivery
    union all
    select delivery,
           'registered_before_mccd',
           'registration_date before mccd_received_date: counted as within 5 days (negative day difference); check the dates',
           count(*) filter (where registered_on < mccd_received_on)
    from registrations group by delivery
    union all
    select delivery,
           'death_after_registration',
           'date_of_death after registration_date; check the dates',
           count(*) filter (where died_on > registered_on)
    from registrations group by delivery
    union all
    select delivery,
           'duplicate_registration_id',
           'registration_id delivered more than once (in several deliveries or twice in one): the row from the newest delivery is used',
           count(*) filter (where delivered_copies > 1)
    from registrations group by delivery
    union all
    select delivery,
           'registered_outside_delivery_month',
           'registration_date falls outside the delivery month: counted in the month of its registration_date',
           count(*) filter (where strftime(registered_on, '%Y-%m') <> delivery)
    from registrations group by delivery
)

select 'registration' as source, 'death_registrations' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
