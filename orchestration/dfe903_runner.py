"""Run Data to Insight's csc-validator-be-903 (the DfE SSDA903 rules) on one delivery's CSV files.

Executed by the validator's own interpreter (`.venv-dfe903/bin/python`), never the pipeline's:
the validator pins pandas < 2. So this script imports only the validator, pandas and the
standard library, and talks to the pipeline through files:

    python dfe903_runner.py --collection-year 2026 --la-code E06000059 --out DIR \
        header=raw/ssda903/2025-10-03/header.csv episodes=raw/ssda903/2025-10-03/episodes.csv

writes DIR/hits.jsonl (one line per hit: code, message, table, row_number, child) and
DIR/rules.jsonl (one line per rule the validator evaluated: code, message, tables), and prints
a JSON summary. `row_number` is the file's own line number (the header is line 1), as the
pipeline's csv reader counts it, so a hit points at the same row as a quarantine entry.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import re
import sys
import time
from pathlib import Path

TABLES = {"header": "Header", "episodes": "Episodes"}


def normalise_name(name: str) -> str:
    """The pipeline's header matching rule (schemas/_spec.py): trim, case-fold, one underscore
    for every run of spaces, hyphens, dashes and underscores."""
    return re.sub(r"[\s\-\u2013\u2014_]+", "_", str(name).strip().casefold()).strip("_")


def decode(data: bytes) -> str:
    """As the pipeline decodes: BOM, then UTF-8, then Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def canonical_csv(path: Path, columns: list[str]) -> tuple[bytes, list[int]]:
    """The file as the validator expects it (UTF-8, exactly its column names, one physical line
    per record, no blank lines) and, per data record, the line number it had in the file."""
    reader = csv.reader(io.StringIO(decode(path.read_bytes()), newline=""))
    records = [(reader.line_num, record) for record in reader]
    if not records:
        raise SystemExit(f"{path}: the file is blank")
    header = [normalise_name(name) for name in records[0][1]]
    where = {
        normalise_name(column): header.index(normalise_name(column))
        for column in columns
        if normalise_name(column) in header
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    line_numbers = []
    for line, record in records[1:]:
        if not any(value.strip() for value in record):
            continue  # blank lines: the pipeline skips them too
        writer.writerow(
            [
                record[where[normalise_name(c)]] if where.get(normalise_name(c), len(record)) < len(record) else ""
                for c in columns
            ]
        )
        line_numbers.append(line)
    return out.getvalue().encode("utf-8"), line_numbers


def validate(files: dict[str, Path], collection_year: str, la_code: str) -> tuple[list[dict], list[dict], dict]:
    from lac_validator import lac_validator
    from lac_validator.config import column_names
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    try:
        registry = get_year_ruleset(collection_year)
    except ModuleNotFoundError:  # a year newer than the validator knows: its newest rules
        import lac_validator.rules

        newest = max(int(p.name[3:7]) + 1 for p in Path(lac_validator.rules.__file__).parent.glob("lac20??_??"))
        collection_year = str(newest)
        registry = get_year_ruleset(collection_year)

    uploads, line_numbers = [], {}
    for table, path in files.items():
        content, line_numbers[TABLES[table]] = canonical_csv(path, column_names[TABLES[table]])
        uploads.append({"name": f"{table}.csv", "description": "This year", "file_content": content})
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": collection_year, "localAuthority": la_code},
        files=uploads,
        registry=registry,
    )
    names = {v: k for k, v in TABLES.items()}
    hits = []
    for table, frame in validator.ds_results.items():
        if table not in names:
            continue
        for column in sorted(c for c in frame.columns if c.startswith("ERR_")):
            code = column[4:]
            for index in frame.index[frame[column] == True]:  # noqa: E712 (NaN where the rule passed)
                hits.append(
                    {
                        "code": code,
                        "message": registry[code].message,
                        "table": names[table],
                        "row_number": line_numbers[table][index],
                        "child": None
                        if frame.at[index, "CHILD"] != frame.at[index, "CHILD"]
                        else str(frame.at[index, "CHILD"]),
                    }
                )
    rules = [
        {
            "code": code,
            "message": registry[code].message,
            "tables": [names[t] for t in (registry[code].tables or []) if t in names],
        }
        for code in validator.dones
    ]
    summary = {
        "collection_year": collection_year,
        "rules_in_ruleset": len(registry),
        "rules_evaluated": len(validator.dones),
        "rules_skipped": len(validator.skips),
        "rules_failed": validator.fails,
    }
    return hits, rules, summary


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection-year", required=True, help="year the collection ends, e.g. 2026 for 2025/26")
    parser.add_argument("--la-code", required=True, help="the council's upper-tier authority code")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("files", nargs="+", help="table=path, table one of: " + ", ".join(TABLES))
    args = parser.parse_args(argv)
    files = dict(item.split("=", 1) for item in args.files)
    unknown = set(files) - set(TABLES)
    if unknown:
        parser.error(f"unknown tables {sorted(unknown)}")
    logging.disable(logging.CRITICAL)  # the validator logs every rule; failed rules are in the summary
    started = time.perf_counter()
    hits, rules, summary = validate({t: Path(p) for t, p in files.items()}, args.collection_year, args.la_code)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, lines in (("hits.jsonl", hits), ("rules.jsonl", rules)):
        with (args.out / name).open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(line) + "\n" for line in lines)
    summary.update(hits=len(hits), seconds=round(time.perf_counter() - started, 2))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
