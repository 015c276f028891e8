{# Every rule hit names a rule of dq_rules (the registry, or a DfE rule the validator ran). #}
{% test rule_is_registered(model) %}
select hits.rule_code, hits.source, hits.table_name
from {{ model }} as hits
left join {{ ref('dq_rules') }} as rules
    on hits.rule_code = rules.rule_code and hits.source = rules.source
    and hits.table_name is not distinct from rules.table_name
where rules.rule_code is null
{% endtest %}
