{# Relational data-quality warnings on the current 903 episodes. The rows stay loaded and
   are used exactly as the contract says; these counts tell the service what to fix. #}
with episodes as (
    select * from {{ ref('int_episodes_located') }}
),

overlapping as (
    {{ overlapping_rows('episodes', 'child_key', 'source_row_number', 'started_on', 'ceased_on') }}
),

checks as (
    select 'unresolved_placement_postcode' as rule_code,
           'placement postcode blank or not in the postcode directory (England, Wales, Scotland): counts in the denominator only' as description,
           count(*) filter (where placement_district_code is null) as rows_affected,
           max(delivery) as delivery
    from episodes
    union all
    select 'unresolved_home_postcode',
           'home postcode blank or not in the postcode directory: distance unknown',
           count(*) filter (where home_district_code is null),
           max(delivery)
    from episodes
    union all
    select 'home_outside_england',
           'home postcode outside England: distance unknown (DfE 999.9)',
           count(*) filter (where home_country in ('Wales', 'Scotland')),
           max(delivery)
    from episodes
    union all
    select 'overlapping_episodes',
           'episodes of the same child overlap in time; the one with the latest start is used',
           rows_affected, delivery
    from overlapping
)

select 'ssda903' as source, 'episodes' as table_name, delivery, rule_code, 'warning' as severity,
       description, rows_affected
from checks
where rows_affected > 0
