{# The rule hits of every run, kept per source, table and delivery (a later run of the same
   delivery replaces them), so that the next delivery's hits can be compared with these:
   relational rules are computed on a table's current delivery only. #}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='history_key') }}

select
    *,
    source || '/' || coalesce(table_name, '') || '/' || delivery as history_key,
    current_timestamp as recorded_at
from {{ ref('dq_record_hits') }}
