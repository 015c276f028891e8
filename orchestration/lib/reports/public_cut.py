"""The public cut (`data/published/public/`): the mart's indicators, values and SPC with
disclosure control, as CSV and Parquet, built only from the published mart.

The rule (also in the README written beside the files):
- a count of 1 to 4 is shown as `c`;
- a percentage or rate whose numerator, or denominator minus numerator, is 1 to 4 shows `c`
  for its value, numerator and denominator;
- 0 stays 0; a quarter's row repeats its last month, so it is suppressed exactly when that
  month is;
- what would bound a suppressed figure is suppressed with it: its RAG and directions of
  travel, the direction of travel of the next period and of the same period a year later
  (they compare with it), and an indicator's SPC mean, limits and rules when any of its
  months is suppressed (the mean of 36 shown months and one hidden one gives the hidden one).

The folder is replaced whole: a new one is written beside it and renamed into place, so a
failed build leaves the last cut untouched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd

SUPPRESSED = "c"
SMALL = range(1, 5)
VALUE_COLUMNS = ["numerator", "denominator", "value"]
JUDGEMENT_COLUMNS = ["rag", "dot", "dot_year"]
SPC_COLUMNS = ["mean", "upper_limit", "lower_limit", "special_cause", "variation", "assurance"]
TABLES = ("indicators", "indicator_values", "indicator_spc")

README = """# The public cut

Published by scrutiny from the aggregate mart (`published/mart.duckdb`); no record-level data.
Files: `indicators`, `indicator_values` and `indicator_spc`, each as `.csv` and `.parquet`.

## Disclosure control

- A count of 1 to 4 is shown as `c`.
- A percentage or rate whose numerator, or whose denominator minus numerator, is 1 to 4 shows
  `c` for its value, numerator and denominator.
- 0 is shown as 0. A quarter's row repeats the figures of its last month, so it is suppressed
  exactly when that month is.
- Nothing suppressed can be worked out from what is shown: a suppressed figure's RAG and
  directions of travel are `c`, and so is the direction of travel of the next period and of the
  same period a year later (they compare with the suppressed figure). When any month of an
  indicator is suppressed, its SPC mean, limits, special causes, variation and assurance are
  `c` for every month (the mean of the shown months and the overall mean would give the
  hidden one).

Values are unrounded (percentages 0 to 100; rates per 100 pupils). The internal dashboards use
the full mart; this folder is the only one to publish.
"""


def is_disclosive(unit: str, numerator: object, denominator: object) -> bool:
    """True when a row's figures must be suppressed under the rule above."""
    if pd.isna(numerator):
        return False
    if unit == "count":
        return int(numerator) in SMALL
    if int(numerator) in SMALL:
        return True
    return not pd.isna(denominator) and int(denominator) - int(numerator) in SMALL


def suppress_values(values: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """indicator_values with disclosive figures (and what would bound them) shown as `c`.
    Figure and judgement columns become text; the rest keep their types."""
    out = values.copy()
    hidden = pd.Series(
        [
            is_disclosive(units[i], n, d)
            for i, n, d in zip(out.indicator_id, out.numerator, out.denominator, strict=True)
        ],
        index=out.index,
    )
    for column in VALUE_COLUMNS:
        out[column] = [_text(v, integer=column != "value") for v in out[column]]
    for column in JUDGEMENT_COLUMNS:
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    hidden_at = {
        (i, t, pd.Timestamp(s))
        for i, t, s, h in zip(out.indicator_id, out.period_type, out.period_start, hidden, strict=True)
        if h
    }
    step = {"month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3)}
    for row in out.itertuples():
        start = pd.Timestamp(row.period_start)
        if hidden[row.Index]:
            for column in VALUE_COLUMNS:
                if column != "denominator" or units[row.indicator_id] != "count":
                    out.at[row.Index, column] = SUPPRESSED
            for column in JUDGEMENT_COLUMNS:
                out.at[row.Index, column] = SUPPRESSED
            continue
        if (row.indicator_id, row.period_type, start - step[row.period_type]) in hidden_at:
            out.at[row.Index, "dot"] = SUPPRESSED
        if (row.indicator_id, row.period_type, start - pd.DateOffset(months=12)) in hidden_at:
            out.at[row.Index, "dot_year"] = SUPPRESSED
    return out


def suppress_spc(spc: pd.DataFrame, public_values: pd.DataFrame) -> pd.DataFrame:
    """indicator_spc with the public month values, and every SPC figure of an indicator with a
    suppressed month shown as `c`."""
    months = public_values[public_values.period_type == "month"]
    shown = {
        (i, pd.Timestamp(s)): v for i, s, v in zip(months.indicator_id, months.period_start, months.value, strict=True)
    }
    out = spc.copy()
    out["value"] = [shown.get((i, pd.Timestamp(s))) for i, s in zip(out.indicator_id, out.period_start, strict=True)]
    hidden = set(out.indicator_id[out.value == SUPPRESSED])
    for column in SPC_COLUMNS:
        text = [_text(v) if column in {"mean", "upper_limit", "lower_limit"} else v for v in out[column]]
        out[column] = [
            SUPPRESSED if i in hidden else (None if pd.isna(v) else v)
            for i, v in zip(out.indicator_id, text, strict=True)
        ]
    return out


def disclosure_breaches(public_dir: Path) -> list[str]:
    """Rows of the written indicator_values.csv that show a figure the rule suppresses (an
    independent read of what was published, for the asset check)."""
    indicators = pd.read_csv(public_dir / "indicators.csv", dtype=str)
    units = dict(zip(indicators.indicator_id, indicators.unit, strict=True))
    values = pd.read_csv(public_dir / "indicator_values.csv", dtype=str, keep_default_na=False)
    shown = values[(values.numerator != SUPPRESSED) & (values.numerator != "")]
    return [
        f"{row.indicator_id} {row.period_label}: numerator {row.numerator}, denominator {row.denominator or '-'}"
        for row in shown.itertuples()
        if is_disclosive(units[row.indicator_id], int(row.numerator), int(row.denominator) if row.denominator else None)
    ]


def build_public_cut(mart: Path, public_dir: Path) -> dict[str, int]:
    """Write the public cut from `mart` into `public_dir`, replacing it whole. Returns the
    number of figures (value cells) suppressed per table and the rows written."""
    with duckdb.connect(str(mart), read_only=True) as con:
        indicators = con.execute("select * from indicators order by indicator_id").df()
        values = con.execute("select * from indicator_values order by indicator_id, period_type, period_start").df()
        spc = con.execute("select * from indicator_spc order by indicator_id, period_start").df()
    units = dict(zip(indicators.indicator_id, indicators.unit, strict=True))
    public_values = suppress_values(values, units)
    public_spc = suppress_spc(spc, public_values)
    tables = {"indicators": indicators, "indicator_values": public_values, "indicator_spc": public_spc}

    public_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = public_dir.with_name(f".{public_dir.name}.{os.getpid()}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False)
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        (staging / "README.md").write_text(README)
        _swap_in(staging, public_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {
        "indicator_values_rows": len(public_values),
        "values_suppressed": int((public_values.value == SUPPRESSED).sum()),
        "indicator_spc_rows": len(public_spc),
    }


def _swap_in(staging: Path, target: Path) -> None:
    """Move the finished folder into place; the old one is removed only once the new one is in."""
    retired = target.with_name(f".{target.name}.{os.getpid()}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _text(value: object, integer: bool = False) -> str | None:
    if value is None or pd.isna(value):
        return None
    return str(int(value)) if integer else repr(float(value))
