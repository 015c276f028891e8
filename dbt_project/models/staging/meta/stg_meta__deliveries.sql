select distinct
    source,
    mode,
    delivery,
    case mode
        when 'snapshot' then try_cast(delivery as date)
        when 'incremental' then try_cast(delivery || '-01' as date)
    end as delivery_date
from {{ source('meta', 'file_register') }}
where status in ('loaded', 'duplicate')
