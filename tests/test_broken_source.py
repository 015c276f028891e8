"""One source's delivery cannot be read: its asset fails with the file named, `scrutiny run`
exits 1 with that one-line reason, and every other source still builds and publishes."""

from importlib import import_module

import duckdb
import pytest

from orchestration.demo import DemoContext
from tests.harness import share_postcode_cache
from tests.test_end_to_end import scrutiny

pytestmark = pytest.mark.heavy


def test_an_unreadable_file_fails_its_source_and_the_rest_still_publishes(tmp_path, postcode_dir):
    raw = tmp_path / "raw"
    share_postcode_cache(tmp_path / "data", postcode_dir)
    for source in ("ssda903", "housing", "commentary"):  # the demo council's, kept small
        import_module(f"orchestration.demo.{source}").generate(raw, DemoContext(seed=2025, months=13))
    [header] = raw.glob("ssda903/*/header.csv")
    header.write_bytes(b"")
    run = scrutiny(
        "run",
        "--raw-dir",
        str(raw),
        "--data-dir",
        str(tmp_path / "data"),
        env={"DAGSTER_HOME": str(tmp_path / "dagster_home")},
    )
    assert run.returncode == 1
    reason = run.stderr.strip().splitlines()[-1]
    assert reason.startswith("scrutiny: raw__ssda903:") and "header.csv: the file is blank" in reason
    with duckdb.connect(str(tmp_path / "data" / "published" / "mart.duckdb"), read_only=True) as con:
        published = dict(con.execute("select indicator_id, count(*) from indicator_values group by all").fetchall())
        assert con.execute("select count(*) from dq_summary where rule_code = 'unreadable_file'").fetchone()[0] == 1
    # housing published, and 903's episodes (readable) still give the placement measures
    assert published["HOU_TA_HOUSEHOLDS"] > 0 and published["CS_LAC_OUTSIDE_LA_PCT"] > 0
