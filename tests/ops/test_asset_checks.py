"""What the UI shows for checks (issue 10, item 8): every check has a description, and the expected
quarantine of a clean delivery is a passing check with its counts, not a Failed one."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.defs.ingest.assets import CHECK_NO_QUARANTINE, build_ingest_asset
from orchestration.defs.resources import ScrutinySettings
from orchestration.defs.transform.assets import describe_test
from schemas import SOURCES
from tests.indicators.cld_ta_rows import TA_HEADER, ta


def test_every_check_has_a_description():
    from orchestration.definitions import defs

    specs = [spec for asset in defs.assets if isinstance(asset, dg.AssetsDefinition) for spec in asset.check_specs]
    assert len(specs) > 2 * len(SOURCES) + 50  # two per source, and the dbt tests
    assert [spec.key for spec in specs if not spec.description] == []


def test_dbt_tests_are_described_from_their_kind_and_arguments():
    test = {
        "name": "exceptions_is_well_formed",
        "attached_node": "model.scrutiny.exceptions",
        "test_metadata": {
            "name": "well_formed",
            "kwargs": {
                "key": ["indicator_id", "period_label"],
                "required": ["narrative_source"],
                "accepted": {"appendix": [1, 2]},
                "schema_codes": {"sex": {"source": "ssd", "table": "ssd_person", "raw_column": "pers_sex"}},
            },
        },
    }
    assert describe_test(test) == (
        "(indicator_id, period_label) identifies each row of exceptions; narrative_source never blank; "
        "appendix only holds 1, 2; sex only holds codes of the ssd_person.pers_sex code list in schemas/ssd.py "
        "(dbt well_formed test)"
    )
    on_a_source = {"name": "postcodes_is_well_formed", "depends_on": {"nodes": ["source.scrutiny.reference.postcodes"]}}
    on_a_source["test_metadata"] = {"name": "well_formed", "kwargs": {"key": ["postcode"]}}
    assert describe_test(on_a_source) == "(postcode) identifies each row of postcodes (dbt well_formed test)"


def _quarantine_check(extracts, rows: list[list[str]]) -> dg.AssetCheckEvaluation:
    extracts.write("housing", "2024-04-05", "ta_placements", TA_HEADER, rows)
    settings = ScrutinySettings(raw_dir=str(extracts.raw), data_dir=str(extracts.data))
    result = dg.materialize([build_ingest_asset(SOURCES["housing"])], resources={"scrutiny": settings})
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == CHECK_NO_QUARANTINE]
    return check


def good(n: int) -> list[list[str]]:
    return [ta(f"T{i}", f"H{i}", "psl", "01/01/2024") for i in range(n)]


def test_a_few_quarantined_rows_pass_with_their_counts(extracts):
    """1 bad TA type in 30 rows (3%) is under the 5% warning share."""
    check = _quarantine_check(extracts, [*good(29), ta("X1", "H99", "B&B", "01/01/2024")])
    assert check.passed
    assert check.metadata["rows_quarantined"].value == 1 and check.metadata["rows_read"].value == 30


@pytest.mark.parametrize("bad", [2, 5])
def test_many_quarantined_rows_warn(extracts, bad):
    """2 of 20 (10%) and 5 of 20 (25%) are over 5%: a warning, never a blocking failure."""
    check = _quarantine_check(
        extracts, [*good(20 - bad), *[ta(f"X{i}", "H99", "B&B", "01/01/2024") for i in range(bad)]]
    )
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["rows_quarantined"].value == bad
