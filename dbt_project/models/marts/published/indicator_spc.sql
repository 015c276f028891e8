{# NHS "Making Data Count" XmR chart per indicator over its monthly values.

   Baseline: one partition per indicator, every non-NULL month in the published window (at most
   SCRUTINY_HISTORY_MONTHS, default 36), no outlier screening (MDC's SQL default). With fewer
   than 15 points there are no limits, rules, variation or assurance (MDC's run-chart rule).
   mean = the points' mean; MR = |x - previous x|; limits = mean +/- 2.66 x mean MR;
   sigma = 2.66 x mean MR / 3.
   Rules (a point carries the first that fires, PlotTheDots' order):
     1 outside_limits  the point is above the upper or below the lower limit;
     2 trend           part of 7 or more points each higher (or each lower) than the one
                       before, endpoints included; a tie breaks the run;
     3 two_of_three    2 or 3 of 3 consecutive points beyond the same 2-sigma line with all
                       three on the same side of the mean; points beyond the limits count
                       (the variant MDC announced in 2023); the points beyond 2 sigma are marked;
     4 shift           part of 7 or more consecutive points on the same side of the mean; a
                       point on the mean breaks the run.
   variation: improvement or concern by polarity and the side the rule points to (trend: its
   direction), common_cause without a rule. assurance: higher is better: target <= lower limit
   pass, target >= upper limit fail, otherwise hit_or_miss (mirrored for lower is better);
   NULL without a target or limits. #}
with months as (
    select
        indicator_id,
        period_start,
        value,
        target
    from {{ ref('indicator_values') }}
    where period_type = 'month'
),

catalogue as (
    select
        indicator_id,
        polarity
    from {{ ref('indicator_catalogue') }}
),

points as (
    select
        indicator_id,
        period_start,
        value,
        row_number() over (partition by indicator_id order by period_start) as point_number,
        abs(value - lag(value) over (partition by indicator_id order by period_start)) as moving_range
    from months
    where value is not null
),

baseline as (
    select
        indicator_id,
        count(*) as point_count,
        avg(value) as mean,
        avg(moving_range) as mean_moving_range
    from points
    group by indicator_id
),

limits as (
    select
        points.*,
        baseline.mean,
        case when baseline.point_count >= 15 then baseline.mean + 2.66 * baseline.mean_moving_range end as upper_limit,
        case when baseline.point_count >= 15 then baseline.mean - 2.66 * baseline.mean_moving_range end as lower_limit,
        case when baseline.point_count >= 15 then 2.66 * baseline.mean_moving_range / 3 end as sigma
    from points
    inner join baseline using (indicator_id)
),

indicator_limits as (
    select distinct
        indicator_id,
        upper_limit,
        lower_limit
    from limits
),

sided as (
    select
        *,
        sign(round(value - mean, 9)) as side,
        coalesce(sign(round(value - lag(value) over (partition by indicator_id order by point_number), 9)), 0)
            as step,
        case
            when round(value - mean, 9) > 0 and value >= mean + 2 * sigma then 1
            when round(value - mean, 9) < 0 and value <= mean - 2 * sigma then -1
            else 0
        end as beyond_two_sigma
    from limits
),

runs as (
    select
        *,
        {{ consecutive_run_id('side', 'point_number') }} as side_run,
        {{ consecutive_run_id('step', 'point_number') }} as step_run
    from sided
),

run_lengths as (
    select
        *,
        count(*) over (partition by indicator_id, side, side_run) as side_run_points,
        count(*) over (partition by indicator_id, step, step_run) as step_run_steps,
        min(point_number) over (partition by indicator_id, step, step_run) as step_run_first
    from runs
),

flagged as (
    select
        *,
        -- a point is in a trend when its own step belongs to a run of 6 or more steps, or when
        -- it is the point such a run starts from (the one before the run's first step)
        case
            when step <> 0 and step_run_steps >= 6 then step
            when lead(step) over w <> 0 and lead(step_run_steps) over w >= 6
                and lead(step_run_first) over w = point_number + 1 then lead(step) over w
        end as trend_direction,
        -- 2 of 3: the point is beyond 2 sigma and one of the three windows of three consecutive
        -- points that hold it has all three on its side and at least two beyond 2 sigma there
        beyond_two_sigma <> 0 and (
            (
                lag(side, 2) over w = side and lag(side, 1) over w = side
                and (lag(beyond_two_sigma, 2) over w = side)::int
                + (lag(beyond_two_sigma, 1) over w = side)::int >= 1
            )
            or (
                lag(side, 1) over w = side and lead(side, 1) over w = side
                and (lag(beyond_two_sigma, 1) over w = side)::int
                + (lead(beyond_two_sigma, 1) over w = side)::int >= 1
            )
            or (
                lead(side, 1) over w = side and lead(side, 2) over w = side
                and (lead(beyond_two_sigma, 1) over w = side)::int
                + (lead(beyond_two_sigma, 2) over w = side)::int >= 1
            )
        ) as two_of_three
    from run_lengths
    window w as (partition by indicator_id order by point_number)
),

ruled as (
    select
        *,
        case
            when upper_limit is null then null
            when value > upper_limit or value < lower_limit then 'outside_limits'
            when trend_direction is not null then 'trend'
            when two_of_three then 'two_of_three'
            when side <> 0 and side_run_points >= 7 then 'shift'
        end as special_cause
    from flagged
),

directed as (
    select
        *,
        case special_cause
            when 'outside_limits' then case when value > upper_limit then 1 else -1 end
            when 'trend' then trend_direction
            when 'two_of_three' then side
            when 'shift' then side
        end as cause_direction
    from ruled
)

select
    months.indicator_id,
    months.period_start,
    months.value,
    baseline.mean,
    limits_of.upper_limit,
    limits_of.lower_limit,
    directed.special_cause,
    case
        when directed.upper_limit is null then null
        when directed.special_cause is null then 'common_cause'
        when directed.cause_direction = {{ polarity_sign('catalogue.polarity') }} then 'improvement'
        else 'concern'
    end as variation,
    case
        when months.target is null or limits_of.upper_limit is null then null
        when catalogue.polarity = 'higher_is_better' and months.target <= limits_of.lower_limit then 'pass'
        when catalogue.polarity = 'higher_is_better' and months.target >= limits_of.upper_limit then 'fail'
        when catalogue.polarity = 'lower_is_better' and months.target >= limits_of.upper_limit then 'pass'
        when catalogue.polarity = 'lower_is_better' and months.target <= limits_of.lower_limit then 'fail'
        else 'hit_or_miss'
    end as assurance
from months
inner join catalogue using (indicator_id)
left join baseline on months.indicator_id = baseline.indicator_id
left join indicator_limits as limits_of
    on months.indicator_id = limits_of.indicator_id
left join directed
    on months.indicator_id = directed.indicator_id and months.period_start = directed.period_start
