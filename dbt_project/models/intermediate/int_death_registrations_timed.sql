{# PH_DEATHS_REG_5D_PCT cohort: registrations not referred to the coroner, dated by their
   registration_date (whatever delivery they came in), with the calendar days from the
   registrar receiving the MCCD to registration. Within 5 days: days <= 5. No MCCD date: in
   the cohort (denominator) but never within 5 days. #}
select
    registration_key,
    registered_on,
    last_day(registered_on) as month_end,
    mccd_received_on,
    registered_on - mccd_received_on as days_mccd_to_registration,
    coalesce(registered_on - mccd_received_on <= 5, false) as is_within_5_days,
    delivery
from {{ ref('stg_registration__death_registrations') }}
where not is_coroner_referred
