{# People in the current SSD delivery, one row per person id (the last row in the file where an id is
   repeated; repeats are counted in id_copies). Names are dropped; ids, the NHS number and UPN
   become keyed pseudonyms; dates of birth, expected birth and death are reduced to the month. #}
with source as (
    select * from {{ current_delivery('ssd', 'ssd_person') }}
)

select
    pseudonymise(pers_person_id) as person_key,
    pseudonymise(pers_legacy_id) as legacy_person_key,
    pers_sex as sex,
    pers_gender as gender,
    pers_ethnicity as ethnicity,
    date_trunc('month', {{ as_date('pers_dob') }})::date as birth_month,
    date_trunc('month', {{ as_date('pers_expected_dob') }})::date as expected_birth_month,
    date_trunc('month', {{ as_date('pers_death_date') }})::date as death_month,
    pseudonymise(replace(pers_common_child_id, ' ', '')) as nhs_number_key,
    pseudonymise(pers_upn) as upn_key,
    pseudonymise(pers_single_unique_id) as single_unique_key,
    pers_upn_unknown as upn_unknown_reason,
    {{ flag_value('pers_send_flag') }} as has_ehc_plan,
    {{ flag_value('pers_is_mother') }} as is_mother,
    pers_nationality as nationality,
    count(*) over (partition by upper(trim(pers_person_id))) as id_copies,
    _delivery as delivery,
    _row_number as source_row_number
from source
qualify row_number() over (partition by upper(trim(pers_person_id)) order by _row_number desc) = 1
