{# Every indicator's monthly rows (from its own model, one per catalogue row) and
   financial-quarter rows. A quarter repeats its last month's numerator, denominator and value;
   a quarter appears only when its last month is reported. Values are unrounded: 100 x num / den for percentages and rates,
   the count itself for counts, NULL when the denominator is 0. #}
with monthly as (
    {% for model in indicator_models(env_var('SCRUTINY_INDICATOR_IDS')) %}
        select indicator_id, period_start, period_end, numerator, denominator from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

catalogue as (
    select indicator_id, unit from {{ ref('indicator_catalogue') }}
),

periods as (
    select
        indicator_id,
        'month' as period_type,
        strftime(period_start, '%Y-%m') as period_label,
        period_start,
        period_end,
        numerator,
        denominator
    from monthly
    union all
    select
        indicator_id,
        'quarter' as period_type,
        {{ financial_quarter_label('period_end') }} as period_label,
        (date_trunc('month', period_end) - interval 2 month)::date as period_start,
        period_end,
        numerator,
        denominator
    from monthly
    where month(period_end) in (3, 6, 9, 12)
)

select
    periods.*,
    case
        when catalogue.unit = 'count' then numerator::double
        when denominator is null or denominator = 0 then null
        else 100.0 * numerator / denominator
    end as value
from periods
join catalogue using (indicator_id)
