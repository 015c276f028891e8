"""The DQ anomaly report, `reports/<quarter>/dq_report.html`: per source its freshness, rows
read/loaded/quarantined, the rules that fired with counts, what is new and resolved since the
previous delivery, a 12-period trend per rule, volume anomalies with a chart, and
restatements. Self-contained (inline CSS and SVG, no network), readable without colour
(every mark is also a shape or a word), and built from aggregates only: no record id, name or
value from a delivered file reaches it.

`gather` reads the aggregates from the warehouse; `render_html` is pure.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.periods import slug_from_label

TREND_PERIODS = 12
CHART_MONTHS = 24


@dataclass
class RuleCount:
    rule_code: str
    table_name: str | None
    family: str
    severity: str
    description: str
    fix: str
    rows_affected: int
    new: int
    resolved: int
    trend: list[tuple[str, int]] = field(default_factory=list)  # (period, rows), oldest first


@dataclass
class VolumeSeries:
    table_name: str
    record_type: str
    months: list[tuple[str, int, float | None, float | None, bool]]  # (month, records, low, high, anomaly)

    @property
    def anomalies(self) -> list[tuple[str, int, float | None, float | None, bool]]:
        return [m for m in self.months if m[4]]


@dataclass
class SourceQuality:
    source: str
    freshness: dict | None
    files: list[dict]
    rules: list[RuleCount]
    volume: list[VolumeSeries]
    restatements: list[dict]

    @property
    def rules_fired(self) -> int:
        return sum(1 for rule in self.rules if rule.rows_affected)


@dataclass
class DqReport:
    quarter_label: str
    sources: list[SourceQuality]


def gather(con: duckdb.DuckDBPyConnection, quarter_label: str, schema: str = "marts") -> DqReport:
    """The report's aggregates from the warehouse (read-only connection)."""

    def rows(sql: str, params=()) -> list[dict]:
        cursor = con.execute(sql.replace("{s}", schema), list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    freshness = {r["source"]: r for r in rows("select * from {s}.dq_freshness")}
    files = rows(
        "select source, table_name, delivery, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded, "
        "sum(rows_quarantined) as rows_quarantined from {s}.load_log group by all order by all"
    )
    counts = rows(
        """
        with current_counts as (
            select source, table_name, rule_code,
                count(*) filter (where status <> 'resolved') as rows_affected,
                count(*) filter (where status = 'new') as new,
                count(*) filter (where status = 'resolved') as resolved
            from {s}.dq_issues group by all
        )
        select rules.rule_code, rules.source, rules.table_name, rules.family, rules.severity, rules.description,
            rules.fix, current_counts.rows_affected, current_counts.new, current_counts.resolved
        from current_counts
        join {s}.dq_rules as rules
            on current_counts.rule_code = rules.rule_code and current_counts.source = rules.source
            and current_counts.table_name is not distinct from rules.table_name
        order by rules.source, rules.severity, current_counts.rows_affected desc, rules.rule_code
        """
    )
    trend: dict[tuple, list[tuple[str, int]]] = {}
    for r in rows("select source, table_name, rule_code, period, rows_affected from {s}.dq_trend order by period"):
        trend.setdefault((r["source"], r["table_name"], r["rule_code"]), []).append((r["period"], r["rows_affected"]))
    series: dict[tuple, list] = {}
    for r in rows(
        "select source, table_name, record_type, strftime(month_start, '%Y-%m') as month, records, expected_low, "
        "expected_high, is_anomaly from {s}.dq_volume order by month_start"
    ):
        series.setdefault((r["source"], r["table_name"], r["record_type"]), []).append(
            (r["month"], r["records"], r["expected_low"], r["expected_high"], bool(r["is_anomaly"]))
        )
    restated = rows(
        "select catalogue.source, restatements.* from {s}.restatements as restatements "
        "join {s}.indicators as catalogue using (indicator_id) order by indicator_id, period_label"
    )
    names = sorted({*freshness, *(f["source"] for f in files), *(c["source"] for c in counts)})
    sources = []
    for name in names:
        rules = [
            RuleCount(
                c["rule_code"],
                c["table_name"],
                c["family"],
                c["severity"],
                c["description"],
                c["fix"],
                int(c["rows_affected"]),
                int(c["new"]),
                int(c["resolved"]),
                trend.get((name, c["table_name"], c["rule_code"]), [])[-TREND_PERIODS:],
            )
            for c in counts
            if c["source"] == name
        ]
        volume = [
            VolumeSeries(table, kind, months[-CHART_MONTHS:])
            for (source, table, kind), months in sorted(series.items())
            if source == name
        ]
        sources.append(
            SourceQuality(
                name,
                freshness.get(name),
                [f for f in files if f["source"] == name],
                rules,
                volume,
                [r for r in restated if r["source"] == name],
            )
        )
    return DqReport(quarter_label, sources)


CSS = """
body{font-family:system-ui,Arial,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.n{text-align:right}
.flag{font-weight:bold}.note{font-style:italic}
section{border-top:3px solid #111;margin-top:2rem}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(header: list[str], body: list[list[object]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in header)
    lines = []
    for row in body:
        cells = "".join(
            f"<td class='n'>{_e(v)}</td>" if i in numeric else f"<td>{_e(v)}</td>" for i, v in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _trend_text(trend: list[tuple[str, int]]) -> str:
    return ", ".join(f"{period}: {rows}" for period, rows in trend) or "-"


# the widest margins tight_layout chose on the demo council's charts (an anomaly's label at the
# last month needs the right-hand one)
VOLUME_CHART_MARGINS = {"left": 0.1, "right": 0.91, "bottom": 0.132, "top": 0.868}


def volume_chart(series: VolumeSeries) -> str:
    """An inline SVG of monthly counts with the expected range; anomalies are marked with a
    triangle and labelled, so the chart reads in greyscale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    months = [m[0] for m in series.months]
    records = [m[1] for m in series.months]
    low = [m[2] if m[2] is not None else float("nan") for m in series.months]
    high = [m[3] if m[3] is not None else float("nan") for m in series.months]
    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "scrutiny"
    fig, ax = plt.subplots(figsize=(8, 2.6))
    x = list(range(len(months)))
    ax.fill_between(x, low, high, color="0.85", label="expected range (trailing 12 months)")
    ax.plot(x, records, color="black", marker="o", markersize=3, linewidth=1, label="records")
    for i, month in enumerate(series.months):
        if month[4]:
            ax.plot(i, month[1], marker="v", markersize=10, color="black", linestyle="none")
            ax.annotate(f"{month[0]}: {month[1]}", (i, month[1]), textcoords="offset points", xytext=(4, 6), fontsize=8)
    step = max(1, len(months) // 8)
    ax.set_xticks(x[::step], months[::step], fontsize=7)
    ax.set_ylabel("records")
    title = series.table_name + (f" ({series.record_type})" if series.record_type else "")
    ax.set_title(f"{title}: records a month; triangles mark anomalies", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.subplots_adjust(**VOLUME_CHART_MARGINS)  # tight_layout drew each chart twice
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)  # matplotlib's RDF block
    return svg[svg.index("<svg") :]


def _source_section(source: SourceQuality) -> str:
    parts = [f"<section id='{_e(source.source)}'><h2>{_e(source.source)}</h2>"]
    parts.append("<h3>Freshness</h3>")
    fresh = source.freshness
    if fresh is None:
        parts.append("<p class='note'>Not dated by delivery (quarterly commentary) or not delivered.</p>")
    else:
        state = "STALE" if fresh["is_stale"] else "current"
        not_covered = ", ".join(fresh["months_not_covered"]) or "none"
        parts.append(
            _table(
                ["newest delivery", "covers up to", "run's last month", "state", "months not covered", "indicators"],
                [
                    [
                        fresh["newest_delivery"],
                        fresh["covered_through"],
                        fresh["run_last_month"],
                        state,
                        not_covered,
                        fresh["indicator_ids"],
                    ]
                ],
            )
        )
        if fresh["is_stale"]:
            parts.append(
                f"<p class='flag'>Stale: the indicators above cannot report {_e(not_covered)} from this "
                "extract (they show 0 or a frozen cohort). Ask for a current extract.</p>"
            )
    parts.append("<h3>Rows read, loaded and quarantined</h3>")
    parts.append(
        _table(
            ["table", "delivery", "rows read", "rows loaded", "rows quarantined"],
            [
                [f["table_name"], f["delivery"], f["rows_read"], f["rows_loaded"], f["rows_quarantined"]]
                for f in source.files
            ],
            numeric={2, 3, 4},
        )
        if source.files
        else "<p class='note'>No files loaded.</p>"
    )
    parts.append("<h3>Rules that fired</h3>")
    fired = [r for r in source.rules if r.rows_affected or r.resolved]
    if fired:
        parts.append(
            _table(
                [
                    "rule",
                    "table",
                    "family",
                    "severity",
                    "records",
                    "new",
                    "resolved",
                    "trend (period: records)",
                    "what it means",
                    "fix",
                ],
                [
                    [
                        r.rule_code,
                        r.table_name or "(source)",
                        r.family,
                        r.severity.upper(),
                        r.rows_affected,
                        r.new,
                        r.resolved,
                        _trend_text(r.trend),
                        r.description,
                        r.fix,
                    ]
                    for r in fired
                ],
                numeric={4, 5, 6},
            )
        )
    else:
        parts.append("<p>No rule fired.</p>")
    parts.append("<h3>New and resolved since the previous delivery</h3>")
    new = sum(r.new for r in source.rules)
    resolved = sum(r.resolved for r in source.rules)
    parts.append(
        f"<p>{new} new and {resolved} resolved record issues (record lists: restricted/dq_{_e(source.source)}.xlsx).</p>"
    )
    parts.append("<h3>Volume anomalies</h3>")
    anomalous = [s for s in source.volume if s.anomalies]
    if not anomalous:
        parts.append("<p>No month outside its expected range.</p>")
    for series in anomalous:
        parts.append(
            _table(
                ["table", "type", "month", "records", "expected from", "expected to"],
                [
                    [series.table_name, series.record_type or "-", m[0], m[1], f"{m[2]:.1f}", f"{m[3]:.1f}"]
                    for m in series.anomalies
                ],
                numeric={3, 4, 5},
            )
        )
        parts.append(f"<figure>{volume_chart(series)}</figure>")
    parts.append("<h3>Restatements</h3>")
    if source.restatements:
        parts.append(
            _table(
                [
                    "indicator",
                    "period",
                    "previous delivery",
                    "new delivery",
                    "previous (num / den = value)",
                    "now (num / den = value)",
                    "records added",
                    "removed",
                    "changed",
                ],
                [
                    [
                        r["indicator_id"],
                        r["period_label"],
                        r["previous_delivery"],
                        r["new_delivery"],
                        f"{r['previous_numerator']} / {r['previous_denominator']} = {r['previous_value']}",
                        f"{r['numerator']} / {r['denominator']} = {r['value']}",
                        r["records_added"],
                        r["records_removed"],
                        r["records_changed"],
                    ]
                    for r in source.restatements
                ],
                numeric={6, 7, 8},
            )
        )
    else:
        parts.append("<p>No published figure changed.</p>")
    parts.append("</section>")
    return "".join(parts)


def render_html(report: DqReport) -> str:
    """The whole report as one HTML document (no scripts, no external resources)."""
    overview = _table(
        ["source", "state", "rules fired", "records with issues", "new", "resolved", "volume anomalies", "restated"],
        [
            [
                s.source,
                "STALE" if s.freshness and s.freshness["is_stale"] else "current",
                s.rules_fired,
                sum(r.rows_affected for r in s.rules),
                sum(r.new for r in s.rules),
                sum(r.resolved for r in s.rules),
                sum(len(v.anomalies) for v in s.volume),
                len(s.restatements),
            ]
            for s in report.sources
        ],
        numeric={2, 3, 4, 5, 6, 7},
    )
    sections = "".join(_source_section(s) for s in report.sources)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Data quality report {_e(report.quarter_label)}</title><style>{CSS}</style></head><body>"
        f"<h1>Data quality report: {_e(report.quarter_label)}</h1>"
        "<p>What each source's extracts need fixing, for the services to resolve at source. Counts only: the "
        "record lists are in the restricted workbooks beside this file. Volume anomalies: robust z = "
        "(x - median) / (1.4826 x MAD) against the 12 months before, flagged beyond 3.5.</p>"
        f"<h2>Overview</h2>{overview}{sections}</body></html>"
    )


def rules_fired_by_source(report: DqReport) -> dict[str, int]:
    return {s.source: s.rules_fired for s in report.sources}


def print_outputs(data_dir: Path, mart: Path, quarter_label: str) -> None:
    """What `scrutiny run` prints about the DQ outputs: the report, the restricted folder and
    the number of rules that fired per source (from the published dq_summary)."""
    folder = data_dir / "reports" / slug_from_label(quarter_label)
    report = folder / "dq_report.html"
    if not report.exists():
        print(f"  DQ report: none written for {quarter_label}")
        return
    with duckdb.connect(str(mart), read_only=True) as con:
        fired = con.execute(
            "select source, count(distinct rule_code) from dq_summary where rows_affected > 0 group by 1 order by 1"
        ).fetchall()
    print(f"  DQ report:                               {report}")
    print(f"  DQ record lists (restricted):            {folder / 'restricted'}")
    print("  DQ rules that fired, by source:          " + ", ".join(f"{source} {n}" for source, n in fired))
