"""Casts in dbt never fail on a value: a number too large for its column type becomes NULL in
staging (try_cast), dbt builds, and the value appears in no dbt log and no mart table.

Delivery 2025-10-03, last month 2025-09; the first record (S1, 2025-09-01) starts the months,
so the only month is September 2025.

By hand:
  S1 Service 2025-09-01, birth year 1940                 -> not a Request
  R1 Request 2025-09-10, Der_Birth_Year 123456789012     -> loads (a whole number >= 1900);
     past a 32-bit integer, so staging's birth_year and birth_month are NULL; counted
  R2 Request 2025-09-12, Der_Birth_Year 1955, Der_Birth_Month 98765432109876543210987
     (past any 64-bit integer)                            -> whatever ingest decides, never a
     dbt failure: if loaded, birth_month is NULL (month not 1-12) and it is counted
So ASC_CONTACTS September = 1 + (R2 loaded).
"""

import pytest

from tests.harness import Extracts
from tests.indicators.cld_ta_rows import CLD_HEADER, cld

HUGE_YEAR = "123456789012"
HUGE_MONTH = "98765432109876543210987"


@pytest.fixture(scope="module")
def build(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("out_of_range"))
    route = {"Request_Route_of_Access": "Community / Other route"}
    extracts.write(
        "adults",
        "2025-10-03",
        "cld_events",
        CLD_HEADER,
        [
            cld("1", "Service", "2025-09-01", Service_Type="Long Term Support: Community"),
            cld("2", "Request", "2025-09-10", Der_Birth_Year=HUGE_YEAR, **route),
            cld("3", "Request", "2025-09-12", Der_Birth_Year="1955", Der_Birth_Month=HUGE_MONTH, **route),
        ],
    )
    return extracts.build(postcode_dir, dbt_file_log=True)  # dbt's debug log, every statement it ran


def test_dbt_builds_and_the_huge_numbers_become_null(build):
    staged = build.query(
        "select birth_year, birth_month from staging.stg_adults__cld_events where event_type = 'Request'"
    )
    assert (None, None) in staged
    r2_loaded = build.query(
        "select count(*) from raw_adults.cld_events where der_birth_month::varchar = ?", [HUGE_MONTH]
    ) == [(1,)]
    assert build.values("ASC_CONTACTS")["2025-09"][0] == 1 + r2_loaded


def test_the_values_appear_in_no_dbt_log_and_no_mart(build):
    logs = [path for path in (build.settings.data_dir / "dbt_logs").rglob("*") if path.is_file()]
    assert logs
    text = build.dbt_output + "".join(path.read_text(errors="replace") for path in logs)
    with build.connect() as con:
        tables = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
        for (table,) in tables:
            text += "\n".join(map(str, con.execute(f'select * from marts."{table}"').fetchall()))
    assert HUGE_YEAR not in text and HUGE_MONTH not in text
