{# Relational DQ rules on the current exclusions delivery (see schemas/dq_rules.py). #}
{{ dq_hits('education', 'exclusions', ref('stg_education__exclusions'), {
    'unknown_school': dq_not_in('school_urn', ref('stg_education__pupil_headcounts')),
}) }}
