{# Data-quality warnings on the service commentary, per quarter delivered. #}
with narratives as (
    select * from {{ ref('stg_commentary__narratives') }}
),

catalogue as (
    select indicator_id from {{ ref('indicator_catalogue') }}
),

checks as (
    select quarter as delivery,
           'unknown_indicator' as rule_code,
           'indicator_id is not in the indicator catalogue: the commentary is not shown in the exceptions report' as description,
           count(*) filter (where catalogue.indicator_id is null) as rows_affected
    from narratives
    left join catalogue on catalogue.indicator_id = narratives.indicator_id
    group by quarter
    union all
    select quarter,
           'repeated_indicator',
           'the quarter''s commentary has more than one row for an indicator: the last row is used',
           sum(rows_for_indicator - 1)
    from narratives
    group by quarter
)

select 'commentary' as source, 'commentary' as table_name, delivery, rule_code,
       'warning' as severity, description, rows_affected
from checks
where rows_affected > 0
