{# The dates the SSD's records are about: S47 enquiries (start, or end where the start is
   blank), conferences held and CP plan starts. Their first month starts the SSD indicators'
   history (source_activity_dates); dates of birth are not activity. #}
select 'ssd_s47_enquiry' as table_name, coalesce(started_on, ended_on) as activity_date
from {{ ref('stg_ssd__s47_enquiries') }}
union all
select 'ssd_initial_cp_conference' as table_name, held_on as activity_date
from {{ ref('stg_ssd__initial_cp_conferences') }}
union all
select 'ssd_cp_plans' as table_name, started_on as activity_date
from {{ ref('stg_ssd__cp_plans') }}
