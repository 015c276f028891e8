select
    {{ normalised_urn('urn') }} as urn,
    establishment_name,
    try_cast(type_of_establishment_code as integer) as type_of_establishment_code,
    type_of_establishment_name
from {{ ref('gias_establishment_types') }}
