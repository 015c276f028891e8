{# Relational DQ rules on the current 903 episodes (rows stay loaded and are used as the
   contract says); what each rule means is in schemas/dq_rules.py. #}
with episodes as (
    select * from {{ ref('int_episodes_located') }}
),

records as (
    select
        *,
        {{ dq_overlaps_another('episodes', 'episodes', 'child_key', 'source_row_number', 'started_on', 'ceased_on') }}
            as overlaps_another
    from episodes
)

{{ dq_hits('ssda903', 'episodes', 'records', {
    'unresolved_placement_postcode': 'placement_district_code is null',
    'unresolved_home_postcode': 'home_district_code is null',
    'home_outside_england': "home_country in ('Wales', 'Scotland')",
    'overlapping_episodes': 'overlaps_another',
}) }}
