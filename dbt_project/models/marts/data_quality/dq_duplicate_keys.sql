{# cross_row rule duplicate_key, for every table whose schema declares a key (`Table.key`):
   each row of a file that shares its key with another row of the same file, so both rows'
   file row numbers are listed (keys compared trimmed and case-folded, as staging does).
   Snapshot tables are checked in their current delivery, incremental and quarterly ones in every delivery. Rows with a blank key part are left to
   the structure rules. #}
{% for table in dq_registry()['tables'] if table['key'] %}
    {%- set rows = current_delivery(table['source'], table['table']) if table['mode'] == 'snapshot'
        else source(table['source'], table['table']) -%}
    {%- set present, keys = [], [] -%}
    {%- for column in table['key'] -%}
        {%- do present.append('raw."' ~ column ~ '" is not null') -%}
        {%- do keys.append('upper(trim(raw."' ~ column ~ '"))') -%}
    {%- endfor %}
    select
        'duplicate_key' as rule_code,
        '{{ table["source"] }}' as source,
        '{{ table["table"] }}' as table_name,
        raw._delivery as delivery,
        raw._file_name as file_name,
        raw._row_number as row_number,
        {{ dq_record_id('raw', table['record_id']) }} as record_id
    from {{ rows }} as raw
    where {{ present | join(' and ') }}
    qualify count(*) over (partition by raw._file_name, {{ keys | join(', ') }}) > 1
    {% if not loop.last %}union all{% endif %}
{% endfor %}
