"""Two SSD snapshots: statuses against the previous delivery, and the restatements of the
figures the first publish published. Person ids are long and distinctive so that the privacy
check can look for them in the mart and in the report.

Snapshot 1 (2025-10-03; last month 2025-09). S47 enquiries (start, end; person):
  A1 09-01 -> 09-05 (PID-ALPHA-0001), ICPC B1 held 09-08     10 wd: yes   ICPC: yes
  A2 09-08 -> 09-10 (PID-BRAVO-0002)                         10 wd: yes   ICPC: no
  A3 09-12 -> 09-11 (PID-ALPHA-0001) ends before it starts   10 wd: yes (0 days)  ICPC: no   -> row hit
  A4 09-15 -> 09-20 (PID-NINER-0009, not in ssd_person)      10 wd: yes   ICPC: no   -> cross_source hit
  September: CS_S47_TO_ICPC_PCT 1 / 4 = 25.0; CS_S47_COMPLETED_10WD_PCT 4 / 4 = 100.0.
Snapshot 2 (2025-11-04; last month 2025-10): the same rows, and
  A1's completing team filled in (a changed record, same figures);
  B2, a backdated ICPC for A2 held 09-15 (added);
  A5 09-18 -> 09-25 (PID-ALPHA-0001), no ICPC (added);
  PID-NINER-0009 added to ssd_person (A4's hit resolved; the person's dates are not in September);
  B3 for S999 (not an enquiry) held 10-06 (a new cross_source hit; dated October).
  September: CS_S47_TO_ICPC_PCT 2 / 5 = 40.0; CS_S47_COMPLETED_10WD_PCT 5 / 5 = 100.0.
Records behind September (and 2025/26 Q2, which holds the same records): rows of the ssd
tables with a date in the period, snapshot 1 against 2: added A5 and B2 (2), removed 0,
changed A1 (1).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb
import pytest

from orchestration.lib.dq.history import record_published
from orchestration.lib.publish import publish_mart
from orchestration.lib.reports.dq_report import gather, render_html
from tests.data_quality.extracts import icpc, person, s47, write_ssd
from tests.harness import Extracts

FIRST, SECOND = "2025-10-03", "2025-11-04"
PEOPLE = ["PID-ALPHA-0001", "PID-BRAVO-0002"]


def enquiries(team_for_a1: str = "") -> list[dict]:
    rows = [
        s47("A1", "PID-ALPHA-0001", "2025-09-01", "2025-09-05"),
        s47("A2", "PID-BRAVO-0002", "2025-09-08", "2025-09-10"),
        s47("A3", "PID-ALPHA-0001", "2025-09-12", "2025-09-11"),
        s47("A4", "PID-NINER-0009", "2025-09-15", "2025-09-20"),
    ]
    rows[0]["s47e_s47_completed_by_team"] = team_for_a1
    return rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory, postcode_dir):
    extracts = Extracts(tmp_path_factory.mktemp("dq_restatement"))
    write_ssd(
        extracts,
        persons=[person(p) for p in PEOPLE],
        s47=enquiries(),
        icpc=[icpc("B1", "A1", "PID-ALPHA-0001", "2025-09-08")],
        delivery=FIRST,
    )
    first = extracts.build(postcode_dir)
    first_issues = first.query("select rule_code, record_id, status from marts.dq_issues order by 1")
    first_values = first.values("CS_S47_TO_ICPC_PCT")
    publish_mart(first.settings.warehouse_path, first.settings.mart_path)
    record_published(first.settings.warehouse_path, first.settings.mart_path)
    write_ssd(
        extracts,
        persons=[person(p) for p in [*PEOPLE, "PID-NINER-0009"]],
        s47=[*enquiries("Team East"), s47("A5", "PID-ALPHA-0001", "2025-09-18", "2025-09-25")],
        icpc=[
            icpc("B1", "A1", "PID-ALPHA-0001", "2025-09-08"),
            icpc("B2", "A2", "PID-BRAVO-0002", "2025-09-15"),
            icpc("B3", "S999", "PID-ALPHA-0001", "2025-10-06"),
        ],
        delivery=SECOND,
    )
    second = extracts.build(postcode_dir)
    publish_mart(second.settings.warehouse_path, second.settings.mart_path)
    return first_issues, first_values, second


def test_first_publish_has_nothing_to_restate_and_every_hit_is_new(runs):
    first_issues, first_values, _ = runs
    assert first_issues == [("s47_end_before_start", "A3", "new"), ("s47_person_not_in_ssd_person", "A4", "new")]
    assert first_values["2025-09"][:3] == (1, 4, 25.0)


def test_statuses_against_the_previous_delivery(runs):
    _, _, second = runs
    rows = second.query(
        "select rule_code, table_name, delivery, record_id, status from marts.dq_issues where table_name is not null order by 1"
    )
    assert rows == [
        ("icpc_s47_not_found", "ssd_initial_cp_conference", SECOND, "B3", "new"),
        ("s47_end_before_start", "ssd_s47_enquiry", SECOND, "A3", "persisting"),
        ("s47_person_not_in_ssd_person", "ssd_s47_enquiry", SECOND, "A4", "resolved"),
    ]
    trend = second.query(
        "select rule_code, period, rows_affected, new, resolved from marts.dq_trend "
        "where table_name = 'ssd_s47_enquiry' order by 1, 2"
    )
    assert trend == [
        ("s47_end_before_start", FIRST, 1, 1, 0),
        ("s47_end_before_start", SECOND, 1, 0, 0),
        ("s47_person_not_in_ssd_person", FIRST, 1, 1, 0),
        ("s47_person_not_in_ssd_person", SECOND, 0, 0, 1),
    ]


def test_restatements_give_old_and_new_figures_and_the_records_behind_them(runs):
    _, _, second = runs
    rows = second.query("select * from marts.restatements order by indicator_id, period_label")
    behind = (2, 0, 1)
    assert rows == [
        ("CS_S47_COMPLETED_10WD_PCT", "2025-09", FIRST, SECOND, 4, 4, 100.0, 5, 5, 100.0, *behind),
        ("CS_S47_COMPLETED_10WD_PCT", "2025/26 Q2", FIRST, SECOND, 4, 4, 100.0, 5, 5, 100.0, *behind),
        ("CS_S47_TO_ICPC_PCT", "2025-09", FIRST, SECOND, 1, 4, 25.0, 2, 5, 40.0, *behind),
        ("CS_S47_TO_ICPC_PCT", "2025/26 Q2", FIRST, SECOND, 1, 4, 25.0, 2, 5, 40.0, *behind),
    ]
    restated = second.query("select count(*) from marts.dq_summary where rule_code = 'figure_restated'")
    assert restated == [(1,)]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        self._in_heading = tag in {"h2", "h3"}

    def handle_data(self, data):
        self.text.append(data)
        if self._in_heading:
            self.headings.append(data)
            self._in_heading = False


def test_no_identifier_reaches_the_mart_or_the_report(runs):
    _, _, second = runs
    with duckdb.connect(str(second.settings.warehouse_path), read_only=True) as con:
        page = render_html(gather(con, "2025/26 Q2"))
    parser = _Text()
    parser.feed(page)
    assert "Restatements" in parser.headings and "ssd" in parser.headings
    with duckdb.connect(str(second.settings.mart_path), read_only=True) as mart:
        tables = [t for (t,) in mart.execute("select table_name from information_schema.tables").fetchall()]
        published = " ".join(
            str(v) for t in tables for row in mart.execute(f"select * from {t}").fetchall() for v in row
        )
    for text in (page, published):
        assert not re.search(r"PID-[A-Z]+-\d{4}", text)
        assert "2015-06-01" not in text  # the dates of birth
    assert "CS_S47_TO_ICPC_PCT" in page and "40.0" in page
