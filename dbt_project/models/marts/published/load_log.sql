{# Every file read (or that could not be read), with its row accounting. Duplicate
   deliveries of an already loaded file appear in dq_summary, not here. #}
select
    source,
    table_name,
    delivery,
    file_name,
    sha256,
    rows_read,
    rows_loaded,
    rows_quarantined,
    loaded_at
from {{ source('meta', 'file_register') }}
where status in ('loaded', 'unreadable')
