{# Values with target, RAG and direction of travel against the previous period of the same
   kind (dot) and the same period a year earlier (dot_year), via the shared macros. #}
with periods as (
    select * from {{ ref('indicator_periods') }}
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

compared as (
    select
        periods.*,
        catalogue.target,
        catalogue.tolerance,
        catalogue.dot_threshold,
        catalogue.polarity,
        catalogue.benchmark_england,
        catalogue.benchmark_statistical_neighbours,
        catalogue.benchmark_good_plus,
        previous.value as previous_value,
        year_before.value as year_before_value
    from periods
    join catalogue using (indicator_id)
    left join periods as previous
        on previous.indicator_id = periods.indicator_id
            and previous.period_type = periods.period_type
            and previous.period_start = periods.period_start
            - case periods.period_type when 'month' then interval 1 month else interval 3 month end
    left join periods as year_before
        on year_before.indicator_id = periods.indicator_id
            and year_before.period_type = periods.period_type
            and year_before.period_start = periods.period_start - interval 12 month
)

select
    indicator_id,
    period_type,
    period_label,
    period_start,
    period_end,
    numerator::bigint as numerator,
    denominator::bigint as denominator,
    value,
    target,
    {{ rag_rating('value', 'target', 'tolerance', 'polarity') }} as rag,
    {{ direction_of_travel('value', 'previous_value', 'dot_threshold', 'polarity') }} as dot,
    {{ direction_of_travel('value', 'year_before_value', 'dot_threshold', 'polarity') }} as dot_year,
    benchmark_england,
    benchmark_statistical_neighbours,
    benchmark_good_plus
from compared
