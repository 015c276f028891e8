select holiday_date, title
from {{ ref('bank_holidays_england_wales') }}
