{% macro current_delivery(source_name, table_name) -%}
{#- Snapshot sources: each delivery is the full history, so figures use the table's newest
    delivery that was loaded or found identical to a file already loaded. An identical file is
    stored once, so its rows are those of the file it repeats (possibly an older delivery's). -#}
    (select * from {{ source(source_name, table_name) }}
     where _file_name = (
        select coalesce(original.file_name, newest.file_name)
        from {{ source('meta', 'file_register') }} as newest
        left join {{ source('meta', 'file_register') }} as original
            on newest.status = 'duplicate' and original.status = 'loaded'
            and original.source = newest.source and original.table_name = newest.table_name
            and original.sha256 = newest.sha256
        where newest.source = '{{ source_name }}' and newest.table_name = '{{ table_name }}'
            and newest.status in ('loaded', 'duplicate')
        order by newest.delivery desc
        limit 1))
{%- endmacro %}
