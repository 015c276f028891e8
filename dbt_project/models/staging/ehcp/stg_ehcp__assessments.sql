{# EHC needs assessments in the current delivery. Outcome Y with an outcome date is a plan
   issued on that date. The 20-week exception flag is 1 (exceptions apply) or 0; a blank counts
   as 0 (contract section 3; any other value was quarantined at ingest). A repeated assessment
   id keeps its last row in the file (docs/data-quality.md). #}
with source as (
    select * from {{ current_delivery('ehcp', 'ssd_ehcp_assessment') }}
)

select
    ehca_ehcp_assessment_id as assessment_id,
    ehca_ehcp_request_id as request_id,
    {{ as_date('ehca_ehcp_assessment_outcome_date') }} as outcome_on,
    ehca_ehcp_assessment_outcome as outcome,
    coalesce(ehca_ehcp_assessment_exceptions = '1', false) as has_20_week_exception,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by ehca_ehcp_assessment_id order by _row_number desc) = 1
