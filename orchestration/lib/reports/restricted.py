"""The restricted record lists, `reports/<quarter>/restricted/dq_<source>.xlsx`: for each
source, a summary sheet of its rules and one sheet per rule (and table) listing every record
that hits it: delivery, file, the file's row number, the source system's record id and
whether it is new, persisting or resolved. For the service to find and fix each record.
Record ids are personal for person tables: these files never leave restricted/."""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
from openpyxl import Workbook

from orchestration.lib.reports.workbook import write_table

ISSUE_HEADER = ["table", "delivery", "file", "file row", "record id", "status"]
SUMMARY_HEADER = ["sheet", "rule", "table", "family", "severity", "records", "new", "resolved", "what it means", "fix"]


def sheet_name(rule_code: str, table_name: str | None, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name; names stay unique."""
    base = f"{rule_code}.{table_name}" if table_name else rule_code
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in base)[:31]
    n = 2
    while name in taken:
        suffix = f"~{n}"
        name = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def build_workbook(rules: list[dict], issues: Iterable[dict]) -> Workbook:
    """`rules`: the source's dq_rules rows; `issues`: its dq_issues rows in the order of
    ISSUE_ORDER (by rule and table, then status, delivery and row). A sheet per rule and table
    streams as the issues come; the summary sheet, first in the book, is written last."""
    book = Workbook(write_only=True)
    summary = book.create_sheet("rules")
    taken = {"rules"}
    described = {(r["rule_code"], r["table_name"]): r for r in rules}
    summary_rows = []
    for (rule_code, table_name), hits in itertools.groupby(issues, key=lambda i: (i["rule_code"], i["table_name"])):
        rule = described.get((rule_code, table_name), {})
        name = sheet_name(rule_code, table_name, taken)
        statuses: Counter = Counter()
        write_table(book.create_sheet(name), ISSUE_HEADER, _counted(hits, statuses), widths=[24, 12, 40, 9, 24, 11])
        summary_rows.append(
            [
                name,
                rule_code,
                table_name,
                rule.get("family"),
                rule.get("severity"),
                statuses.total() - statuses["resolved"],
                statuses["new"],
                statuses["resolved"],
                rule.get("description"),
                rule.get("fix"),
            ]
        )
    write_table(summary, SUMMARY_HEADER, summary_rows, widths=[28, 28, 24, 12, 9, 9, 7, 9, 60, 50])
    return book


def _counted(hits: Iterable[dict], statuses: Counter) -> Iterator[list]:
    """A rule sheet's rows, counting their statuses for the summary as they stream past."""
    for hit in hits:
        statuses[hit["status"]] += 1
        yield [hit[k] for k in ("table_name", "delivery", "file_name", "row_number", "record_id", "status")]


ISSUE_ORDER = "rule_code, coalesce(table_name, ''), status, coalesce(delivery, ''), coalesce(row_number, 0)"


def write_workbooks(con: duckdb.DuckDBPyConnection, folder: Path, schema: str = "marts") -> dict[str, Path]:
    """One workbook per source with rules or issues, written beside and renamed into place;
    the issues stream from the warehouse in batches."""
    folder.mkdir(parents=True, exist_ok=True)

    def rows(sql: str, params: list) -> Iterator[dict]:
        cursor = con.cursor().execute(sql.replace("{s}", schema), params)
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(10_000):
            yield from (dict(zip(names, row, strict=True)) for row in batch)

    sources = [
        s
        for (s,) in con.execute(
            f"select source from {schema}.dq_issues union select source from {schema}.dq_rules order by 1"
        ).fetchall()
    ]
    written = {}
    for source in sources:
        rules = list(rows("select * from {s}.dq_rules where source = ?", [source]))
        issues = rows(f"select * from {{s}}.dq_issues where source = ? order by {ISSUE_ORDER}", [source])
        book = build_workbook(rules, issues)
        path = folder / f"dq_{source}.xlsx"
        partial = path.with_name(f".{path.name}.{os.getpid()}.new")
        book.save(partial)
        os.replace(partial, path)
        written[source] = path
    return written
