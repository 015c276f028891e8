select
    indicator_id,
    title,
    service_area,
    unit,
    polarity,
    target,
    tolerance,
    dot_threshold,
    definition,
    source,
    target_source
from {{ ref('indicator_catalogue') }}
