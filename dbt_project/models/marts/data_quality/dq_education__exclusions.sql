{# Relational DQ rules on the current exclusions delivery (see schemas/dq_rules.py). #}
with exclusions as (
    select * from {{ ref('stg_education__exclusions') }}
),

schools as (
    select distinct school_urn from {{ ref('stg_education__pupil_headcounts') }}
    where school_urn is not null
),

records as (
    select
        *,
        coalesce(school_urn in (select school_urn from schools), false) as school_found
    from exclusions
)

{{ dq_hits('education', 'exclusions', 'records', {
    'unknown_school': 'not school_found',
}) }}
