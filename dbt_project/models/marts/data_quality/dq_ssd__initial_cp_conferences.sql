{# Relational data-quality warnings on the current SSD initial child protection conferences.
   The rows stay loaded; a conference counts for the S47 measure only through a valid S47 link. #}
with conferences as (
    select * from {{ ref('stg_ssd__initial_cp_conferences') }}
),

enquiries as (
    select s47_enquiry_id, person_key from {{ ref('stg_ssd__s47_enquiries') }}
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
),

linked as (
    select conferences.*, enquiries.s47_enquiry_id is not null as s47_found, enquiries.person_key as s47_person_key
    from conferences
    left join enquiries using (s47_enquiry_id)
),

checks as (
    select 'duplicate_icpc_id' as rule_code,
           'ICPC id repeated in the extract: the first row is used, the repeats are ignored' as description,
           coalesce(sum(id_copies - 1), 0) as rows_affected
    from linked
    union all
    select 'icpc_s47_not_found',
           'ICPC linked to an S47 enquiry id that is not in ssd_s47_enquiry (or was quarantined): it counts for no enquiry',
           count(*) filter (where s47_enquiry_id is not null and not s47_found)
    from linked
    union all
    select 'icpc_without_s47',
           'ICPC has no S47 enquiry id and is not a transfer-in conference: it counts for no enquiry',
           count(*) filter (where s47_enquiry_id is null and not coalesce(is_transfer_in, false))
    from linked
    union all
    select 'icpc_person_differs_from_s47',
           'ICPC person differs from the person of its S47 enquiry: the link by S47 id is used',
           count(*) filter (where s47_found and person_key <> s47_person_key)
    from linked
    union all
    select 'icpc_person_not_in_ssd_person',
           'ICPC person id not in ssd_person',
           count(*) filter (where person_key not in (select person_key from persons where person_key is not null))
    from linked
)

select 'ssd' as source, 'ssd_initial_cp_conference' as table_name,
       (select max(delivery) from conferences) as delivery,
       rule_code, 'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
