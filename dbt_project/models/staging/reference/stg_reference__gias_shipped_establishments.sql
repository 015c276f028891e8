select
    {{ normalised_urn('urn') }} as urn,
    establishment_name,
    type_of_establishment_code::integer as type_of_establishment_code,
    type_of_establishment_name
from {{ ref('gias_establishment_types') }}
