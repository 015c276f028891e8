{# The dates that place EHCP records in time (requests received, plans issued or refused,
   plans started, placements entered, appeals registered): the first of them starts the
   source's reporting months (source_activity_dates), whichever tables a council delivers. #}
select requested_on as activity_date from {{ ref('stg_ehcp__requests') }}
where requested_on is not null
union all
select outcome_on from {{ ref('stg_ehcp__assessments') }}
where outcome_on is not null
union all
select started_on from {{ ref('stg_ehcp__named_plans') }}
where started_on is not null
union all
select entered_on from {{ ref('stg_ehcp__placements') }}
where entered_on is not null
union all
select registered_on from {{ ref('stg_ehcp__tribunals') }}
where registered_on is not null
