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
