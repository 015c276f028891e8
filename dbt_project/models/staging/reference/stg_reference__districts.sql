select district_code, district_name, upper_tier_code, upper_tier_name
from {{ ref('district_upper_tier') }}
