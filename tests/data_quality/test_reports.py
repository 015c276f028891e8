"""The DQ report and the restricted workbooks, built from hand-made aggregates (pure)."""

from __future__ import annotations

from html.parser import HTMLParser

from openpyxl import load_workbook

from orchestration.lib.reports.dq_report import DqReport, RuleCount, SourceQuality, VolumeSeries, render_html
from orchestration.lib.reports.restricted import build_workbook, sheet_name

SECTIONS = [
    "Freshness",
    "Rows read, loaded and quarantined",
    "Rules that fired",
    "New and resolved since the previous delivery",
    "Volume anomalies",
    "Restatements",
]


def _months():
    months = [(f"2024-{m:02d}", 40, 34.8, 45.2, False) for m in range(1, 13)]
    return [*months, ("2025-01", 0, 34.8, 45.2, True), ("2025-02", 80, 34.8, 45.2, True)]


def sample_report() -> DqReport:
    rule = RuleCount(
        "s47_end_before_start",
        "ssd_s47_enquiry",
        "row",
        "warning",
        "S47 end date before its start date",
        "check both dates",
        3,
        2,
        1,
        [("2025-09-03", 2), ("2025-10-03", 3)],
    )
    ssd = SourceQuality(
        "ssd",
        {
            "newest_delivery": "2025-07-02",
            "covered_through": "2025-06",
            "run_last_month": "2025-09",
            "is_stale": True,
            "months_not_covered": ["2025-07", "2025-08", "2025-09"],
            "indicator_ids": "CS_S47_TO_ICPC_PCT",
        },
        [
            {
                "table_name": "ssd_s47_enquiry",
                "delivery": "2025-07-02",
                "rows_read": 10,
                "rows_loaded": 9,
                "rows_quarantined": 1,
            }
        ],
        [rule],
        [VolumeSeries("ssd_s47_enquiry", "", _months())],
        [
            {
                "indicator_id": "CS_S47_TO_ICPC_PCT",
                "period_label": "2025-06",
                "previous_delivery": "2025-06-02",
                "new_delivery": "2025-07-02",
                "previous_numerator": 1,
                "previous_denominator": 4,
                "previous_value": 25.0,
                "numerator": 2,
                "denominator": 5,
                "value": 40.0,
                "records_added": 2,
                "records_removed": 0,
                "records_changed": 1,
            }
        ],
    )
    return DqReport("2025/26 Q2", [ssd])


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.links: list[str] = []
        self._heading = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._heading = tag in {"h1", "h2", "h3"}
        self.links += [v for k, v in attrs if k in {"href", "src"} and v]

    def handle_data(self, data):
        if self._heading:
            self.headings.append(data)
            self._heading = False


def test_html_parses_holds_every_section_and_needs_no_network():
    page = render_html(sample_report())
    parser = Page()
    parser.feed(page)
    parser.close()
    assert [h for h in parser.headings if h in SECTIONS] == SECTIONS
    assert "svg" in parser.tags and "script" not in parser.tags
    assert not [link for link in parser.links if not link.startswith("#")]
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_html_reads_without_colour():
    page = render_html(sample_report())
    assert "STALE" in page and "2025-07, 2025-08, 2025-09" in page  # words, not a colour
    assert "WARNING" in page  # severity as a word
    assert "triangles mark anomalies" in page and "2025-01: 0" in page  # the chart's marks are labelled
    assert "2025-09-03: 2, 2025-10-03: 3" in page  # the trend as numbers
    assert "1 / 4 = 25.0" in page and "2 / 5 = 40.0" in page


def test_workbook_has_a_summary_and_a_sheet_per_rule(tmp_path):
    rules = [
        {
            "rule_code": "duplicate_key",
            "table_name": "ssd_s47_enquiry",
            "family": "cross_row",
            "severity": "warning",
            "description": "repeated id",
            "fix": "keep one row",
        }
    ]
    issues = [
        {
            "rule_code": "duplicate_key",
            "table_name": "ssd_s47_enquiry",
            "delivery": "2025-10-03",
            "file_name": "ssd/2025-10-03/ssd_s47_enquiry.csv",
            "row_number": row,
            "record_id": "=S4",
            "status": "new",
        }
        for row in (5, 6)
    ]
    path = tmp_path / "dq_ssd.xlsx"
    build_workbook(rules, issues).save(path)
    book = load_workbook(path)
    assert book.sheetnames == ["rules", "duplicate_key.ssd_s47_enquiry"]
    sheet = book["duplicate_key.ssd_s47_enquiry"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F3"
    assert [c.value for c in sheet[1]] == ["table", "delivery", "file", "file row", "record id", "status"]
    assert [c.value for c in sheet[2]][3:] == [5, "=S4", "new"]  # a formula-like id stays text
    assert sheet.cell(2, 5).data_type == "s"
    summary = book["rules"]
    assert [c.value for c in summary[2]][:8] == [
        "duplicate_key.ssd_s47_enquiry",
        "duplicate_key",
        "ssd_s47_enquiry",
        "cross_row",
        "warning",
        2,
        2,
        0,
    ]


def test_sheet_names_fit_excel_and_stay_unique():
    taken: set[str] = set()
    first = sheet_name("cp_conference_outcome_without_icpc", "ssd_s47_enquiry", taken)
    second = sheet_name("cp_conference_outcome_without_icpc", "ssd_s47_enquiry_other", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
