select
    indicator_id, title, service_area, unit, polarity, target, tolerance, dot_threshold, definition, source
from {{ ref('indicator_catalogue') }}
