{# The indicator models feeding indicator_periods: `ind_<id>` for every indicator_id of the
   catalogue seed. dbt cannot read a seed while it parses (and its `graph` is empty then), so
   the ids reach it in SCRUTINY_INDICATOR_IDS, which Settings.dbt_env() reads from the seed;
   every ref is then made at parse time and the graph shows each indicator upstream. #}
{% macro indicator_models(indicator_ids) -%}
    {%- set models = [] -%}
    {%- for indicator_id in indicator_ids.split(',') if indicator_id.strip() -%}
        {%- do models.append('ind_' ~ indicator_id.strip() | lower) -%}
    {%- endfor -%}
    {{ return(models) }}
{%- endmacro %}
