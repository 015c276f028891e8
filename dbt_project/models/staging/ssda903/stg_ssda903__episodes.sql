with source as (
    select * from {{ current_delivery('ssda903', 'episodes') }}
)

select
    pseudonymise(child) || ':' || decom as episode_key,
    pseudonymise(child) as child_key,
    {{ as_date('decom') }} as started_on,
    {{ as_date('dec') }} as ceased_on,
    rne as reason_new_episode,
    ls as legal_status,
    ls in ('V3', 'V4') as is_short_break,
    cin as category_of_need,
    place as placement_type,
    place_provider as placement_provider,
    rec as reason_ceased,
    reason_place_change,
    {{ normalised_postcode('home_post') }} as home_postcode,
    {{ normalised_postcode('pl_post') }} as placement_postcode,
    urn as placement_urn,
    _delivery as delivery,
    _row_number as source_row_number
from source
