{# Death registrations from ALL monthly deliveries (an incremental source: each delivery is one
   month's records, so there is no current_delivery here). A registration_id delivered more than
   once (say in its month and again in the next month's extract; matched upper-cased, as the
   pseudonym is) is kept once, from the newest
   delivery (then the last row of that file); `delivered_copies` > 1 marks it for the DQ report.
   The registration reference is pseudonymised. #}
with source as (
    select * from {{ source('registration', 'death_registrations') }}
),

typed as (
    select
        pseudonymise(registration_id) as registration_key,
        district,
        office,
        {{ as_date('date_of_death') }} as died_on,
        {{ as_date('mccd_received_date') }} as mccd_received_on,
        {{ as_date('registration_date') }} as registered_on,
        coroner_referred = 'Y' as is_coroner_referred,
        _delivery as delivery,
        _row_number as source_row_number,
        count(*) over (partition by upper(registration_id)) as delivered_copies,
        row_number()
            over (partition by upper(registration_id) order by _delivery desc, _row_number desc)
            as newest_first
    from source
)

select * exclude (newest_first)
from typed
where newest_first = 1
