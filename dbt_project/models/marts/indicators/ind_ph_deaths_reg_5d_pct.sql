{# % of death registrations in the month (by registration_date), not referred to the coroner,
   registered within 5 calendar days of the registrar receiving the MCCD. A registration with
   no MCCD date is in the denominator only. #}
{{ monthly_cohort_share('PH_DEATHS_REG_5D_PCT', 'registration',
                        ref('int_death_registrations_timed'), 'is_within_5_days') }}
