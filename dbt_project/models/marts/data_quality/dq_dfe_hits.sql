{# dfe rules: the hits Data to Insight's csc-validator-be-903 found in the newest 903
   delivery (written by the DfE validator asset; empty when it did not run). #}
select
    rule_code,
    'ssda903' as source,
    table_name,
    delivery,
    file_name,
    row_number,
    record_id
from {{ source('dq_dfe', 'ssda903_hits') }}
