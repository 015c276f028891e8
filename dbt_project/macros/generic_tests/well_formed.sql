{# A model's row rules as one test (one dbt node, one Dagster check): every dbt test is a node,
   and a node costs ~45 ms of dbt's time whatever it checks, so a model's key, required
   columns and code lists are checked together rather than a test each. One row per broken
   rule with how many rows break it:
     key           the columns that identify a row (one column: blanks ignored, as dbt's unique)
     required      columns never blank
     accepted      {column: [values]}: the only values the column holds (blanks allowed)
     schema_codes  {column: {source, table, raw_column}}: the raw column's code list in
                   schemas/<source>.py, read through the generated registry (raw_column
                   defaults to the column's own name) #}
{% test well_formed(model, key=none, required=none, accepted=none, schema_codes=none) -%}
    {%- set rules = [] -%}
    {%- for column in required or [] -%}
        {%- do rules.append(('blank', column, column ~ ' is null')) -%}
    {%- endfor -%}
    {%- for column, values in (accepted or {}).items() -%}
        {%- do rules.append(('value not accepted', column, column ~ " not in ('" ~ values | join("', '") ~ "')")) -%}
    {%- endfor -%}
    {%- for column, codes in (schema_codes or {}).items() -%}
        {%- set listed = schema_code_list(codes.source, codes.table, codes.raw_column or column) -%}
        {%- do rules.append(('code not in schemas/' ~ codes.source ~ '.py', column, column ~ ' not in (' ~ listed ~ ')')) -%}
    {%- endfor -%}
select
    problem,
    column_name,
    failing_rows
from (
    select null as problem, null as column_name, 0 as failing_rows  -- the union's start; each rule joins it
    {% if key -%}
        union all
        select
            'repeated key' as problem,
            '{{ key | join(", ") }}' as column_name,
            coalesce(sum(copies), 0) as failing_rows
        from (
            select count(*) as copies
            from {{ model }}
            {% if key | length == 1 %}where {{ key[0] }} is not null{% endif %}
            group by {{ key | join(', ') }}
            having count(*) > 1
        )
    {% endif %}
    {% for problem, column, broken in rules -%}
        union all
        select '{{ problem }}' as problem, '{{ column }}' as column_name, count(*) as failing_rows
        from {{ model }}
        where {{ broken }}
    {% endfor %}
)
where failing_rows > 0
{%- endtest %}
