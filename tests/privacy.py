"""The privacy scan: every personal value a run was delivered, in every spelling, looked for in
everything the run leaves outside the restricted layers (contract section 4; issue 10 item 7).

Personal values are those of every `personal=True` column of `schemas/` (identifiers, NHS
numbers, UPNs, postcodes, names, dates of birth), each in the spellings a leak could take:
as delivered, upper-cased, without spaces (postcodes and NHS numbers are written both ways), and
dates in every format the contract accepts. Outputs are the published mart (every text value of
every table), the public cut (CSV and Parquet), every report outside `restricted/` (HTML, XLSX,
CSV, JSON), the run logs (Dagster's and dbt's), Dagster's event store and the run's own output.
The restricted layers are not scanned: the warehouse, `reports/<quarter>/restricted/`, and the
public postcode directory under `reference/` (published data, not delivered data).

Some values cannot be told from what the pipeline writes itself, and are left out: all-digit
identifiers of up to 6 digits (indistinguishable from counts), the digits of decimal numbers
(a timestamp's fraction is not an identifier), names or dates that are words or dates of the
pipeline's own text (a surname "Green" is also a RAG rating; a date of birth on the first of a
month is also a period start), and dates equal to a delivery's date (its folder name).
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration.lib.dates import parse_one
from orchestration.lib.reading import decode
from schemas import SOURCES, normalise_name

REPO = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z0-9]+")
DECIMAL = re.compile(r"\b\d+\.\d+\b")  # timestamps and figures: their digits are not identifiers
COMPOUND = re.compile(r"[A-Za-z0-9]+(?:[./\-][A-Za-z0-9]+)+")  # dates, ids such as EH123/25/00101


def _personal_columns() -> dict[str, str]:
    """{normalised column name: kind} of every personal column (json columns hold no single value)."""
    return {
        normalise_name(col.key): col.kind
        for source in SOURCES.values()
        for tables in source.versions.values()
        for table in tables.values()
        for col in table.columns
        if col.personal and col.kind != "json"
    }


SPELLED_DATES = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d")  # how a date could be written out


def _spelled_date(text: str) -> date | None:
    for pattern in SPELLED_DATES:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@functools.cache  # dates of birth and postcodes repeat across rows and files
def spellings(value: str, kind: str) -> frozenset[str]:
    """The ways a delivered value could be written out."""
    text = value.strip()
    if kind == "date":
        iso = parse_one(text)  # the contract's accepted formats, as ingest reads them
        return frozenset(date.fromisoformat(iso).strftime(pattern) for pattern in SPELLED_DATES) if iso else frozenset()
    found = {text, text.upper()}
    if " " in text:
        found |= {text.replace(" ", ""), text.upper().replace(" ", "")}
    return frozenset(found)


def delivered_personal_values(raw: Path) -> dict[str, set[str]]:
    """{spelling: the column it came from} of every personal value under `raw/`, with full names
    (forename surname) as one more value."""
    columns = _personal_columns()
    found: dict[str, set[str]] = {}
    for path in sorted(raw.rglob("*.csv")):
        if "reference" in path.relative_to(raw).parts:
            continue
        text, _ = decode(path, path.read_bytes())
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [normalise_name(c) for c in next(reader, [])]
        wanted = [(i, name, columns[name]) for i, name in enumerate(header) if name in columns]
        names = [header.index(k) if k in header else None for k in ("pers_forename", "pers_surname")]
        for row in reader:
            for i, column, kind in wanted:
                value = row[i].strip() if i < len(row) else ""
                if value:
                    for spelling in spellings(value, kind):
                        found.setdefault(spelling, set()).add(column)
            forename, surname = (row[i].strip() if i is not None and i < len(row) else "" for i in names)
            if forename and surname:
                found.setdefault(f"{forename} {surname}", set()).add("full name")
    return found


def own_vocabulary() -> set[str]:
    """Tokens the pipeline can write by itself: its seeds, models, macros, templates and code."""
    words: set[str] = set()
    for folder, patterns in (
        (REPO / "dbt_project", ("*.csv", "*.sql", "*.yml")),
        (REPO / "orchestration", ("*.py", "*.html", "*.j2")),
    ):
        for pattern in patterns:
            for path in folder.rglob(pattern):
                if "target" not in path.parts:
                    text = path.read_text(errors="replace")
                    words |= set(WORD.findall(text)) | set(COMPOUND.findall(text))
    return words


DATE_LIKE = re.compile(r"[0-9/\-]{6,10}")  # all SPELLED_DATES can parse: digits and separators, 6 to 10


def _is_period_boundary(spelling: str) -> bool:
    """A date that is also the first or last day of a month, as every period start and end is."""
    day = _spelled_date(spelling) if DATE_LIKE.fullmatch(spelling) else None
    return day is not None and (day.day == 1 or (day + timedelta(days=1)).day == 1)


def _table_text(database: Path) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        texts = []
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            columns = con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "and data_type = 'VARCHAR'",
                [schema, table],
            ).fetchall()
            for (column,) in columns:
                texts += [
                    v for (v,) in con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall() if v
                ]
    return texts


def _xlsx_text(path: Path) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    texts = [
        str(v)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    workbook.close()
    return texts


def _event_text(database: Path) -> list[str]:
    with sqlite3.connect(database) as con:
        tables = {name for (name,) in con.execute("select name from sqlite_master where type = 'table'")}
        return [event for (event,) in con.execute("select event from event_logs")] if "event_logs" in tables else []


def scanned_outputs(data_dir: Path, dagster_home: Path | None = None) -> dict[str, list[str]]:
    """{output file: its text} of everything outside the restricted layers."""
    outputs: dict[str, list[str]] = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        parts = path.relative_to(data_dir).parts
        if (
            parts[0] in ("reference", "dbt", "state")
            or "restricted" in parts
            or path.name.startswith("warehouse.duckdb")
        ):
            continue
        if path.suffix == ".duckdb":
            outputs[str(path)] = _table_text(path)
        elif path.suffix == ".parquet":
            with duckdb.connect() as con:
                outputs[str(path)] = [
                    str(v)
                    for row in con.execute("select * from read_parquet(?)", [str(path)]).fetchall()
                    for v in row
                    if v is not None
                ]
        elif path.suffix == ".xlsx":
            outputs[str(path)] = _xlsx_text(path)
        elif path.suffix == ".db":
            outputs[str(path)] = _event_text(path)
        elif path.suffix in (".csv", ".html", ".json", ".log", ".md", ".txt", ".yaml"):
            outputs[str(path)] = [path.read_text(errors="replace")]
    if dagster_home is not None and not dagster_home.is_relative_to(data_dir):
        for path in sorted(dagster_home.rglob("*.db")):
            outputs[str(path)] = _event_text(path)
    return outputs


def leaks(
    raw: Path, outputs: dict[str, list[str]], personal: dict[str, set[str]] | None = None
) -> dict[str, list[str]]:
    """{output: personal spellings found in it}, after the exclusions the module docstring gives
    (`personal`: `delivered_personal_values(raw)`, when the caller has it already)."""
    personal = delivered_personal_values(raw) if personal is None else personal
    vocabulary = own_vocabulary()
    deliveries = {
        spelling for folder in raw.glob("*/*") if folder.is_dir() for spelling in spellings(folder.name, "date")
    }
    excluded = {
        value
        for value in personal
        if (value.isdigit() and len(value) <= 6)
        or value in vocabulary
        or value in deliveries
        or _is_period_boundary(value)
    }
    wanted = set(personal) - excluded
    found: dict[str, list[str]] = {}
    for output, texts in outputs.items():
        blob = "\n".join(texts)
        words = WORD.findall(DECIMAL.sub(" ", blob))
        tokens = set(words) | set(COMPOUND.findall(blob)) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
        hits = sorted(wanted & tokens)
        if hits:
            found[output] = hits
    return found
