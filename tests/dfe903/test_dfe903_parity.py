"""scrutiny's records of the DfE SSDA903 rules' hits equal the validator's own report, hit for hit.

A hand-built 903 delivery (2025-10-03, so collection year 2025/26 and rule set lac2025_26) with
deliberate errors, worked out from the DfE rules:
- header row 3 (child 1002): ETHNIC `WBRX` is not a code (rule 103); a girl looked after whose
  MOTHER is blank (393).
- episodes row 3 (1002): a K2 children's home without a URN (218); it ends X1 and the next
  episode is a placement change (RNE P) but no reason for the change is given (225, on the
  episode that ended).
- episodes row 4 (1002): CIN N3 where the period of care began with N1 (504).
- episodes row 5 (1003): RNE `Q` is not a code (143) and this first episode is not `S` (357);
  PR1 (own provision) with P1 (527) and, not being a foster placement, outside Dorset (1015).
The first delivery is ingested by the pipeline (which records the files' SHA-256s), then the
asset runs the validator and stores its hits; the oracle runs the validator's own API directly.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.dfe903 import assets as dfe903
from orchestration.defs.dfe903.validation import RULE_PREFIX
from orchestration.defs.ingest.assets import INGEST_ASSETS, raw_asset_key
from orchestration.defs.resources import ScrutinySettings
from orchestration.dfe903_runner import canonical_csv
from orchestration.lib.ingest import discover, ingest_source
from orchestration.lib.warehouse import connect
from schemas import SOURCES
from tests.dfe903.conftest import needs_validator, validator_report

DELIVERY = "2025-10-03"
HEADER = [
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
    "1001,M,15/06/2012,WBRI,A12345678901B,,",
    "1002,F,03/03/2009,WBRX,A12345678902C,,",
    "1003,M,20/11/2016,WBRI,A12345678903D,,",
]
EPISODES = [
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
    "1001,01/05/2025,S,C2,N1,U4,PR1,,,,BH19 2PD,BH21 2PJ,SC123456",
    "1002,10/04/2025,S,C2,N1,K2,PR4,20/06/2025,X1,,DT10 2PY,BH14 8YE,",
    "1002,20/06/2025,P,C2,N3,U6,PR4,,,,DT10 2PY,BH21 3QZ,SC654321",
    "1003,01/07/2025,Q,C2,N2,P1,PR1,,,,BH19 1PF,BH10 7AH,",
]
EXPECTED = {
    ("103", "header", 3),
    ("393", "header", 3),
    ("218", "episodes", 3),
    ("225", "episodes", 3),
    ("504", "episodes", 4),
    ("143", "episodes", 5),
    ("357", "episodes", 5),
    ("527", "episodes", 5),
    ("1015", "episodes", 5),
}


def deliver(raw: Path, delivery: str = DELIVERY, header=HEADER, episodes=EPISODES) -> dict[str, Path]:
    folder = raw / "ssda903" / delivery
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"header": folder / "header.csv", "episodes": folder / "episodes.csv"}
    for table, lines in (("header", header), ("episodes", episodes)):
        paths[table].write_text("\r\n".join(lines) + "\r\n")
    return paths


def ingest(root: Path) -> None:
    found = discover(root / "raw")
    with connect(root / "data" / "warehouse.duckdb") as con:
        ingest_source(con, SOURCES["ssda903"], found.files["ssda903"], found.problems.get("ssda903", []))


def materialize(root: Path, instance=None) -> dg.ExecuteInProcessResult:
    settings = ScrutinySettings(raw_dir=str(root / "raw"), data_dir=str(root / "data"))
    return dg.materialize([dfe903.dfe903_validation], resources={"scrutiny": settings}, instance=instance)


def stored(root: Path, table: str = "ssda903_hits") -> list[tuple]:
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(f"select * from dq_dfe.{table} order by all").fetchall()


@needs_validator
def test_stored_hits_equal_the_validators_own_report(tmp_path):
    paths = deliver(tmp_path / "raw")
    ingest(tmp_path)
    assert materialize(tmp_path).success
    oracle = validator_report([paths["header"], paths["episodes"]])
    # the validator's row_id is its DataFrame index: data row 0 is the file's line 2
    expected = sorted(
        (
            RULE_PREFIX + issue["rule_code"],
            issue["tables_affected"].lower(),
            DELIVERY,
            f"ssda903/{DELIVERY}/{issue['tables_affected'].lower()}.csv",
            issue["row_id"] + 2,
            issue["child_id"],
            issue["rule_description"],
        )
        for issue in oracle["issues"]
    )
    hits = stored(tmp_path)
    assert hits == expected
    assert {(code.removeprefix(RULE_PREFIX), table, row) for code, table, _, _, row, _, _ in hits} == EXPECTED
    rules = stored(tmp_path, "ssda903_rules")
    assert {code for code, _, _ in rules} == {RULE_PREFIX + code for code in oracle["evaluated"]}
    assert all(table in ("header", "episodes") for _, table, _ in rules)


@needs_validator
def test_the_903_ingest_starts_the_validator_and_the_asset_stores_the_same_hits(tmp_path):
    deliver(tmp_path / "raw")
    settings = ScrutinySettings(raw_dir=str(tmp_path / "raw"), data_dir=str(tmp_path / "data"))
    [ingest_903] = [asset for asset in INGEST_ASSETS if asset.key == raw_asset_key("ssda903")]
    result = dg.materialize([ingest_903, dfe903.dfe903_validation], resources={"scrutiny": settings})
    assert result.success
    metadata = result.asset_materializations_for_node("dfe903_validation")[0].metadata
    assert metadata["validator_run_by"].value == "started by the 903 ingest"
    assert {
        (code.removeprefix(RULE_PREFIX), table, row) for code, table, _, _, row, _, _ in stored(tmp_path)
    } == EXPECTED


@needs_validator
def test_an_unchanged_delivery_is_not_validated_again_and_a_changed_one_replaces_its_hits(tmp_path, monkeypatch):
    deliver(tmp_path / "raw")
    ingest(tmp_path)
    done = materialize(tmp_path)
    assert done.success
    assert (
        done.asset_materializations_for_node("dfe903_validation")[0].metadata["validator_run_by"].value == "this step"
    )
    first = stored(tmp_path)

    def must_not_run(*args, **kwargs):
        raise AssertionError("the validator ran on an unchanged delivery")

    with monkeypatch.context() as patched:
        patched.setattr(dfe903, "run_validator", must_not_run)
        again = materialize(tmp_path)
    assert again.success
    metadata = again.asset_materializations_for_node("dfe903_validation")[0].metadata
    assert metadata["status"].value == "unchanged since last validated"
    assert stored(tmp_path) == first

    fixed = [line.replace("WBRX", "WBRI") for line in HEADER]
    deliver(tmp_path / "raw", header=fixed)
    ingest(tmp_path)
    assert materialize(tmp_path).success
    codes = {code.removeprefix(RULE_PREFIX) for code, *_ in stored(tmp_path)}
    assert "103" not in codes and "393" in codes


def test_without_the_validator_the_asset_completes_and_warns_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_DFE903_PYTHON", str(tmp_path / "no-venv" / "bin" / "python"))
    deliver(tmp_path / "raw")
    ingest(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    result = materialize(tmp_path, instance)
    assert result.success
    warnings = [e.user_message for e in instance.all_logs(result.run_id) if e.level >= 30 and "DfE" in e.user_message]
    assert len(warnings) == 1
    assert "DfE SSDA903 rules skipped" in warnings[0] and "make dfe903" in warnings[0]
    check = result.get_asset_check_evaluations()[0]
    assert not check.passed and check.metadata["status"].value == "skipped: validator not installed"


def test_canonical_csv_keeps_each_records_file_line(tmp_path):
    """Blank lines and a quoted line break move later records down the file; a record is
    numbered by the line it ends on, as the pipeline's csv reader numbers it (so a hit and a
    quarantine entry of the same record agree). Header names are matched as the pipeline
    matches them, a missing column is blank and an extra one dropped."""
    path = tmp_path / "episodes.csv"
    path.write_bytes(
        b'\xef\xbb\xbfchild, Decom ,extra\r\n1001,01/05/2025,x\r\n\r\n1002,"02/05/\n2025",y\r\n1003,,z\r\n'
    )
    content, lines = canonical_csv(path, ["CHILD", "DECOM", "RNE"])
    assert lines == [2, 5, 6]
    assert content.decode().splitlines()[:2] == ["CHILD,DECOM,RNE", "1001,01/05/2025,"]


@pytest.mark.parametrize("delivery, year", [("2025-10-03", "2026"), ("2026-03-31", "2026"), ("2026-04-01", "2027")])
def test_the_collection_year_is_the_one_ending_after_the_delivery(delivery, year):
    from orchestration.defs.dfe903.validation import Delivery

    assert Delivery(delivery, ()).collection_year == year
