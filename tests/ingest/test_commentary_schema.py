"""Commentary ingest: quarterly delivery folders, free text kept intact, blank ids quarantined."""

from __future__ import annotations

from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.harness import Extracts

HEADER = ["indicator_id", "narrative", "actions"]


def test_quarter_folders_and_free_text(tmp_path):
    extracts = Extracts(tmp_path)
    narrative = 'Performance fell, then "recovered", in September.\nA second paragraph, with commas.'
    extracts.write(
        "commentary",
        "2025-26-Q2",
        "commentary",
        HEADER,
        [
            ["PH_DEATHS_REG_5D_PCT", narrative, "Open more offices; recruit registrars."],  # 2 ok
            ["", "A narrative with no indicator.", ""],  # 3+ no id
        ],
    )
    extracts.write("commentary", "2025-Q2", "commentary", HEADER, [["CS_SEND_TRIBUNALS", "x", "y"]])
    found = discover(extracts.raw)
    assert [f.delivery for f in found.files["commentary"]] == ["2025-26-Q2"]
    assert [p for p, _ in found.problems["commentary"]] == ["commentary/2025-Q2"]
    with connect(extracts.data / "w.duckdb") as con:
        outcome = ingest_source(con, SOURCES["commentary"], found.files["commentary"], found.problems["commentary"])
        issues = con.execute(
            "select column_name, rule_code from meta.row_issues where source = 'commentary'"
        ).fetchall()
        rows = con.execute(
            "select _delivery, indicator_id, narrative, actions from raw_commentary.commentary"
        ).fetchall()
        misplaced = con.execute("select rule_code from meta.file_warnings where source = 'commentary'").fetchall()
    totals = outcome.totals()
    assert (totals["rows_read"], totals["rows_loaded"], totals["rows_quarantined"]) == (2, 1, 1)
    assert issues == [("indicator_id", "required")]
    assert rows == [("2025-26-Q2", "PH_DEATHS_REG_5D_PCT", narrative, "Open more offices; recruit registrars.")]
    assert misplaced == [("misplaced_file",)]
