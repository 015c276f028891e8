{# The indicator models feeding indicator_values: add one line per new indicator model. #}
{% macro indicator_models() -%}
    {{ return([
        'ind_cs_lac_outside_la_pct',
        'ind_cs_lac_over_20_miles_pct',
        'ind_cs_cpp_repeat_2yr_pct',
        'ind_cs_s47_completed_10wd_pct',
        'ind_cs_s47_to_icpc_pct',
        'ind_cs_ehcp_20wk_pct',
        'ind_cs_send_tribunals',
        'ind_cs_independent_special_places',
        'ind_cs_perm_exclusion_rate',
        'ind_cs_ey_funded_good_pct',
        'ind_ph_deaths_reg_5d_pct',
        'ind_asc_safeguarding_concerns',
        'ind_asc_contacts',
        'ind_asc_outstanding_assessments',
        'ind_asc_overdue_reviews',
        'ind_hou_ta_households',
        'ind_hou_bb_families_6wk',
    ]) }}
{%- endmacro %}

{# Months an indicator reports: its source's months from int_reporting_months. #}
{% macro reporting_months(source_name) -%}
    (select month_start, month_end from {{ ref('int_reporting_months') }} where source = '{{ source_name }}')
{%- endmacro %}

{# A percentage of a monthly cohort: one row per month, numerator = members with the flag.
   Months with an empty cohort get denominator 0 (and so a NULL value). #}
{% macro monthly_cohort_share(indicator_id, source_name, cohort, flag) -%}
select
    '{{ indicator_id }}' as indicator_id,
    months.month_start as period_start,
    months.month_end as period_end,
    count(cohort.month_end) filter (where cohort.{{ flag }}) as numerator,
    count(cohort.month_end) as denominator
from {{ reporting_months(source_name) }} as months
left join {{ cohort }} as cohort on cohort.month_end = months.month_end
group by all
{%- endmacro %}

{# Where each source's records are dated: its first month of records starts its indicators'
   history (capped at SCRUTINY_HISTORY_MONTHS months back). One entry per dated table; a
   source with several starts at the earliest. #}
{% macro source_activity_dates() -%}
    {{ return([
        ('ssda903', 'stg_ssda903__episodes', 'started_on'),
        ('ssd', 'int_ssd_activity_dates', 'activity_date'),
        ('ehcp', 'int_ehcp_activity_dates', 'activity_date'),
        ('education', 'stg_education__exclusions', 'started_on'),
        ('early_years', 'stg_early_years__funded_children', 'census_date'),
        ('registration', 'stg_registration__death_registrations', 'registered_on'),
        ('adults', 'stg_adults__cld_events', 'started_on'),
        ('adults', 'stg_adults__safeguarding_concerns', 'received_on'),
        ('housing', 'stg_housing__ta_placements', 'started_on'),
    ]) }}
{%- endmacro %}
