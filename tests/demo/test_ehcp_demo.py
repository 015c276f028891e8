"""The demo EHCP extract: deterministic for a seed, with the volumes and shapes of the
council's report (about 5,000 active plans, 100-130 requests a month, plans issued 60-90 a
month at 20-50% on time, ~540 independent special places, 8-16 appeals a month and
September 2025's 15 appeals split by locality as the report tells it)."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from orchestration.demo import DemoContext, ehcp
from orchestration.settings import DBT_PROJECT_DIR

MONTHS = pd.period_range("2022-10", "2025-09", freq="M")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("ehcp_demo")
    counts = ehcp.generate(out, DemoContext(seed=2025, months=36))
    folder = out / "ehcp" / "2025-10-03"
    tables = {t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False) for t in counts}
    return out, counts, tables


def _dates(series: pd.Series, fmt: str = "%Y-%m-%d") -> pd.Series:
    return pd.to_datetime(series.str[:10], format=fmt, errors="coerce")


def test_deterministic_for_a_seed(demo, tmp_path):
    out, counts, _ = demo
    again = ehcp.generate(tmp_path, DemoContext(seed=2025, months=36))
    assert again == counts
    for table in counts:
        first = (out / "ehcp" / "2025-10-03" / f"{table}.csv").read_bytes()
        second = (tmp_path / "ehcp" / "2025-10-03" / f"{table}.csv").read_bytes()
        assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest(), table


def test_requests_and_plans_issued_per_month(demo):
    _, _, tables = demo
    requests = tables["ssd_ehcp_requests"]
    per_month = _dates(requests["ehcr_ehcp_req_date"]).dt.to_period("M").value_counts()
    in_window = per_month.reindex(MONTHS, fill_value=0)
    assert 100 <= in_window.mean() <= 130
    assert in_window.min() >= 60 and in_window.max() <= 175
    assessments = tables["ssd_ehcp_assessment"]
    issued = assessments[
        (assessments["ehca_ehcp_assessment_outcome"] == "Y") & (assessments["ehca_ehcp_assessment_exceptions"] != "1")
    ]
    per_month = _dates(issued["ehca_ehcp_assessment_outcome_date"]).dt.to_period("M").value_counts()
    assert 60 <= per_month.reindex(MONTHS, fill_value=0).mean() <= 90


def test_about_5000_active_plans_and_540_independent_places(demo):
    _, _, tables = demo
    plans = tables["ssd_ehcp_named_plan"]
    end = pd.Timestamp("2025-09-30")
    started, ceased = _dates(plans["ehcn_named_plan_start_date"]), _dates(plans["ehcn_named_plan_ceased_date"])
    assert 4700 <= ((started <= end) & (ceased.isna() | (ceased > end))).sum() <= 5300
    placements = tables["ehcp_placements"]
    shipped = pd.read_csv(DBT_PROJECT_DIR / "seeds" / "reference" / "gias_establishment_types.csv", dtype=str)
    independent = set(shipped.loc[shipped["type_of_establishment_code"].isin(["8", "10"]), "urn"])
    independent |= {"135877", "136402", "131915", "113996"}  # from the demo's own GIAS file

    def placed(day: str) -> int:
        day = pd.Timestamp(day)
        entered, left = _dates(placements["entry_date"]), _dates(placements["leaving_date"])
        open_ = (entered <= day) & (left.isna() | (left > day)) & placements["urn"].str.lstrip("0").isin(independent)
        return placements.loc[open_, "person_id"].nunique()

    assert 500 <= placed("2025-09-30") <= 580
    assert placed("2022-10-31") < placed("2025-09-30")


def test_tribunals_per_month_and_september_as_reported(demo):
    _, _, tables = demo
    appeals = tables["send_tribunals"]
    registered = _dates(appeals["registered_date"], "%d/%m/%Y").dt.to_period("M")
    per_month = registered.value_counts().reindex(MONTHS, fill_value=0)
    assert per_month.min() >= 5 and per_month.max() <= 16
    september = appeals[registered == pd.Period("2025-09")]
    assert september["locality"].value_counts().to_dict() == {
        "Chesil": 7,
        "East": 4,
        "Dorchester & West": 2,
        "North": 1,
        "Purbeck": 1,
    }


def test_a_small_sprinkle_of_bad_rows(demo):
    _, counts, tables = demo
    bad_exceptions = ~tables["ssd_ehcp_assessment"]["ehca_ehcp_assessment_exceptions"].isin(["1", "0", ""])
    assert 0 < bad_exceptions.sum() < counts["ssd_ehcp_assessment"] * 0.005
    blank_entry = tables["ehcp_placements"]["entry_date"] == ""
    assert 0 < blank_entry.sum() < counts["ehcp_placements"] * 0.005


def test_the_councils_own_gias_file_is_never_overwritten(tmp_path):
    own = tmp_path / "reference" / "gias_establishments.csv"
    own.parent.mkdir(parents=True)
    own.write_text("URN,TypeOfEstablishment (code)\n149100,10\n")
    ehcp.generate(tmp_path, DemoContext(seed=7, months=13))
    assert own.read_text() == "URN,TypeOfEstablishment (code)\n149100,10\n"


def test_writes_a_gias_download_next_to_the_extracts(demo):
    out, *_ = demo
    gias = pd.read_csv(out / "reference" / "gias_establishments.csv", dtype=str, encoding="cp1252")
    assert {"URN", "TypeOfEstablishment (code)", "LA (name)"} <= set(gias.columns)
    assert gias.loc[gias["URN"] == "113996", "TypeOfEstablishment (code)"].tolist() == ["10"]
