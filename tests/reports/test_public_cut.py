"""Disclosure control of the public cut, on a mart built by hand (no dbt): 1..4 suppressed,
percentages with a small numerator or complement, quarter rows like their last month, what
would bound a suppressed figure, and 0 and 5 shown."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from orchestration.lib.reports.public_cut import README, SUPPRESSED, build_public_cut, disclosure_breaches

INDICATORS = [
    ("N_COUNT", "count"),
    ("P_PCT", "percent"),
    ("R_RATE", "rate"),
]


def _row(indicator_id, period_type, label, start, end, numerator, denominator, value, rag="Green", dot="Same"):
    return (indicator_id, period_type, label, start, end, numerator, denominator, value, 1.0, rag, dot, dot,
            None, None, None)  # fmt: skip


def _months(indicator_id, figures):
    """(numerator, denominator) for Jan..Dec 2025 and Jan 2026; value computed from them."""
    rows = []
    for i, (numerator, denominator) in enumerate(figures):
        start = date(2025 + (i // 12), i % 12 + 1, 1)
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        value = numerator if denominator is None else (None if denominator == 0 else 100 * numerator / denominator)
        rows.append(_row(indicator_id, "month", f"{start:%Y-%m}", start, end, numerator, denominator, value))
    return rows


@pytest.fixture
def mart(tmp_path):
    """Counts: 0,1,4,5,...; percentages: 3/10 (numerator 3), 97/100 (complement 3), 5/10,
    0/0, 2/2 ...; a rate with 2 exclusions in 40,000 pupils; the quarter Jul-Sep 2025 repeats
    September (count 4 and 96/100: both suppressed) and Oct-Dec repeats December (shown)."""
    counts = [(0, None), (1, None), (4, None), (5, None), (6, None), (7, None), (8, None), (9, None), (4, None),
              (10, None), (11, None), (12, None), (13, None)]  # fmt: skip
    percents = [(3, 10), (97, 100), (5, 10), (0, 0), (2, 2), (50, 100), (50, 100), (50, 100), (96, 100),
                (50, 100), (50, 100), (60, 100), (60, 100)]  # fmt: skip
    rates = [(2, 40000)] + [(20, 40000)] * 12
    values = _months("N_COUNT", counts) + _months("P_PCT", percents) + _months("R_RATE", rates)
    for indicator_id, figures in (("N_COUNT", counts), ("P_PCT", percents)):
        for label, start, end, last in (
            ("2025/26 Q2", date(2025, 7, 1), date(2025, 9, 30), figures[8]),
            ("2025/26 Q3", date(2025, 10, 1), date(2025, 12, 31), figures[11]),
        ):
            value = last[0] if last[1] is None else 100 * last[0] / last[1]
            values.append(_row(indicator_id, "quarter", label, start, end, last[0], last[1], value))
    path = tmp_path / "mart.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table indicators (indicator_id varchar, title varchar, service_area varchar, unit varchar, "
            "polarity varchar, target double, tolerance double, dot_threshold double, definition varchar, "
            "source varchar, target_source varchar)"
        )
        con.executemany(
            "insert into indicators values (?, ?, 'Area', ?, 'lower_is_better', 1, 1, 0, 'def', 'src', 'test')",
            [(i, i, unit) for i, unit in INDICATORS],
        )
        con.execute(
            "create table indicator_values (indicator_id varchar, period_type varchar, period_label varchar, "
            "period_start date, period_end date, numerator bigint, denominator bigint, value double, target double, "
            "rag varchar, dot varchar, dot_year varchar, benchmark_england double, "
            "benchmark_statistical_neighbours double, benchmark_good_plus double)"
        )
        con.executemany(f"insert into indicator_values values ({', '.join('?' * 15)})", values)
        con.execute(
            "create table indicator_spc as select indicator_id, period_start, value, 10.0 as mean, "
            "20.0 as upper_limit, 0.0 as lower_limit, null::varchar as special_cause, "
            "'common_cause' as variation, 'hit_or_miss' as assurance from indicator_values where period_type = 'month'"
        )
    return path


def _cut(mart, tmp_path):
    public = tmp_path / "published" / "public"
    build_public_cut(mart, public)
    values = pd.read_csv(public / "indicator_values.csv", dtype=str, keep_default_na=False)
    return public, values.set_index(["indicator_id", "period_label"])


def test_counts_1_to_4_suppressed_0_and_5_shown(mart, tmp_path):
    _, values = _cut(mart, tmp_path)
    shown = values.loc["N_COUNT"]
    assert list(shown.loc[["2025-01", "2025-02", "2025-03", "2025-04"], "value"]) == ["0.0", "c", "c", "5.0"]
    assert list(shown.loc[["2025-01", "2025-02", "2025-03", "2025-04"], "numerator"]) == ["0", "c", "c", "5"]
    assert shown.loc["2025-02", "denominator"] == ""  # counts have none; nothing to hide
    assert list(shown.loc["2025-02", ["rag", "dot", "dot_year"]]) == [SUPPRESSED] * 3


def test_percentages_with_a_small_numerator_or_complement(mart, tmp_path):
    """3/10 (numerator 3) and 97/100 (100 - 97 = 3) and 2/2 (numerator 2) are suppressed in
    value, numerator and denominator; 5/10 shows; 0/0 shows (no value, 0 stays 0)."""
    _, values = _cut(mart, tmp_path)
    pct = values.loc["P_PCT"]
    for label in ("2025-01", "2025-02", "2025-05"):
        assert list(pct.loc[label, ["value", "numerator", "denominator"]]) == [SUPPRESSED] * 3, label
    assert list(pct.loc["2025-03", ["value", "numerator", "denominator"]]) == ["50.0", "5", "10"]
    assert list(pct.loc["2025-04", ["value", "numerator", "denominator"]]) == ["", "0", "0"]


def test_rates_suppress_a_small_numerator(mart, tmp_path):
    """2 exclusions in 40,000 pupils: the rate, the count and the headcount are all `c` (with
    the headcount shown the rate would give the count back)."""
    _, values = _cut(mart, tmp_path)
    assert list(values.loc[("R_RATE", "2025-01"), ["value", "numerator", "denominator"]]) == [SUPPRESSED] * 3
    assert values.loc[("R_RATE", "2025-02"), "numerator"] == "20"


def test_quarter_rows_follow_their_last_month(mart, tmp_path):
    """2025/26 Q2 repeats September (count 4, 96/100): suppressed like September; Q3 repeats
    December (12, 60/100): shown like December."""
    _, values = _cut(mart, tmp_path)
    for indicator_id in ("N_COUNT", "P_PCT"):
        assert values.loc[(indicator_id, "2025/26 Q2"), "value"] == SUPPRESSED
        assert values.loc[(indicator_id, "2025-09"), "value"] == SUPPRESSED
        assert values.loc[(indicator_id, "2025/26 Q3"), "value"] == values.loc[(indicator_id, "2025-12"), "value"]
        assert values.loc[(indicator_id, "2025/26 Q3"), "value"] != SUPPRESSED


def test_nothing_bounds_a_suppressed_figure(mart, tmp_path):
    """The month after a suppressed one and the month a year later hide the direction of
    travel that compares with it; an indicator with a suppressed month hides its SPC figures
    (the mean would give the hidden value back) and shows the same values as indicator_values."""
    public, values = _cut(mart, tmp_path)
    count = values.loc["N_COUNT"]
    assert count.loc["2025-04", "dot"] == SUPPRESSED  # March (4) is hidden
    assert count.loc["2025-05", "dot"] == "Same"
    assert count.loc["2026-01", "dot_year"] == "Same" and count.loc["2026-01", "value"] == "13.0"
    rates = values.loc["R_RATE"]
    assert rates.loc["2026-01", "dot_year"] == SUPPRESSED  # January 2025 is hidden
    spc = pd.read_parquet(public / "indicator_spc.parquet")
    assert set(spc["mean"]) == {SUPPRESSED} and set(spc["upper_limit"]) == {SUPPRESSED}
    assert set(spc.assurance) == {SUPPRESSED}
    public_months = values[values.index.get_level_values(1).str.len() == 7]
    assert sorted(spc.value.fillna("")) == sorted(public_months.value)


def test_files_readme_and_parquet_match_csv(mart, tmp_path):
    public, values = _cut(mart, tmp_path)
    assert sorted(p.name for p in public.iterdir()) == [
        "README.md",
        "indicator_spc.csv",
        "indicator_spc.parquet",
        "indicator_values.csv",
        "indicator_values.parquet",
        "indicators.csv",
        "indicators.parquet",
    ]
    assert (public / "README.md").read_text() == README and "1 to 4" in README
    parquet = pd.read_parquet(public / "indicator_values.parquet")
    assert list(parquet.value.fillna("")) == list(values.value)
    assert "target_source" in pd.read_csv(public / "indicators.csv").columns


def test_a_failed_build_leaves_the_last_cut(mart, tmp_path):
    public, _ = _cut(mart, tmp_path)
    before = (public / "indicator_values.csv").read_bytes()
    with duckdb.connect(str(mart)) as con:
        con.execute("drop table indicator_spc")
    with pytest.raises(duckdb.CatalogException):
        build_public_cut(mart, public)
    assert (public / "indicator_values.csv").read_bytes() == before
    assert sorted(p.name for p in public.parent.iterdir()) == ["public"]


def test_the_asset_check_reads_back_what_was_published(mart, tmp_path):
    """No breach in the cut as built; un-suppressing one figure in the CSV is caught."""
    public, _ = _cut(mart, tmp_path)
    assert disclosure_breaches(public) == []
    csv_path = public / "indicator_values.csv"
    lines = csv_path.read_text().splitlines()
    lines = [line.replace(",c,", ",3,", 1) if line.startswith("N_COUNT,month,2025-02,") else line for line in lines]
    csv_path.write_text("\n".join(lines) + "\n")
    assert disclosure_breaches(public) == ["N_COUNT 2025-02: numerator 3, denominator -"]
