{# % of S47 enquiries with s47e_s47_end_date in the month completed within 10 working days of
   their start (weekends and England and Wales bank holidays skipped): int_s47_enquiries_measured. #}
{{ monthly_cohort_share('CS_S47_COMPLETED_10WD_PCT', 'ssd',
                        ref('int_s47_enquiries_measured'), 'is_completed_within_10_working_days') }}
