{# dq_rules (published): the rule registry of schemas/dq_rules.py (seed dq_rules) and the DfE
   SSDA903 rules the validator ran. The description says what the rule means and why it
   matters; fix says what to do in the source system. #}
with registry as (
    select * from {{ ref('dq_rules_registry') }}
),

dfe as (
    select distinct
        rule_code,
        table_name,
        description
    from {{ source('dq_dfe', 'ssda903_rules') }}
)

select
    rule_code,
    source,
    table_name,
    family,
    severity,
    description || ': ' || why || coalesce(' (' || nullif(indicators, '') || ')', '') as description,
    fix
from registry
union all
select
    rule_code,
    'ssda903' as source,
    table_name,
    'dfe' as family,
    'error' as severity,
    description,
    'correct the record in the case management system as the DfE SSDA903 validation rule describes, before the '
    || 'return is submitted' as fix
from dfe
