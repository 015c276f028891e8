"""The pack's dbt models on a hand-built warehouse, and the exceptions report built from the
published mart: SPC limits and rules on series worked by hand, Appendix 1 and 2 membership
and order, drafted narratives, commentary that stays inert in HTML and Excel."""

from __future__ import annotations

import zipfile
from datetime import date

import duckdb
import pytest
from openpyxl import load_workbook

from orchestration.lib.reports.exceptions import DRAFTED_MARK, build_exceptions_report
from tests.reports.hand_built import build_mart, indicator, month_end, monthly_series, value_row

ALTERNATING = [10, 13] * 7 + [10]  # 15 points
SPC_SERIES = {
    # id: (polarity, target, values)
    "S_LIMITS": ("lower_is_better", 12, ALTERNATING),
    "S_PASS": ("lower_is_better", 25, ALTERNATING),
    "S_FAIL": ("lower_is_better", 2, ALTERNATING),
    "S_NO_TARGET": ("lower_is_better", None, ALTERNATING),
    "S_FEW": ("lower_is_better", 12, ALTERNATING[:14]),
    "S_OUTSIDE": ("higher_is_better", 5, [10, 20] * 7 + [60]),
    "S_SHIFT": ("lower_is_better", 5, [20, 10] * 4 + [16, 17, 16, 17, 16, 17, 16]),
    "S_TREND": ("higher_is_better", 5, [10, 20] * 4 + [11, 12, 13, 14, 15, 16, 17]),
    "S_TREND_OF_6": ("higher_is_better", 5, [20, 10] * 4 + [20, 11, 12, 13, 14, 15, 16]),
    "S_TWO_OF_THREE": ("lower_is_better", 5, [14, 16] * 6 + [21, 16, 21]),
}

Q2, Q1, LAST_YEAR_Q2 = (date(2025, 7, 1), date(2025, 9, 30)), (date(2025, 4, 1), date(2025, 6, 30)), None
INJECTED_NARRATIVE = '<script>alert("x")</script> =HYPERLINK("http://example.invalid","click")'
INJECTED_ACTIONS = '=HYPERLINK("http://example.invalid","click")'


def _quarter_rows(ind, q2_value, months, rag, dot, q1_value=None, year_value=None):
    """Q2 2025/26 with its three months (Jul, Aug, Sep = months), Q1 and the year before's Q2."""
    rows = [value_row(ind, "quarter", "2025/26 Q2", *Q2, q2_value, rag=rag, dot=dot)]
    for i, value in enumerate(months):
        start = date(2025, 7 + i, 1)
        rows.append(value_row(ind, "month", f"{start:%Y-%m}", start, month_end(start), value))
    if q1_value is not None:
        rows.append(value_row(ind, "quarter", "2025/26 Q1", *Q1, q1_value))
    if year_value is not None:
        rows.append(value_row(ind, "quarter", "2024/25 Q2", date(2024, 7, 1), date(2024, 9, 30), year_value))
    return rows


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """Exception indicators (E_*) and SPC series (S_*) in one warehouse: one dbt build."""
    root = tmp_path_factory.mktemp("pack")
    cs, ah, ph = "Children's Services", "Adults & Housing", "Public Health and Prevention"
    e = {
        "E_RISE": indicator(
            "E_RISE", "Percentage of looked after children outside", cs, "percent", "lower_is_better", 30, 45
        ),
        "E_FALL": indicator("E_FALL", "Number of SEND tribunals", cs, "count", "lower_is_better", 8),
        "E_SAME": indicator("E_SAME", "Rate of exclusions", cs, "rate", "lower_is_better", 0.1, 0.13),
        "E_SERVICE": indicator("E_SERVICE", "adults safeguarding concerns", ah, "count", "lower_is_better", 550),
        "E_BB": indicator("E_BB", "Number of families in B&B", ah, "count", "lower_is_better", 0),
        "E_PH": indicator("E_PH", "Deaths registered in 5 days", ph, "percent", "higher_is_better", 95),
        "E_AMBER_IMPROVING": indicator("E_AMBER_IMPROVING", "Amber but improving", cs, "count", "lower_is_better", 5),
        "E_GREEN": indicator("E_GREEN", "Green indicator", cs, "count", "lower_is_better", 100),
    }
    values = [
        *_quarter_rows(e["E_RISE"], 45.2173913, [41.61, 43.1, 45.2173913], "Red", "Worsening", 44.0, 40.0),
        *_quarter_rows(e["E_FALL"], 15, [20, 18, 15], "Red", "Improving", 17),
        *_quarter_rows(e["E_SAME"], 0.11, [0.1100004, 0.12, 0.11], "Amber", "Worsening", 0.1, 0.09),
        *_quarter_rows(e["E_SERVICE"], 636, [600, 610, 636], "Red", "Same"),
        *_quarter_rows(e["E_BB"], 1, [0, 0, 1], "Red", "Worsening"),
        *_quarter_rows(e["E_PH"], 80, [78, 79, 80], "Red", "Improving"),
        *_quarter_rows(e["E_AMBER_IMPROVING"], 5.5, [6, 6, 5.5], "Amber", "Improving"),
        *_quarter_rows(e["E_GREEN"], 50, [50, 50, 50], "Green", "Same"),
    ]
    catalogue = list(e.values())
    for indicator_id, (polarity, target, series) in SPC_SERIES.items():
        ind = indicator(indicator_id, indicator_id, cs, "count", polarity, target)
        catalogue.append(ind)
        values += monthly_series(ind, series)
    commentary = [
        {"period_label": "2025/26 Q2", "indicator_id": "E_SERVICE", "narrative": INJECTED_NARRATIVE,
         "actions": INJECTED_ACTIONS},
        {"period_label": "2025/26 Q2", "indicator_id": "E_AMBER_IMPROVING", "narrative": "Other <b>commentary</b>",
         "actions": "+1 watch"},
    ]  # fmt: skip
    mart = build_mart(root, catalogue, values, commentary)
    paths = build_exceptions_report(mart, "2025/26 Q2", root / "reports" / "2025-26-Q2", run_date=date(2026, 1, 5))
    return mart, paths


