{# GIAS establishment types: the list shipped with the project, extended and overridden by
   the council's own GIAS download (its row wins for a URN in both). #}
with supplied as (
    select
        urn, establishment_name, type_of_establishment_code, type_of_establishment_name,
        'supplied' as listed_in
    from {{ ref('stg_reference__gias_supplied_establishments') }}
    where urn is not null
),

shipped as (
    select
        urn, establishment_name, type_of_establishment_code, type_of_establishment_name,
        'shipped' as listed_in
    from {{ ref('stg_reference__gias_shipped_establishments') }}
    where urn not in (select urn from supplied)
)

select * from supplied
union all
select * from shipped
