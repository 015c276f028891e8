{# CS_EY_FUNDED_GOOD_PCT cohort per EY census: funded children aged 3 or 4, one row per child at
   their main provider (most funded hours at the census, hours summed where the same child and
   provider appear on several rows; ties go to the lowest provider_urn: numeric URNs compared as
   numbers, before alphanumeric ones such as EY123456, which compare as text), with that
   provider's latest Ofsted judgement dated on or before the census date. A provider missing
   from ey_providers, or with no dated judgement by then, has no judgement; `None` is no
   judgement either. The age filter comes first, so a 2-year-old's row cannot be a 3-year-old's
   main provider. #}
with children as (
    select census_date, child_key, provider_urn, sum(funded_hours) as funded_hours
    from {{ ref('stg_early_years__funded_children') }}
    where age in (3, 4)
    group by census_date, child_key, provider_urn
),

main_provider as (
    select *
    from children
    qualify row_number() over (
            partition by census_date, child_key
            order by funded_hours desc, try_cast(provider_urn as bigint) asc nulls last, provider_urn asc
        ) = 1
),

judgements as (
    select provider_urn, judgement, judged_on, source_row_number
    from {{ ref('stg_early_years__provider_judgements') }}
    where judged_on is not null
),

rated as (
    select
        main_provider.*,
        judgements.judgement,
        judgements.judged_on
    from main_provider
    left join judgements
        on judgements.provider_urn = main_provider.provider_urn
            and judgements.judged_on <= main_provider.census_date
    qualify row_number() over (
            partition by main_provider.census_date, main_provider.child_key
            order by judgements.judged_on desc nulls last, judgements.source_row_number desc
        ) = 1
)

select
    census_date,
    child_key,
    provider_urn,
    funded_hours,
    judgement,
    judged_on,
    coalesce(judgement <> 'None', false) as has_judgement,
    coalesce(judgement in ('Outstanding', 'Good', 'Met'), false) as is_met_good_or_outstanding
from rated
