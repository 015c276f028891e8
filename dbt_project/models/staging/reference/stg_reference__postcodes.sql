select
    postcode,
    district_code,
    case left(district_code, 1) when 'E' then 'England' when 'W' then 'Wales' when 'S' then 'Scotland' end as country,
    easting,
    northing
from {{ source('reference', 'postcodes') }}
