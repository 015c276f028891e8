"""Early years ingest: funded children and provider judgements, bad rows quarantined."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts

CHILDREN = ["child_id", "census_date", "provider_urn", "age", "funded_hours"]
PROVIDERS = ["provider_urn", "provider_name", "ofsted_judgement", "judgement_date"]


def ingest(raw: Path, warehouse: Path):
    found = discover(raw)
    with connect(warehouse) as con:
        outcome = ingest_source(con, SOURCES["early_years"], found.files["early_years"])
        issues = con.execute(
            "select table_name, row_number, column_name, rule_code from meta.row_issues "
            "where source = 'early_years' order by 1, 2, 3"
        ).fetchall()
        warnings = con.execute(
            "select table_name, rule_code, rows_affected from meta.file_warnings "
            "where source = 'early_years' order by 1, 2"
        ).fetchall()
        children = con.execute(
            "select child_id, census_date, age, funded_hours from raw_early_years.ey_funded_children "
            "order by _row_number"
        ).fetchall()
        providers = con.execute(
            "select provider_urn, ofsted_judgement, judgement_date from raw_early_years.ey_providers "
            "order by _row_number"
        ).fetchall()
    return outcome, issues, warnings, children, providers


def test_bad_rows_quarantined_and_case_fixed(tmp_path):
    extracts = Extracts(tmp_path)
    extracts.write(
        "early_years",
        "2025-10-03",
        "ey_funded_children",
        CHILDREN,
        [
            ["C1", "2025-05-15 00:00:00", "EY100001", "3", "15"],  # 2 ok
            ["C2", "15/05/2025", "EY100001", "4", "22.5"],  # 3 ok
            ["C3", "2025/05/15", "EY100001", "3", "15"],  # 4 bad date format
            ["C4", "2025-05-15", "EY100001", "3 yrs", "15"],  # 5 age not a number
            ["C5", "2025-05-15", "EY100001", "3", ""],  # 6 hours missing
            ["C6", "2025-05-15", "", "3", "15"],  # 7 provider missing
            ["", "2025-05-15", "EY100001", "3", "15"],  # 8 child missing
            ["C8", "2025-05-15", "EY100001", "4", "-15"],  # 9 negative hours
            ["C9", "2025-05-15", "EY100001", "4", "fifteen"],  # 10 hours not a number
        ],
    )
    extracts.write(
        "early_years",
        "2025-10-03",
        "ey_providers",
        PROVIDERS,
        [
            ["EY100001", "Little Acorns Pre-School", "Good", "12/03/2023"],  # 2 ok
            ["EY100002", "Rainbow Nursery", "Requires Improvement", "2024-06-01"],  # 3 case fix: loaded
            ["EY100003", "Owlets Day Nursery", "None", ""],  # 4 ok, no date
            ["EY100004", "Treetops Nursery", "Good+", "2024-06-01"],  # 5 not a judgement
            ["EY100005", "Childminder (Wool)", "", "2024-06-01"],  # 6 judgement missing
            ["EY100006", "Seahorses Pre-School", "good", "2024-06-31"],  # 7 no such day
        ],
    )
    outcome, issues, warnings, children, providers = ingest(extracts.raw, extracts.data / "w.duckdb")
    totals = outcome.totals()
    assert (totals["rows_read"], totals["rows_loaded"], totals["rows_quarantined"]) == (15, 5, 10)
    for f in outcome.files:
        assert f.rows_read == f.rows_loaded + f.rows_quarantined
    assert issues == [
        ("ey_funded_children", 4, "census_date", "date_format"),
        ("ey_funded_children", 5, "age", "integer"),
        ("ey_funded_children", 6, "funded_hours", "required"),
        ("ey_funded_children", 7, "provider_urn", "required"),
        ("ey_funded_children", 8, "child_id", "required"),
        ("ey_funded_children", 9, "funded_hours", "minimum"),
        ("ey_funded_children", 10, "funded_hours", "number"),
        ("ey_providers", 5, "ofsted_judgement", "code_list"),
        ("ey_providers", 6, "ofsted_judgement", "required"),
        ("ey_providers", 7, "judgement_date", "date_format"),
    ]
    # Both the 'Requires Improvement' row and the (quarantined) 'good' row had their case fixed.
    assert ("ey_providers", "code_case_normalised", 2) in warnings
    assert children == [("C1", "2025-05-15", "3", "15"), ("C2", "2025-05-15", "4", "22.5")]
    assert providers == [
        ("EY100001", "Good", "2023-03-12"),
        ("EY100002", "Requires improvement", "2024-06-01"),
        ("EY100003", "None", None),
    ]
