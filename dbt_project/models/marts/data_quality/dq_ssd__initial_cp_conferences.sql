{# Relational DQ rules on the current SSD initial child protection conferences; a
   conference counts for the S47 measure only through a valid S47 link (schemas/dq_rules.py). #}
with conferences as (
    select * from {{ ref('stg_ssd__initial_cp_conferences') }}
),

enquiries as (
    select
        s47_enquiry_id,
        person_key
    from {{ ref('stg_ssd__s47_enquiries') }}
),

persons as (
    select person_key from {{ ref('stg_ssd__persons') }}
    where person_key is not null
),

records as (
    select
        conferences.*,
        enquiries.s47_enquiry_id is not null as s47_found,
        enquiries.person_key as s47_person_key,
        conferences.person_key in (select person_key from persons) as person_found
    from conferences
    left join enquiries on conferences.s47_enquiry_id = enquiries.s47_enquiry_id
)

{{ dq_hits('ssd', 'ssd_initial_cp_conference', 'records', {
    'icpc_s47_not_found': 's47_enquiry_id is not null and not s47_found',
    'icpc_without_s47': 's47_enquiry_id is null and not coalesce(is_transfer_in, false)',
    'icpc_person_differs_from_s47': 's47_found and person_key <> s47_person_key',
    'icpc_person_not_in_ssd_person': 'not person_found',
}) }}
