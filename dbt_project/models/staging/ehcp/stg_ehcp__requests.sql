{# Requests for an EHC needs assessment in the current delivery. requested_on (SEN2
   ReceivedDate) starts the 20-week clock. A repeated request id keeps its last row in the file
   (dq_ehcp__assessments counts the repeats). #}
with source as (
    select * from {{ current_delivery('ehcp', 'ssd_ehcp_requests') }}
)

select
    ehcr_ehcp_request_id as request_id,
    ehcr_send_table_id as send_table_id,
    {{ as_date('ehcr_ehcp_req_date') }} as requested_on,
    {{ as_date('ehcr_ehcp_req_outcome_date') }} as request_outcome_on,
    ehcr_ehcp_req_outcome as request_outcome,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by ehcr_ehcp_request_id order by _row_number desc) = 1