def _spc(mart, indicator_id):
    with duckdb.connect(str(mart), read_only=True) as con:
        return con.execute(
            "select value, mean, upper_limit, lower_limit, special_cause, variation, assurance "
            "from indicator_spc where indicator_id = ? order by period_start",
            [indicator_id],
        ).fetchall()


def _causes(rows):
    return {i + 1: r[4] for i, r in enumerate(rows) if r[4]}


def test_spc_limits_worked_by_hand(pack):
    """10,13 alternating, 15 points (8 tens, 7 thirteens): mean 171/15 = 11.4; 14 moving ranges
    of 3: mean MR 3; limits 11.4 +/- 2.66 x 3 = 19.38 and 3.42. Alternating sides and
    directions and no point beyond 2 sigma (11.4 + 5.32): no rule fires. Lower is better:
    target 12 is inside the limits (hit or miss), 25 >= UPL passes, 2 <= LPL fails."""
    rows = _spc(pack[0], "S_LIMITS")
    assert len(rows) == 15
    assert [r[1] for r in rows] == pytest.approx([11.4] * 15)
    assert [r[2] for r in rows] == pytest.approx([19.38] * 15)
    assert [r[3] for r in rows] == pytest.approx([3.42] * 15)
    assert _causes(rows) == {}
    assert {r[5] for r in rows} == {"common_cause"}
    assert {r[6] for r in rows} == {"hit_or_miss"}
    assert {r[6] for r in _spc(pack[0], "S_PASS")} == {"pass"}
    assert {r[6] for r in _spc(pack[0], "S_FAIL")} == {"fail"}
    assert {r[6] for r in _spc(pack[0], "S_NO_TARGET")} == {None}


def test_fewer_than_15_points_give_no_limits(pack):
    """14 points (7 tens, 7 thirteens): the mean 11.5 is kept, no limits, rules, variation or
    assurance (MDC shows a run chart)."""
    rows = _spc(pack[0], "S_FEW")
    assert len(rows) == 14
    assert [r[1] for r in rows] == pytest.approx([11.5] * 14)
    assert {(r[2], r[3], r[4], r[5], r[6]) for r in rows} == {(None, None, None, None, None)}


