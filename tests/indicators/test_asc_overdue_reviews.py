"""ASC_OVERDUE_REVIEWS: distinct persons with a `Service` event whose Service_Type begins
`Long Term Support` open at `end`, whose latest `Review` ended on or before `end` ended more
than 365 days before `end`, or, with no such review, whose earliest open long-term service
started more than 365 days before `end`. Calendar days: end - date.

Delivery 2024-04-05 (last month 2024-03). The months reported are the 36 before (the first
record is 2021-01-01); asserted: 29 Feb 2024 (a leap-year span) and 31 Mar 2024.

By hand (days = end - date; overdue when > 365):
 person: LTS open; reviews                                  | 29 Feb 2024        | 31 Mar 2024
 P1:  LTS 2022-01-01; review ended 2023-04-01               | 334 no             | 365 no
 P2:  LTS 2022-01-01; review ended 2023-03-31               | 335 no             | 366 YES
 P3:  LTS 2022-01-01; review ended 2023-02-28               | 366 YES (leap)     | 397 YES
 P4:  LTS 2022-01-01; review ended 2023-03-01               | 365 no (leap)      | 396 YES
 P5:  LTS 2022-06-01; reviews ended 2023-01-10 and          | 415 YES            | 446 YES
      2024-04-02 (after both ends: ignored)                 |                    |
 P6:  LTS 2022-05-01; review 2024-03-01 with no end date    | no ended review:   | no ended review:
      (not ended: ignored)                                  | LTS 669 YES        | LTS 700 YES
 P7:  two open LTS, 2023-03-31 and 2023-06-01; no reviews   | earliest 335 no    | earliest 366 YES (once)
 P8:  short-term ST-Max only, since 2022-01-01              | excluded           | excluded
 P9:  LTS 2023-04-01; no reviews                            | 334 no             | 365 no
 P10: LTS 2021-01-01 -> 2024-03-31; no reviews              | open: 1154 YES     | ended on end: excluded
 P11: 'long term support:  nursing care' (case/spacing)     | 789 YES            | 820 YES
      since 2022-01-01; no reviews                          |                    |
 P12: LTS 2020-01-01; review ended 2024-02-01               | 28 no              | 59 no
 P14: LTS 2022-01-01; reviews ended 2023-01-01 and          | 424 YES (the later | 0 no (ended on the
      2024-03-31                                            | one is after end)  | month end: counts)
 P15: LTS 2022-01-01; no reviews of their own (P16's        | 789 YES            | 820 YES
      review does not count for P15)                        |                    |
 P16: a review ended 2024-03-01, no service                 | excluded           | excluded
February: P3, P5, P6, P10, P11, P14, P15 = 7.  March: P2, P3, P4, P5, P6, P7, P11, P15 = 8.
2023/24 Q4 repeats March: 8.
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CLD_HEADER, LTS, cld


def lts(person, start, end="", service_type=LTS):
    return cld(person, "Service", start, end, Service_Type=service_type, Service_Component="Home Care")


def review(person, start, end=""):
    return cld(person, "Review", start, end, Review_Reason="Planned")


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("asc_reviews"))
    extracts.write(
        "adults",
        "2024-04-05",
        "cld_events",
        CLD_HEADER,
        [
            lts("P1", "2022-01-01"),
            review("P1", "2023-03-20", "2023-04-01"),
            lts("P2", "2022-01-01"),
            review("P2", "2023-03-20", "2023-03-31"),
            lts("P3", "2022-01-01"),
            review("P3", "2023-02-20", "2023-02-28"),
            lts("P4", "2022-01-01"),
            review("P4", "2023-02-20", "01/03/2023"),
            lts("P5", "2022-06-01"),
            review("P5", "2023-01-02", "2023-01-10"),
            review("P5", "2024-03-20", "2024-04-02"),
            lts("P6", "2022-05-01"),
            review("P6", "2024-03-01"),
            lts("P7", "2023-03-31", service_type="Long Term Support: Residential Care"),
            lts("P7", "2023-06-01"),
            lts("P8", "2022-01-01", service_type="Short Term Support: ST-Max"),
            lts("P9", "2023-04-01"),
            lts("P10", "2021-01-01", "2024-03-31"),
            lts("P11", "2022-01-01", service_type="long term support:  nursing care"),
            lts("P12", "2020-01-01", "2021-01-01"),
            lts("P12", "2021-01-01"),
            review("P12", "2024-01-20", "2024-02-01"),
            lts("P14", "2022-01-01"),
            review("P14", "2022-12-20", "2023-01-01"),
            review("P14", "2024-03-25", "2024-03-31"),
            lts("P15", "2022-01-01"),
            review("P16", "2024-02-20", "2024-03-01"),
        ],
    )
    return extracts.build(postcode_dir)


def test_leap_year_month_end(build):
    assert build.values("ASC_OVERDUE_REVIEWS")["2024-02"][:3] == (7, None, 7.0)


def test_march_month_end(build):
    assert build.values("ASC_OVERDUE_REVIEWS")["2024-03"][:3] == (8, None, 8.0)
    assert build.values("ASC_OVERDUE_REVIEWS", "quarter")["2023/24 Q4"][:3] == (8, None, 8.0)


def test_overdue_people_by_name(build):
    """The same answers person by person, through the intermediate cohort (pseudonymised keys
    are matched back via the staging model's delivered row numbers)."""
    rows = build.query("""
        with people as (
            select distinct e.person_key, r.la_person_unique_identifier as person
            from staging.stg_adults__cld_events as e
            join raw_adults.cld_events as r on r._row_number = e.source_row_number
        )
        select strftime(c.month_end, '%Y-%m'), people.person, c.is_review_overdue
        from intermediate.int_long_term_clients_at_month_ends as c join people using (person_key)
        where c.month_end in (date '2024-02-29', date '2024-03-31')
        order by 1, 2
    """)
    overdue = {(month, person) for month, person, flag in rows if flag}
    cohort = {(month, person) for month, person, _ in rows}
    assert overdue == {("2024-02", p) for p in ("P3", "P5", "P6", "P10", "P11", "P14", "P15")} | {
        ("2024-03", p) for p in ("P2", "P3", "P4", "P5", "P6", "P7", "P11", "P15")
    }
    assert ("2024-03", "P10") not in cohort  # ended on the month end
    assert not any(person in ("P8", "P16") for _, person in cohort)  # no long-term support


def test_two_open_services_count_once_from_the_earliest(build):
    rows = build.query("""
        select open_long_term_services, earliest_open_service_started_on, latest_review_ended_on
        from intermediate.int_long_term_clients_at_month_ends
        where month_end = date '2024-03-31' and open_long_term_services = 2
    """)
    from datetime import date

    assert rows == [(2, date(2023, 3, 31), None)]
