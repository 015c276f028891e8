"""Declarative column and table specs, turned into Pandera schemas.

Every raw value reaches Pandera as text: dates are parsed to ISO text first and codes are
case-normalised, so one bad value fails only its own row (see stack-notes: coerced columns
hide row-level failures). Staging casts the validated text to real types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and pandera load when a schema is built, not when the specs are read
    import pandas as pd
    import pandera.pandas as pa

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
INTEGER = r"^-?\d+$"
NUMBER = r"^-?\d+(\.\d+)?$"
# Contract section 2: these (trimmed, any case) count as blank in every column except free text.
BLANK_TOKENS = ("NULL", "N/A", "NA", "#N/A")


def normalise_name(name: str) -> str:
    """Header matching rule of the contract: trim, case-fold, and turn every run of spaces,
    hyphens, en/em dashes and underscores into one underscore."""
    return re.sub(r"[\s\-\u2013\u2014_]+", "_", str(name).strip().casefold()).strip("_")


@dataclass(frozen=True)
class Col:
    """One column of a source table as the standard names it."""

    name: str
    kind: str = (
        "text"  # text | free_text (names, narratives, office: NULL/N/A kept) | date | integer | number | code | json
    )
    required: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    personal: bool = False  # kept in restricted layers only

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    def describe_rule(self, rule: str) -> str:
        if rule == "required":
            return f"{self.name} is required but blank"
        if rule == "date_format":
            return (
                f"{self.name} is not a date in YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or dd/mm/yyyy "
                "(or an Excel date in .xlsx)"
            )
        if rule == "code_list":
            shown = ", ".join(self.codes[:20]) + (" ..." if len(self.codes) > 20 else "")
            return f"{self.name} is not one of the standard's codes ({shown})"
        if rule == "integer":
            return f"{self.name} is not a whole number"
        if rule == "number":
            return f"{self.name} is not a number"
        if rule == "minimum":
            return f"{self.name} is below {self.minimum:g}"
        if rule == "json":
            return f"{self.name} is not a JSON object"
        return f"{self.name} fails {rule}"

    def rule_codes(self) -> list[str]:
        """The rule codes a value of this column can fail, in the order they are reported."""
        codes = ["required"] if self.required else []
        kind_rule = {"date": "date_format", "integer": "integer", "number": "number", "code": "code_list"}
        codes += [kind_rule[self.kind]] if self.kind in kind_rule else ["json"] if self.kind == "json" else []
        return codes + (["minimum"] if self.minimum is not None else [])

    def rules(self) -> list[tuple[str, pa.Check]]:
        """The column's checks in order, each with the rule code it reports as."""
        import pandera.pandas as pa

        checks: list[tuple[str, pa.Check]] = []
        if self.kind == "date":
            checks.append(("date_format", pa.Check(_is_iso_date, element_wise=True)))
        elif self.kind == "integer":
            checks.append(("integer", pa.Check.str_matches(INTEGER)))
        elif self.kind == "number":
            checks.append(("number", pa.Check.str_matches(NUMBER)))
        elif self.kind == "code":
            checks.append(("code_list", pa.Check.isin(list(self.codes))))
        elif self.kind == "json":
            checks.append(("json", pa.Check(_is_json_object, element_wise=True)))
        if self.minimum is not None:
            checks.append(("minimum", pa.Check(_at_least(self.minimum))))
        return checks

    def to_pandera(self) -> pa.Column:
        import pandera.pandas as pa

        return pa.Column(
            str,
            checks=[check for _, check in self.rules()],
            nullable=not self.required,
            required=False,
            name=self.key,
            title=self.name,
        )


def _is_iso_date(value: str) -> bool:
    from datetime import date

    if not re.match(ISO_DATE, value):
        return False
    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _is_json_object(value: str) -> bool:
    import json

    try:
        return isinstance(json.loads(value), dict)
    except (TypeError, ValueError):
        return False


def _at_least(minimum: float) -> Callable[[pd.Series], pd.Series]:
    def check(series: pd.Series) -> pd.Series:
        import pandas as pd

        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.isna() | (numbers >= minimum)

    return check


@dataclass(frozen=True)
class RowRule:
    """A rule across columns of one row (for example a code valid only before a date)."""

    name: str
    columns: tuple[str, ...]
    description: str
    check: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    """A table of a source: its columns, key and the dates that date its activity."""

    name: str
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()
    row_rules: tuple[RowRule, ...] = ()

    def column(self, key: str) -> Col:
        return {c.key: c for c in self.columns}[key]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def date_columns(self) -> list[str]:
        return [c.key for c in self.columns if c.kind == "date"]

    @property
    def code_columns(self) -> dict[str, tuple[str, ...]]:
        return {c.key: c.codes for c in self.columns if c.kind == "code"}

    def to_pandera(self) -> pa.DataFrameSchema:
        import pandera.pandas as pa

        checks = [pa.Check(rule.check, error=rule.description) for rule in self.row_rules]
        return pa.DataFrameSchema(
            {c.key: c.to_pandera() for c in self.columns},
            checks=checks,
            strict=False,
            name=self.name,
        )

    def rule_code(self, context: str, column: str, check: str, check_number) -> tuple[str, str]:
        """(column, rule code) for one Pandera failure case."""
        if context == "DataFrameSchema":
            rule = self.row_rules[int(check_number)]
            return ",".join(rule.columns), rule.name
        if check == "not_nullable":
            return column, "required"
        return column, self.column(column).rules()[int(check_number)][0]

    def fingerprint(self) -> str:
        """Changes when the rules change, so files are re-validated under new rules."""
        import hashlib

        text = repr([(c.key, c.kind, c.required, c.codes, c.minimum) for c in self.columns]) + repr(BLANK_TOKENS)
        text += repr([(r.name, r.columns, r.description) for r in self.row_rules])
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Source:
    """A source system: how it is delivered and its tables, versioned by collection year.

    `versions` maps the first collection year a table layout applies to (e.g. "2025-26") to
    the tables of that year; a delivery uses the newest version not after its own year.
    """

    name: str
    mode: str  # snapshot | incremental | quarterly
    versions: dict[str, dict[str, Table]]
    title: str = ""
    standard: str = ""

    def tables_for(self, collection_year: str) -> dict[str, Table]:
        chosen = None
        for year in sorted(self.versions):
            if year <= collection_year:
                chosen = year
        if chosen is None:
            chosen = min(self.versions)
        return self.versions[chosen]

    @property
    def table_names(self) -> set[str]:
        return {name for tables in self.versions.values() for name in tables}


def collection_year(day: pd.Timestamp | str) -> str:
    """Financial/collection year label for a date: 2025-10-03 -> '2025-26'."""
    import pandas as pd

    ts = pd.Timestamp(day)
    start = ts.year if ts.month >= 4 else ts.year - 1
    return f"{start}-{str(start + 1)[-2:]}"
