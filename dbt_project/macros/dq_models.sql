{# Relational data-quality models feeding dq_summary (source, table_name, delivery,
   rule_code, severity, description, rows_affected). #}
{% macro dq_models() -%}
    {{ return([
        'dq_ssda903__episodes',
        'dq_ssd__s47_enquiries',
        'dq_ssd__initial_cp_conferences',
        'dq_ssd__cp_plans',
        'dq_ehcp__assessments',
        'dq_ehcp__placements',
        'dq_ehcp__tribunals',
        'dq_education__exclusions',
        'dq_education__pupil_headcounts',
        'dq_early_years__ey_funded_children',
        'dq_early_years__ey_providers',
        'dq_registration__death_registrations',
        'dq_adults__cld_events',
        'dq_adults__safeguarding_concerns',
        'dq_housing__ta_placements',
        'dq_commentary__commentary',
    ]) }}
{%- endmacro %}
