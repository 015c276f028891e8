{# Every stored row of a raw snapshot table under each delivery it belongs to (a delivery
   identical to an earlier file is that file's rows), with the record id, a hash of all its
   columns and its dates: what the restatement counts compare between two deliveries. #}
{% macro dq_delivery_rows(table) -%}
    {%- set columns = table['columns'] -%}
    select
        '{{ table["source"] }}' as source,
        '{{ table["table"] }}' as table_name,
        files.delivery,
        coalesce({{ dq_record_id('raw', table['record_id']) }}, 'row ' || raw._row_number) as record_id,
        md5(concat_ws('|'{% for column in columns %}, coalesce(raw."{{ column }}", '')::varchar{% endfor %})) as row_hash,
        unnest([{% for column in table['date_columns'] %}try_cast(raw."{{ column }}" as date){% if not loop.last %}, {% endif %}{% endfor %}])
            as activity_date
    from {{ source(table['source'], table['table']) }} as raw
    inner join delivery_files as files
        on files.source = '{{ table["source"] }}' and files.table_name = '{{ table["table"] }}'
        and raw._file_name = files.stored_file_name
{%- endmacro %}
