{# Each 903 episode with where home and placement are: district, upper-tier authority,
   country and straight-line distance. Postcodes stop here; only the geography goes on. #}
with episodes as (
    select * from {{ ref('stg_ssda903__episodes') }}
),

postcodes as (
    select * from {{ ref('stg_reference__postcodes') }}
),

districts as (
    select * from {{ ref('stg_reference__districts') }}
),

located as (
    select
        episodes.* exclude (home_postcode, placement_postcode),
        episodes.home_postcode is not null as has_home_postcode,
        episodes.placement_postcode is not null as has_placement_postcode,
        home.district_code as home_district_code,
        home.country as home_country,
        placement.district_code as placement_district_code,
        coalesce(districts.upper_tier_code, placement.district_code) as placement_authority_code,
        placement.country as placement_country,
        case
            when home.country = 'England'
                and home.easting is not null and home.northing is not null
                and placement.easting is not null and placement.northing is not null
                then round(sqrt(
                        power(placement.easting - home.easting, 2)
                        + power(placement.northing - home.northing, 2)
                    ) / 1000 / 1.6093, 1)
        end as placement_distance_miles
    from episodes
    left join postcodes as home on home.postcode = episodes.home_postcode
    left join postcodes as placement on placement.postcode = episodes.placement_postcode
    left join districts on districts.district_code = placement.district_code
)

select
    *,
    placement_authority_code is not null
    and placement_authority_code <> '{{ var("la_code") }}' as is_placed_outside,
    coalesce(placement_distance_miles > 20.0, false) as is_placed_over_20_miles
from located
