"""The restricted record lists, `reports/<quarter>/restricted/dq_<source>.xlsx`: for each
source, a summary sheet of its rules and one sheet per rule (and table) listing every record
that hits it: delivery, file, the file's row number, the source system's record id and
whether it is new, persisting or resolved. For the service to find and fix each record.
Record ids are personal for person tables: these files never leave restricted/."""

from __future__ import annotations

import os
from collections.abc import Iterable
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
    """`rules`: the source's dq_rules rows; `issues`: its dq_issues rows."""
    by_rule: dict[tuple, list[dict]] = {}
    for issue in issues:
        by_rule.setdefault((issue["rule_code"], issue["table_name"]), []).append(issue)
    book = Workbook()
    summary = book.active
    summary.title = "rules"
    taken = {"rules"}
    described = {(r["rule_code"], r["table_name"]): r for r in rules}
    summary_rows = []
    sheets = []
    for (rule_code, table_name), hits in sorted(by_rule.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        rule = described.get((rule_code, table_name), {})
        name = sheet_name(rule_code, table_name, taken)
        statuses = [h["status"] for h in hits]
        summary_rows.append(
            [
                name,
                rule_code,
                table_name,
                rule.get("family"),
                rule.get("severity"),
                sum(s != "resolved" for s in statuses),
                statuses.count("new"),
                statuses.count("resolved"),
                rule.get("description"),
                rule.get("fix"),
            ]
        )
        sheets.append((name, hits))
    write_table(summary, SUMMARY_HEADER, summary_rows, widths=[28, 28, 24, 12, 9, 9, 7, 9, 60, 50])
    for name, hits in sheets:
        ordered = sorted(hits, key=lambda h: (h["status"], h["delivery"] or "", h["row_number"] or 0))
        write_table(
            book.create_sheet(name),
            ISSUE_HEADER,
            [
                [h["table_name"], h["delivery"], h["file_name"], h["row_number"], h["record_id"], h["status"]]
                for h in ordered
            ],
            widths=[24, 12, 40, 9, 24, 11],
        )
    return book


def write_workbooks(con: duckdb.DuckDBPyConnection, folder: Path, schema: str = "marts") -> dict[str, Path]:
    """One workbook per source with rules or issues, written beside and renamed into place."""
    folder.mkdir(parents=True, exist_ok=True)

    def rows(sql: str) -> list[dict]:
        cursor = con.execute(sql.replace("{s}", schema))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    rules = rows("select * from {s}.dq_rules")
    issues = rows("select * from {s}.dq_issues")
    written = {}
    for source in sorted({i["source"] for i in issues} | {r["source"] for r in rules}):
        book = build_workbook([r for r in rules if r["source"] == source], [i for i in issues if i["source"] == source])
        path = folder / f"dq_{source}.xlsx"
        partial = path.with_name(f".{path.name}.{os.getpid()}.new")
        book.save(partial)
        os.replace(partial, path)
        written[source] = path
    return written
