"""PH_DEATHS_REG_5D_PCT: registrations with registration_date in M, not coroner-referred;
numerator: registration_date - mccd_received_date <= 5 calendar days; no MCCD date: denominator
only (and a DQ warning). Registration is incremental: every monthly delivery counts, a
re-delivered month replaces that month's rows, and a registration_id delivered twice is
taken from the newest delivery.

One module build, then July is re-delivered (a changed file at the same path) and the
warehouse rebuilt: the second build is checked in full, the first only for July.
"""

from __future__ import annotations

import pytest

from tests.harness import Extracts

HEADER = [
    "registration_id",
    "district",
    "office",
    "date_of_death",
    "mccd_received_date",
    "registration_date",
    "coroner_referred",
]
ID = "PH_DEATHS_REG_5D_PCT"


def row(rid, mccd, registered, coroner="N"):
    return [rid, "Dorset", "Weymouth", "", mccd, registered, coroner]


JUNE = [
    row("J1", "2025-06-02", "2025-06-06"),  # 4 days: num
    row("J2", "2025-06-02", "2025-06-10"),  # 8 days: den only
    row("J3", "2025-06-01", "2025-06-10"),  # 9 days here, but August's extract re-sends J3 (3 days)
]
JULY_FIRST = [
    row("A1", "2025-07-01", "2025-07-06"),  # 5 days: num (boundary)
    row("A2", "2025-07-01", "2025-07-07"),  # 6 days: den only
    row("A3", "2025-07-01", "2025-07-02", "Y"),  # coroner-referred: excluded
    row("A4", "", "2025-07-08"),  # no MCCD date: den only, DQ warning
    row("A5", "2025-07-26", "2025-07-31"),  # 5 days, last day of July: July num
    row("A6", "2025-07-10", "2025-07-11"),  # 1 day: num (withdrawn by the re-delivery)
]
JULY_REDELIVERED = [
    row("A1", "2025-07-01", "2025-07-06"),  # 5 days: num
    row("A2", "2025-07-02", "2025-07-07"),  # corrected MCCD date: 5 days: num
    row("A3", "2025-07-01", "2025-07-02", "Y"),  # coroner-referred: excluded
    row("A4", "", "2025-07-08"),  # no MCCD date: den only
    row("A5", "2025-07-26", "2025-07-31"),  # 5 days: num
    row("A7", "2025-07-14", "2025-07-21"),  # 7 days: den only (new)
    row("A8", "2025-07-15", "2025-07-17"),  # 2 days: num (new)
]
AUGUST = [
    row("G1", "2025-07-28", "2025-08-01"),  # MCCD in July, registered 1 Aug: 4 days, August num
    row("G2", "2025-07-29", "2025-07-30"),  # in August's folder but registered in July: July num
    row("G3", "2025-08-04", "2025-08-12"),  # 8 days: den only
    row("G4", "", "2025-08-05", "Y"),  # coroner-referred, no MCCD: excluded, no DQ warning
    row("G6", "2025-08-20", "2025-08-18"),  # registered before the MCCD date (-2 <= 5): num, DQ warning
    row("J3", "2025-06-07", "2025-06-10"),  # J3 again, newest delivery wins: 3 days, June num
]
# Hand-worked, after the re-delivery:
#   June:   J1 num, J2 den, J3 (August's copy) num                          -> 2 / 3
#   July:   A1, A2, A5, A8, G2 num; A4, A7 den only; A3 coroner out         -> 5 / 7
#   August: G1, G6 num; G3 den only; G4 coroner out                         -> 2 / 3
# Before the re-delivery July was A1, A5, A6, G2 num; A2, A4 den only     -> 4 / 6
# (had the re-delivery been added instead of replacing July: A1..A8 + G2 -> 7 / 9 with A6).


@pytest.fixture(scope="module")
def builds(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("deaths"))
    extracts.write("registration", "2025-06", "death_registrations", HEADER, JUNE)
    july = extracts.write("registration", "2025-07", "death_registrations", HEADER, JULY_FIRST)
    extracts.write("registration", "2025-08", "death_registrations", HEADER, AUGUST)
    first = extracts.build(postcode_dir)
    before = first.values(ID)
    extracts.write("registration", "2025-07", "death_registrations", HEADER, JULY_REDELIVERED)
    assert july.exists()
    second = extracts.build(postcode_dir)
    return before, second


def test_first_delivery_of_july(builds):
    before, _ = builds
    assert before["2025-07"][:2] == (4, 6)
    assert before["2025-07"][2] == pytest.approx(400 / 6)


def test_months_after_redelivery(builds):
    _, build = builds
    values = build.values(ID)
    # no snapshot source: the run's last month is the newest incremental month
    assert list(values) == ["2025-06", "2025-07", "2025-08"]
    assert values["2025-06"][:2] == (2, 3)
    assert values["2025-07"][:2] == (5, 7)
    assert values["2025-08"][:2] == (2, 3)
    assert values["2025-06"][2] == pytest.approx(200 / 3)
    assert values["2025-07"][2] == pytest.approx(500 / 7)
    assert values["2025-08"][2] == pytest.approx(200 / 3)
    assert values["2025-07"][3] == "Red"  # target 95, tolerance 5


def test_quarter_repeats_its_last_month(builds):
    _, build = builds
    quarters = build.values(ID, "quarter")
    assert list(quarters) == ["2025/26 Q1"]
    assert quarters["2025/26 Q1"][:2] == (2, 3)


def test_redelivery_replaced_the_month(builds):
    _, build = builds
    raw = build.query(
        "select registration_id from raw_registration.death_registrations "
        "where _delivery = '2025-07' order by registration_id"
    )
    assert [r[0] for r in raw] == ["A1", "A2", "A3", "A4", "A5", "A7", "A8"]
    register = build.query(
        "select delivery, rows_loaded from meta.file_register "
        "where source = 'registration' and status = 'loaded' order by delivery"
    )
    assert register == [("2025-06", 3), ("2025-07", 7), ("2025-08", 6)]


def test_data_quality_warnings(builds):
    _, build = builds
    dq = build.query(
        "select delivery, rule_code, rows_affected from marts.dq_summary "
        "where source = 'registration' order by delivery, rule_code"
    )
    assert dq == [
        ("2025-07", "missing_mccd_date", 1),
        ("2025-08", "duplicate_registration_id", 1),
        ("2025-08", "registered_before_mccd", 1),
        ("2025-08", "registered_outside_delivery_month", 2),
    ]


def test_registration_ids_pseudonymised(builds):
    _, build = builds
    keys = [r[0] for r in build.query("select registration_key from staging.stg_registration__death_registrations")]
    # 16 rows delivered, J3 twice: 15 registrations
    assert len(keys) == 15 and not {"J1", "A1", "G1"} & set(keys)
