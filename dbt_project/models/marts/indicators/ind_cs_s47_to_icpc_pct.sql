{# % of S47 enquiries with an end date in the month for which at least one linked initial
   child protection conference took place (has icpc_icpc_date): int_s47_enquiries_measured. #}
{{ monthly_cohort_share('CS_S47_TO_ICPC_PCT', 'ssd', ref('int_s47_enquiries_measured'), 'led_to_icpc') }}
