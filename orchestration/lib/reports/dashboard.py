"""The scrutiny dashboard, `reports/<quarter>/dashboard.html`: one self-contained page built
only from the public cut, a section per service area and a card per indicator with the
quarter's value, target, RAG and DOT badges (text, not colour alone) and a 36-month trend
chart (matplotlib, inline SVG) with the target, the England benchmark, quarter markers and
the SPC mean and process limits. Suppressed figures (`c`) are gaps in the chart."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from orchestration.lib.reports.common import (
    TEMPLATES,
    format_figure,
    format_setting,
    quarter_heading,
    spc_summary,
    write_whole,
)
from orchestration.lib.reports.public_cut import SUPPRESSED

MONTHS_SHOWN = 36
# NHS Making Data Count colours (PlotTheDots): common cause grey, improvement blue, concern orange
POINT_COLOURS = {"improvement": "#00b0f0", "concern": "#e46c0a"}


@dataclass(frozen=True)
class Card:
    indicator_id: str
    title: str
    value: str
    target: str
    rag: str
    dot: str
    dot_year: str
    spc: str
    target_source: str
    chart_svg: str


def _number(text: object) -> float:
    """A public figure as a number; a suppressed (`c`) or missing one as NaN."""
    if text is None or text == SUPPRESSED or (isinstance(text, float) and text != text):
        return float("nan")
    return float(text)


def _shown(text: object, unit: str) -> str:
    if text == SUPPRESSED:
        return "c (suppressed: a small number)"
    return format_figure(_number(text), unit)


def _judgement(quarter: pd.Series | None, column: str, missing: str) -> str:
    if quarter is None or not isinstance(quarter[column], str):
        return missing
    return "c (suppressed)" if quarter[column] == SUPPRESSED else quarter[column]


CHART_MARGINS = {"left": 0.1, "right": 0.735, "bottom": 0.137, "top": 0.94}


def trend_chart(indicator: pd.Series, months: pd.DataFrame, spc: pd.DataFrame, quarter_start: date) -> str:
    """The indicator's trend as an inline SVG element."""
    unit = indicator.unit
    dates = pd.to_datetime(months.period_start)
    values = months.value.map(_number)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": indicator.indicator_id, "font.size": 8}):
        figure = Figure(figsize=(7.2, 2.4), dpi=100)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        for start in dates[dates.dt.month.isin([1, 4, 7, 10])]:
            axes.axvline(start, color="#dddddd", linewidth=0.6, zorder=0)
        axes.axvspan(
            pd.Timestamp(quarter_start),
            pd.Timestamp(quarter_start) + pd.DateOffset(months=2),
            color="#f3f2f1",
            zorder=0,
            label="reported quarter",
        )
        axes.plot(dates, values, color="#505a5f", linewidth=1.2, marker="o", markersize=2.5, label="value", zorder=3)
        limits = months[["period_start"]].merge(spc, on="period_start", how="left")  # one row per month shown
        mean = limits["mean"].map(_number)
        if mean.notna().any():
            axes.plot(dates, mean, color="#a6a6a6", linewidth=0.9, label="SPC mean")
        upper, lower = limits.upper_limit.map(_number), limits.lower_limit.map(_number)
        if upper.notna().any():
            axes.plot(dates, upper, color="#a6a6a6", linewidth=0.9, linestyle="--", label="process limits")
            axes.plot(dates, lower, color="#a6a6a6", linewidth=0.9, linestyle="--")
            for variation, colour in POINT_COLOURS.items():
                hit = (limits.variation == variation).to_numpy()
                if hit.any():
                    axes.scatter(
                        dates[hit], values[hit], color=colour, s=14, zorder=4, label=f"special cause: {variation}"
                    )
        if pd.notna(indicator.target):
            axes.axhline(indicator.target, color="#d4351c", linewidth=1, linestyle="-.", label="target")
        benchmark = months.benchmark_england.dropna()
        if len(benchmark):
            axes.axhline(benchmark.iloc[-1], color="#1d70b8", linewidth=1, linestyle=":", label="England")
        axes.set_ylabel({"percent": "%", "rate": "per 100 pupils", "count": "count"}[unit])
        axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[4, 10]))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
        # fixed margins (those tight_layout chose for the widest axis labels and legend) give every
        # card the same plot area; tight_layout drew each chart twice, ~40% of the dashboard's time
        figure.subplots_adjust(**CHART_MARGINS)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def load_cards(public_dir: Path, quarter_label: str) -> tuple[str, date, dict[str, list[Card]]]:
    """(heading, data through, cards by service area, each area's cards by indicator id)."""
    indicators = pd.read_parquet(public_dir / "indicators.parquet").sort_values(["service_area", "indicator_id"])
    values = pd.read_parquet(public_dir / "indicator_values.parquet")
    spc = pd.read_parquet(public_dir / "indicator_spc.parquet")
    quarters = values[(values.period_type == "quarter") & (values.period_label == quarter_label)]
    if quarters.empty:
        raise ValueError(f"the public cut has no figures for {quarter_label}")
    quarter_start, quarter_end = quarters.period_start.min(), quarters.period_end.max()
    last_month = pd.Timestamp(quarter_end).to_period("M").start_time
    first_shown = last_month - pd.DateOffset(months=MONTHS_SHOWN - 1)
    cards: dict[str, list[Card]] = {}
    for indicator in indicators.itertuples(index=False):
        row = quarters[quarters.indicator_id == indicator.indicator_id]
        series = pd.Series(indicator._asdict())
        months = values[
            (values.indicator_id == indicator.indicator_id)
            & (values.period_type == "month")
            & (pd.to_datetime(values.period_start) >= first_shown)
            & (pd.to_datetime(values.period_start) <= last_month)
        ].sort_values("period_start")
        own_spc = spc[spc.indicator_id == indicator.indicator_id]
        latest_spc = own_spc[pd.to_datetime(own_spc.period_start) == last_month]
        quarter = row.iloc[0] if len(row) else None
        spc_text = (
            "SPC not shown: a month of this indicator is suppressed"
            if (own_spc["mean"] == SUPPRESSED).any()
            else spc_summary(
                *(latest_spc[["variation", "special_cause", "assurance"]].iloc[0] if len(latest_spc) else (None,) * 3)
            )
        )
        cards.setdefault(indicator.service_area, []).append(
            Card(
                indicator_id=indicator.indicator_id,
                title=indicator.title,
                value=_shown(quarter["value"], indicator.unit) if quarter is not None else "-",
                target=format_setting(indicator.target, indicator.unit),
                rag=_judgement(quarter, "rag", "No rating"),
                dot=_judgement(quarter, "dot", "-"),
                dot_year=_judgement(quarter, "dot_year", "-"),
                spc=spc_text,
                target_source=indicator.target_source,
                chart_svg=trend_chart(series, months, own_spc, quarter_start),
            )
        )
    data_through = pd.to_datetime(values[values.period_type == "month"].period_end).max().date()
    return quarter_heading(quarter_start, quarter_end), data_through, cards


def build_dashboard(public_dir: Path, quarter_label: str, out_dir: Path) -> Path:
    """Write dashboard.html for the quarter into out_dir (whole)."""
    heading, data_through, cards = load_cards(public_dir, quarter_label)
    html = TEMPLATES.get_template("dashboard.html.j2").render(
        heading=heading, data_through=data_through, cards=cards, suppressed=SUPPRESSED
    )
    path = out_dir / "dashboard.html"
    write_whole(path, html)
    return path
