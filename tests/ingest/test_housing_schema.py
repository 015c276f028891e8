"""Bad input for the housing table: every row read is loaded or quarantined with its reasons;
case slips in codes are fixed with a warning and the row is loaded."""

import pytest

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts
from tests.indicators.cld_ta_rows import TA_HEADER, ta


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    extracts = Extracts(tmp_path_factory.mktemp("housing_schema"))
    extracts.write(
        "housing",
        "2025-10-03",
        "ta_placements",
        TA_HEADER,
        [
            ta("T1", "H1", "bb", "01/09/2025", children="2"),  # row 2: fine
            ta("T2", "H2", "B&B", "01/09/2025"),  # row 3: not an H-CLIC TA type
            ta("T3", "H3", "hostel", "29/02/2023"),  # row 4: 2023 has no 29 February
            ta("T4", "", "psl", "01/09/2025"),  # row 5: no household
            ta("T5", "H5", "Nightly_Paid", "2025-09-01", pregnant="y"),  # row 6: two case fixes, loaded
            ta("T6", "H6", "psl", "01/09/2025", children="-1"),  # row 7: below 0
            ta("T7", "H7", "psl", "01/09/2025", children="two"),  # row 8: not a whole number
            ta("T8", "H8", "psl", "01/09/2025", out_of_area="Yes"),  # row 9: not Y/N
            ta("T9", "H9", "", "01/09/2025"),  # row 10: no TA type
        ],
    )
    found = discover(extracts.raw)
    with connect(extracts.data / "warehouse.duckdb") as con:
        outcome = ingest_source(con, SOURCES["housing"], found.files["housing"])
        issues = con.execute(
            "select row_number, column_name, rule_code from meta.row_issues order by row_number, column_name"
        ).fetchall()
        warnings = con.execute(
            "select description, rows_affected from meta.file_warnings "
            "where rule_code = 'code_case_normalised' order by description"
        ).fetchall()
        loaded = con.execute(
            "select placement_id, ta_type, start_date, pregnant_member "
            "from raw_housing.ta_placements order by _row_number"
        ).fetchall()
    return outcome, issues, warnings, loaded


def test_rows_accounted_for(warehouse):
    outcome, *_ = warehouse
    [file] = outcome.files
    assert (file.rows_read, file.rows_loaded, file.rows_quarantined) == (9, 2, 7)


def test_quarantine_reasons(warehouse):
    _, issues, *_ = warehouse
    assert issues == [
        (3, "ta_type", "code_list"),
        (4, "start_date", "date_format"),
        (5, "household_id", "required"),
        (7, "dependent_children", "minimum"),
        (8, "dependent_children", "integer"),
        (9, "out_of_area", "code_list"),
        (10, "ta_type", "required"),
    ]


def test_case_fixed_with_a_warning_and_loaded(warehouse):
    *_, warnings, loaded = warehouse
    assert warnings == [
        ("pregnant_member: code case normalised to the standard's", 1),
        ("ta_type: code case normalised to the standard's", 1),
    ]
    assert loaded == [("T1", "bb", "2025-09-01", "N"), ("T5", "nightly_paid", "2025-09-01", "Y")]
