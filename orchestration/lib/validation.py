"""Validate a read file against its table schema with Pandera; split valid from quarantined.

Nothing is dropped: every data row ends up either in `valid` or in `quarantined`, and each
quarantined row carries one issue per broken rule (file row, column, rule, what to do).
Used for the GIAS reference download (see `reading.py`); source tables are validated in DuckDB
by `loading.py` from the same column specs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import pandera.errors
import pandera.pandas

from orchestration.lib.dates import parse_column
from orchestration.lib.reading import ROW_NUMBER, ReadResult
from schemas._spec import Table

FIX = {
    "missing_column": "add the column to the extract (the header names are in the contract) and re-deliver",
    "required": "fill in the value in the source system and re-deliver",
    "date_format": "correct the date (YYYY-MM-DD or dd/mm/yyyy) and re-deliver",
    "code_list": "record a code from the standard's list in the source system and re-deliver",
    "integer": "correct the number and re-deliver",
    "number": "correct the number and re-deliver",
    "minimum": "correct the number and re-deliver",
    "json": "correct the JSON object in the source system and re-deliver",
    "too_many_values": "the row has more values than the header has columns (a stray comma?); fix the row and re-deliver",
}
ISSUE_COLUMNS = [ROW_NUMBER, "column_name", "rule_code", "description"]


@dataclass
class Validated:
    valid: pd.DataFrame
    quarantined: pd.DataFrame  # ROW_NUMBER, reasons (JSON list), record (JSON object)
    issues: pd.DataFrame  # one row per broken rule
    warnings: list[tuple[str, str, int]] = field(default_factory=list)  # (rule, description, rows)

    @property
    def rows_read(self) -> int:
        return len(self.valid) + len(self.quarantined)


def validate(read: ReadResult, table: Table) -> Validated:
    frame = read.frame.copy()
    warnings = [(rule, text, 0) for rule, text in read.warnings]
    for column in read.missing_columns:
        frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    issues: list[pd.DataFrame] = []

    missing_required = [c for c in read.missing_columns if table.column(c).required]
    for column in read.missing_columns:
        if column not in missing_required:
            warnings.append(
                (
                    "missing_optional_column",
                    f"optional column {table.column(column).name} is missing; loaded as blank",
                    0,
                )
            )
    if missing_required:
        for column in missing_required:
            col = table.column(column)
            issues.append(
                _issues(
                    frame.index, frame, column, "missing_column", f"required column {col.name} is missing from the file"
                )
            )
    else:
        warnings += _normalise_codes(frame, table)
        for column in table.date_columns:
            frame[column] = parse_column(frame[column], allow_serial=read.from_excel)
        overflow = frame.index[frame["_overflow"].notna()]
        if len(overflow):
            issues.append(
                _issues(overflow, frame, "", "too_many_values", "the row has more values than the header has columns")
            )
        issues.append(_pandera_issues(frame, table))

    all_issues = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS)
    bad_index = frame.index[frame[ROW_NUMBER].isin(all_issues[ROW_NUMBER])]
    extras = read.extra_columns
    frame["_extra"] = _extra_json(frame, extras)
    keep = table.keys + [ROW_NUMBER, "_extra"]
    valid = frame.loc[~frame.index.isin(bad_index), keep].reset_index(drop=True)
    quarantined = _quarantine(frame.loc[bad_index], all_issues, table.keys + extras)
    return Validated(valid=valid, quarantined=quarantined, issues=all_issues, warnings=warnings)


def _issues(index, frame: pd.DataFrame, column: str, rule: str, description: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ROW_NUMBER: frame.loc[index, ROW_NUMBER].to_numpy(),
            "column_name": column,
            "rule_code": rule,
            "description": f"{description}; {FIX.get(rule, 'correct the row and re-deliver')}",
        }
    )


def _normalise_codes(frame: pd.DataFrame, table: Table) -> list[tuple[str, str, int]]:
    """Codes are matched after trimming and case-folding; a case fix is a warning."""
    warnings = []
    for column, codes in table.code_columns.items():
        canonical = {code.casefold(): code for code in codes}
        values = frame[column]
        present = values.dropna()
        fixed = present.map(lambda v, canonical=canonical: canonical.get(v.casefold(), v))
        changed = int((fixed != present).sum())
        if changed:
            frame.loc[fixed.index, column] = fixed
            warnings.append(
                (
                    "code_case_normalised",
                    f"{table.column(column).name}: code case normalised to the standard's",
                    changed,
                )
            )
    return warnings


def _pandera_issues(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    schema = table.to_pandera()
    try:
        schema.validate(frame[table.keys], lazy=True)
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
    rows = []
    for case in cases[cases["index"].isna()].itertuples(index=False):
        # A failure Pandera cannot tie to a row (a column-level one) quarantines every row with
        # its reason, so no failure is ever dropped without a count.
        column = str(case.column) if str(case.column) in table.keys else ""
        text = f"the column fails its schema check ({case.check})"
        rows += [(int(n), column, "schema", f"{text}; correct the extract and re-deliver") for n in frame[ROW_NUMBER]]
    cases = cases[cases["index"].notna()]
    rules = {r.name: r for r in table.row_rules}
    for case in cases.itertuples(index=False):
        column, rule_code = table.rule_code(case.schema_context, str(case.column), str(case.check), case.check_number)
        text = rules[rule_code].description if rule_code in rules else table.column(column).describe_rule(rule_code)
        rows.append(
            (
                int(frame.at[int(case.index), ROW_NUMBER]),
                column,
                rule_code,
                f"{text}; {FIX.get(rule_code, 'correct the row and re-deliver')}",
            )
        )
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS).drop_duplicates()


def _extra_json(frame: pd.DataFrame, extras: list[str]) -> pd.Series:
    if not extras:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    records = frame[extras].astype(object).where(frame[extras].notna(), None).to_dict("records")
    return pd.Series([json.dumps(r) for r in records], index=frame.index, dtype="string")


def _quarantine(bad: pd.DataFrame, issues: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    if bad.empty:
        return pd.DataFrame(
            {
                ROW_NUMBER: pd.Series(dtype="int64"),
                "reasons": pd.Series(dtype="string"),
                "record": pd.Series(dtype="string"),
            }
        )
    grouped = issues.groupby(ROW_NUMBER).apply(
        lambda g: json.dumps(g[["column_name", "rule_code", "description"]].to_dict("records")),
        include_groups=False,
    )
    records = bad[columns].astype(object).where(bad[columns].notna(), None).to_dict("records")
    return pd.DataFrame(
        {
            ROW_NUMBER: bad[ROW_NUMBER].to_numpy(),
            "reasons": bad[ROW_NUMBER].map(grouped).to_numpy(),
            "record": [json.dumps(r) for r in records],
        }
    )
