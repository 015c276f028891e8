{# Relational DQ rules on the current TA placements (see schemas/dq_rules.py). #}
with placements as (
    select * from {{ ref('stg_housing__ta_placements') }}
),

records as (
    select
        *,
        {{ dq_overlaps_another(
            'placements', 'placements', 'household_key', 'placement_row_key', 'started_on', 'ended_on'
        ) }} as overlaps_another
    from placements
)

{{ dq_hits('housing', 'ta_placements', 'records', {
    'placement_ends_before_start': 'ended_on < started_on',
    'bb_family_status_unknown': "ta_type = 'bb' and (dependent_children is null or pregnant_member is null)",
    'overlapping_placements': 'overlaps_another',
}) }}