def test_single_point_outside_limits(pack):
    """10,20 x7 then 60: mean 270/15 = 18; MRs 13 x 10 + 40 = 170, mean MR 12.142857; UPL
    18 + 32.3 = 50.3, LPL -14.3. Only 60 is outside (and it is the only point beyond 2 sigma,
    39.53); higher is better, so improvement; the rest common cause."""
    rows = _spc(pack[0], "S_OUTSIDE")
    assert rows[0][1] == pytest.approx(18)
    assert rows[0][2] == pytest.approx(18 + 2.66 * 170 / 14)
    assert rows[0][3] == pytest.approx(18 - 2.66 * 170 / 14)
    assert _causes(rows) == {15: "outside_limits"}
    assert rows[14][5] == "improvement"
    assert {r[5] for r in rows[:14]} == {"common_cause"}


def test_shift_of_seven(pack):
    """20,10 x4 then 16,17,16,17,16,17,16: mean 235/15 = 15.667; point 8 (10) is below, points
    9-15 are 7 in a row above: a shift. MRs 7 x 10 + 6 + 6 x 1 = 82, mean MR 5.857; 2 sigma
    band 5.28..26.05 holds every point; no trend (16,17 alternate). Lower is better: concern."""
    rows = _spc(pack[0], "S_SHIFT")
    assert rows[0][1] == pytest.approx(235 / 15)
    assert rows[0][2] == pytest.approx(235 / 15 + 2.66 * 82 / 14)
    assert _causes(rows) == dict.fromkeys(range(9, 16), "shift")
    assert {rows[i][5] for i in range(8, 15)} == {"concern"}
    assert {rows[i][5] for i in range(8)} == {"common_cause"}


def test_trend_of_seven_and_not_six(pack):
    """10,20 x4 then 11..17: point 8 (20) down to 11, then 7 points each higher (6 rises): a
    trend on points 9-15 (improvement, higher is better). Mean 218/15 = 14.533: at most 4 in a
    row on one side, no point beyond 2 sigma (25.3). With 20,10 x4, 20 then 11..16 the rising
    run is 6 points: nothing fires."""
    rows = _spc(pack[0], "S_TREND")
    assert rows[0][1] == pytest.approx(218 / 15)
    assert _causes(rows) == dict.fromkeys(range(9, 16), "trend")
    assert {rows[i][5] for i in range(8, 15)} == {"improvement"}
    assert _causes(_spc(pack[0], "S_TREND_OF_6")) == {}


def test_two_of_three_beyond_two_sigma(pack):
    """14,16 x6 then 21,16,21: mean 238/15 = 15.867 (14 below, 16 above: sides alternate);
    MRs 11 x 2 + 3 x 5 = 37, mean MR 2.642857, sigma 2.343; 2 sigma line 20.553, UPL 22.897.
    Points 13-15 (21,16,21) are all above the mean and two are beyond 2 sigma but inside the
    limits: points 13 and 15 fire two_of_three (concern: lower is better); 14 does not."""
    rows = _spc(pack[0], "S_TWO_OF_THREE")
    assert rows[0][1] == pytest.approx(238 / 15)
    assert rows[0][2] == pytest.approx(238 / 15 + 2.66 * 37 / 14)
    assert _causes(rows) == {13: "two_of_three", 15: "two_of_three"}
    assert rows[12][5] == rows[14][5] == "concern"
    assert rows[13][5] == "common_cause"


def _exceptions(mart):
    with duckdb.connect(str(mart), read_only=True) as con:
        return con.execute(
            "select indicator_id, appendix, narrative, narrative_source, actions from exceptions "
            "where period_label = '2025/26 Q2'"
        ).fetchall()


def test_appendix_membership(pack):
    """Red in Appendix 1 whatever its direction; Amber only when Worsening (Appendix 2); Amber
    and Improving, and Green, are not exceptions."""
    appendix = {r[0]: r[1] for r in _exceptions(pack[0])}
    assert appendix == {"E_RISE": 1, "E_FALL": 1, "E_SERVICE": 1, "E_BB": 1, "E_PH": 1, "E_SAME": 2}


