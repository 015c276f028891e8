"""The exceptions report, `reports/<quarter>/exceptions.html` and `.xlsx`: Appendix 1 (Red)
and Appendix 2 (Amber and Worsening) laid out as the council's report lays them out (Service
Area, Indicator, Data, RAG, DOT, Narrative, Actions, plus the SPC reading), grouped by service
area, then the service commentary on indicators that are not exceptions. Built only from the
published mart; drafted narratives are marked for an officer to edit."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
from openpyxl import Workbook

from orchestration.lib.reports.common import TEMPLATES, format_figure, quarter_heading, spc_summary, write_whole
from orchestration.lib.reports.workbook import write_table

APPENDIX_TITLES = {
    1: "Appendix 1. Summary of performance exceptions (red RAG-rated measures)",
    2: "Appendix 2. Summary of performance exceptions (Amber and ‘worsening’ RAG-rated measures)",
}
DRAFTED_MARK = "Drafted from the data for an officer to edit"
COLUMNS = ["Service Area", "Indicator", "Data", "RAG", "DOT", "SPC", "Narrative", "Narrative source", "Actions"]


@dataclass(frozen=True)
class ExceptionRow:
    appendix: int
    service_area: str
    indicator_id: str
    title: str
    data: str
    rag: str
    dot: str
    spc: str
    narrative: str
    narrative_source: str
    actions: str


@dataclass(frozen=True)
class ExceptionsReport:
    quarter_label: str
    heading: str
    data_through: date
    rows: list[ExceptionRow]
    other_commentary: list[dict]
    notes: list[tuple[str, str]]

    def appendix(self, number: int) -> list[ExceptionRow]:
        return [row for row in self.rows if row.appendix == number]


def load_report(mart: Path, quarter_label: str, run_date: date | None = None) -> ExceptionsReport:
    """The report's content for one quarter, in report order: appendix, service area, title."""
    with duckdb.connect(str(mart), read_only=True) as con:
        period = con.execute(
            "select min(period_start), max(period_end) from indicator_values "
            "where period_type = 'quarter' and period_label = ?",
            [quarter_label],
        ).fetchone()
        if period[0] is None:
            raise ValueError(f"the mart has no figures for {quarter_label}")
        records = con.execute(
            """
            select e.appendix, e.service_area, e.indicator_id, e.title, e.value, i.unit, e.rag, e.dot,
                   s.variation, s.special_cause, s.assurance, e.narrative, e.narrative_source, e.actions
            from exceptions e
            join indicators i using (indicator_id)
            left join indicator_spc s
                on s.indicator_id = e.indicator_id and s.period_start = date_trunc('month', ?::date)
            where e.period_label = ?
            order by e.appendix, e.service_area, lower(e.title)
            """,
            [period[1], quarter_label],
        ).fetchall()
        other = con.execute(
            "select service_area, indicator_id, title, narrative, actions from service_commentary "
            "where period_label = ? and not is_exception order by service_area, lower(title)",
            [quarter_label],
        ).df()
        catalogue = con.execute(
            "select indicator_id, title, definition, source, target_source from indicators order by indicator_id"
        ).fetchall()
        data_through = con.execute(
            "select max(period_end) from indicator_values where period_type = 'month'"
        ).fetchone()[0]
    rows = [
        ExceptionRow(
            appendix=r[0],
            service_area=r[1],
            indicator_id=r[2],
            title=r[3],
            data=format_figure(r[4], r[5]),
            rag=r[6],
            dot=r[7] or "-",
            spc=spc_summary(r[8], r[9], r[10]),
            narrative=r[11] or "",
            narrative_source=r[12],
            actions=r[13] or "",
        )
        for r in records
    ]
    run_date = run_date or datetime.now().date()
    notes = [
        ("Report", f"Performance exceptions, {quarter_heading(period[0], period[1])}"),
        ("Run date", run_date.isoformat()),
        ("Data through", data_through.isoformat()),
        ("Appendix 1", "Red: the quarter's value (its last month) is beyond the target by more than the tolerance."),
        ("Appendix 2", "Amber (within the tolerance of the target) and Worsening against the previous quarter."),
        ("Data", "Percentages and rates to 2 dp, counts whole; the value at the quarter's last month."),
        (
            "SPC",
            "NHS Making Data Count XmR over the indicator's monthly values (up to 36): the quarter's last month's "
            "variation and the assurance of the target against the process limits.",
        ),
        ("Narrative source", f"service: from the service's commentary; drafted: {DRAFTED_MARK.lower()}."),
        *[
            (f"{i} {title}", f"{definition}. Source: {source}. Target: {target}.")
            for i, title, definition, source, target in catalogue
        ],
    ]
    return ExceptionsReport(
        quarter_label=quarter_label,
        heading=quarter_heading(period[0], period[1]),
        data_through=data_through,
        rows=rows,
        other_commentary=other.to_dict("records"),
        notes=notes,
    )


def render_html(report: ExceptionsReport) -> str:
    return TEMPLATES.get_template("exceptions.html.j2").render(
        report=report, titles=APPENDIX_TITLES, drafted_mark=DRAFTED_MARK
    )


def render_xlsx(report: ExceptionsReport) -> bytes:
    book = Workbook(write_only=True)
    widths = [18, 40, 12, 8, 11, 30, 70, 12, 50]
    for number in (1, 2):
        sheet = book.create_sheet(f"Appendix {number}")
        write_table(
            sheet,
            COLUMNS,
            [
                [r.service_area, r.title, r.data, r.rag, r.dot, r.spc, r.narrative, r.narrative_source, r.actions]
                for r in report.appendix(number)
            ],
            widths=widths,
        )
    write_table(
        book.create_sheet("Other commentary"),
        ["Service Area", "Indicator", "Narrative", "Actions"],
        [[c["service_area"], c["title"], c["narrative"], c["actions"] or ""] for c in report.other_commentary],
        widths=[18, 40, 70, 50],
    )
    write_table(book.create_sheet("Notes"), ["Item", "Detail"], report.notes, widths=[40, 120], filters=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_exceptions_report(mart: Path, quarter_label: str, out_dir: Path, run_date: date | None = None) -> list[Path]:
    """Write exceptions.html and exceptions.xlsx for the quarter into out_dir (each file whole)."""
    report = load_report(mart, quarter_label, run_date)
    html_path, xlsx_path = out_dir / "exceptions.html", out_dir / "exceptions.xlsx"
    html, xlsx = render_html(report), render_xlsx(report)  # both rendered before either is written
    write_whole(html_path, html)
    write_whole(xlsx_path, xlsx)
    return [html_path, xlsx_path]
