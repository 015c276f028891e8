{# The shared envelope of every relational DQ model: one row per rule hit per record, with
   the raw row's delivery, file, file row number and record id. `records` is a relation with
   `delivery` and `source_row_number` (as staging carries them); `rules` maps each rule code
   (stated in schemas/dq_rules.py) to the condition a record of `records` hits it under. #}
{% macro dq_hits(source_name, table_name, records, rules) -%}
    {%- set table = dq_table(source_name, table_name) -%}
select
    hits.rule_code,
    '{{ source_name }}' as source,
    '{{ table_name }}' as table_name,
    raw._delivery as delivery,
    raw._file_name as file_name,
    raw._row_number as row_number,
    {{ dq_record_id('raw', table['record_id']) }} as record_id
from (
    {% for rule_code, condition in rules.items() -%}
        select '{{ rule_code }}' as rule_code, delivery, source_row_number from {{ records }} where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
) as hits
inner join {{ source(source_name, table_name) }} as raw
    on raw._delivery = hits.delivery and raw._row_number = hits.source_row_number
{%- endmacro %}