def test_drafted_narratives(pack):
    """Rise with a benchmark, fall without one or a year-earlier quarter, no change (as printed:
    0.1100004 and 0.11 both print 0.11) with a benchmark; the service's narrative is kept."""
    rows = {r[0]: r for r in _exceptions(pack[0])}
    assert rows["E_RISE"][2] == (
        "45.22% at the end of September, up from 41.61% in July (August 43.10%); target 30%; "
        "previous quarter 44.00%; same quarter last year 40.00%; England 45%"
    )
    assert (
        rows["E_FALL"][2]
        == "15 at the end of September, down from 20 in July (August 18); target 8; previous quarter 17"
    )
    assert rows["E_SAME"][2] == (
        "0.11 at the end of September, unchanged from 0.11 in July (August 0.12); target 0.1; "
        "previous quarter 0.10; same quarter last year 0.09; England 0.13"
    )
    assert {r[0]: r[3] for r in rows.values()} == {
        "E_RISE": "drafted",
        "E_FALL": "drafted",
        "E_SAME": "drafted",
        "E_BB": "drafted",
        "E_PH": "drafted",
        "E_SERVICE": "service",
    }
    assert rows["E_SERVICE"][2] == INJECTED_NARRATIVE and rows["E_SERVICE"][4] == INJECTED_ACTIONS
    assert rows["E_RISE"][4] is None


def test_html_order_escaping_and_other_commentary(pack):
    """Appendix 1 grouped by service area then title (case-insensitive), then Appendix 2;
    commentary shows as text, never markup; drafted rows carry the mark; commentary on a
    non-exception is listed after the appendices."""
    html = pack[1][0].read_text()
    appendix_1 = html[html.index('id="appendix-1"') : html.index('id="appendix-2"')]
    appendix_2 = html[html.index('id="appendix-2"') : html.index('id="other-commentary"')]
    other = html[html.index('id="other-commentary"') : html.index('id="notes"')]

    def order(section):
        return [part.split('"')[0] for part in section.split('data-indicator="')[1:]]

    assert order(appendix_1) == ["E_SERVICE", "E_BB", "E_FALL", "E_RISE", "E_PH"]
    assert order(appendix_2) == ["E_SAME"]
    assert order(other) == ["E_AMBER_IMPROVING"]
    assert "<script>" not in html and "<b>commentary" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Other &lt;b&gt;commentary&lt;/b&gt;" in other
    assert appendix_1.count(DRAFTED_MARK) == 4  # all but the service's
    assert "45.22%" in appendix_1 and ">RED<" in appendix_1 and ">AMBER<" in appendix_2
    assert "@page { size: A4 landscape" in html


def test_xlsx_sheets_and_inert_commentary(pack):
    """One sheet per appendix, other commentary, notes; same order; formula-like commentary
    stored as text with Excel's quote prefix (no formula element anywhere)."""
    path = pack[1][1]
    book = load_workbook(path)
    assert book.sheetnames == ["Appendix 1", "Appendix 2", "Other commentary", "Notes"]
    first = [[c.value for c in row] for row in book["Appendix 1"].iter_rows()]
    assert first[0][:5] == ["Service Area", "Indicator", "Data", "RAG", "DOT"]
    assert [r[1] for r in first[1:]] == [
        "adults safeguarding concerns",
        "Number of families in B&B",
        "Number of SEND tribunals",
        "Percentage of looked after children outside",
        "Deaths registered in 5 days",
    ]
    service = first[1]
    assert service[2] == "636" and service[6] == INJECTED_NARRATIVE and service[8] == INJECTED_ACTIONS
    assert book["Appendix 1"].cell(row=2, column=9).quotePrefix
    assert book["Appendix 1"].freeze_panes == "A2"
    assert book["Other commentary"].cell(row=2, column=4).value == "+1 watch"
    notes = {row[0].value: row[1].value for row in book["Notes"].iter_rows(min_row=2)}
    assert notes["Run date"] == "2026-01-05" and notes["Data through"] == "2025-09-30"
    archive = zipfile.ZipFile(path)
    assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_descriptions_reach_the_mart(pack):
    """dbt persist_docs writes the YAML descriptions as DuckDB comments and publish copies them:
    a dashboard author sees them in the mart."""
    with duckdb.connect(str(pack[0]), read_only=True) as con:
        tables = dict(con.execute("select table_name, comment from duckdb_tables()").fetchall())
        columns = {
            (t, c): comment
            for t, c, comment in con.execute("select table_name, column_name, comment from duckdb_columns()").fetchall()
        }
    assert tables["indicator_spc"].startswith("NHS Making Data Count XmR")
    assert "committee report" in columns[("indicators", "target_source")]
    assert columns[("exceptions", "narrative_source")].startswith("service when the commentary file")
    spc_columns = ("value", "mean", "upper_limit", "lower_limit", "special_cause", "variation", "assurance")
    assert all(columns[("indicator_spc", c)] for c in spc_columns)  # built by dbt here (indicator_values is not)
