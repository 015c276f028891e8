"""The demo council K times bigger: every record copied K times with fresh identifiers.

Copy 1 is the demo as generated, byte for byte; copy n (2..K) repeats every record with `-cn`
appended to each identifier, in every table and every source alike, so a child's episodes still
find the child, a plan its assessment, a request its SEND record. Everything else (dates, codes,
real postcodes, schools and providers) is the same in every copy, so each indicator's
percentages are unchanged and its counts are K times bigger.

Which columns are identifiers comes from the source schemas (`schemas/`): a text column that is
part of its table's key, or is named as an id (`*_id`, `*_identifier`, `*_reference`, UPN, ULN,
NHS number, CHILD). Columns naming things outside the council's records (schools' and providers'
URNs, the LA code, indicator ids) are shared by every copy. A table with no identifier (the
school census headcounts, provider judgements, commentary) describes those shared things: it is
written once, its counts (integer columns outside the key) multiplied by K.

The files are streamed: each is read again per copy, never held K times in memory.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from schemas import SOURCES, Col, Table, normalise_name

SHARED_REFERENCES = frozenset({"la_code", "urn", "school_urn", "provider_urn", "indicator_id"})
IDENTIFIER_NAME = re.compile(r"(^|_)(id|identifier|reference|child|upn|uln|nhs_number)$")


def is_identifier(column: Col, table: Table) -> bool:
    if column.kind != "text" or column.key in SHARED_REFERENCES:
        return False
    return column.key in table.key or bool(IDENTIFIER_NAME.search(column.key))


def table_columns(source: str, table: str) -> dict[str, tuple[Col, Table]]:
    """Every column the table has had in any collection year, by normalised name."""
    found: dict[str, tuple[Col, Table]] = {}
    for tables in SOURCES[source].versions.values():
        if table in tables:
            for column in tables[table].columns:
                found.setdefault(column.key, (column, tables[table]))
    return found


def copied_id(value: str, copy: int) -> str:
    """`value` of copy `copy` (1 = the original). Blanks stay blank; the marker goes before any
    trailing spaces, so ids that link after trimming still link."""
    core = value.rstrip()
    if copy == 1 or not core.strip():
        return value
    return f"{core}-c{copy}{value[len(core) :]}"


def scaled_count(value: str, scale: int) -> str:
    return str(int(value) * scale) if re.fullmatch(r"\s*-?\d+\s*", value) else value


def scale_file(source_file: Path, out_file: Path, source: str, scale: int) -> int:
    """Write `source_file` `scale` times bigger to `out_file`; returns the data rows written."""
    columns = table_columns(source, source_file.stem.lower())
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if source_file.suffix.lower() != ".csv" or not columns:
        shutil.copy2(source_file, out_file)
        return 0
    with source_file.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    specs = [columns.get(normalise_name(name)) for name in header]
    ids = [i for i, spec in enumerate(specs) if spec and is_identifier(*spec)]
    if ids:
        return _replicate(source_file, out_file, ids, scale)
    counts = [
        i for i, spec in enumerate(specs) if spec and spec[0].kind == "integer" and spec[0].key not in spec[1].key
    ]
    return _write_once_with_counts(source_file, out_file, counts, scale)


def _replicate(source_file: Path, out_file: Path, ids: list[int], scale: int) -> int:
    shutil.copy2(source_file, out_file)  # copy 1: the file as generated
    rows = 0
    with out_file.open("a", newline="", encoding="utf-8") as out:
        if not _ends_with_newline(source_file):
            out.write("\r\n")
        writer = csv.writer(out, lineterminator="\r\n")
        for copy in range(1, scale + 1):
            with source_file.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                next(reader, None)
                for row in reader:
                    rows += 1
                    if copy > 1:
                        for i in ids:
                            if i < len(row):
                                row[i] = copied_id(row[i], copy)
                        writer.writerow(row)
    return rows


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return True
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"


def _write_once_with_counts(source_file: Path, out_file: Path, counts: list[int], scale: int) -> int:
    rows = 0
    with (
        source_file.open(newline="", encoding="utf-8-sig") as handle,
        out_file.open("w", newline="", encoding="utf-8") as out,
    ):
        reader, writer = csv.reader(handle), csv.writer(out, lineterminator="\r\n")
        writer.writerow(next(reader, []))
        for row in reader:
            rows += 1
            for i in counts:
                if i < len(row):
                    row[i] = scaled_count(row[i], scale)
            writer.writerow(row)
    return rows


def scale_extracts(raw: Path, out: Path, scale: int) -> dict[str, dict[str, int]]:
    """Every file under `raw/` written `scale` times bigger under `out/`: rows by source and table."""
    written: dict[str, dict[str, int]] = {}
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        relative = path.relative_to(raw)
        source = relative.parts[0]
        target = out / relative
        if source not in SOURCES:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            continue
        rows = scale_file(path, target, source, scale)
        tables = written.setdefault(source, {})
        tables[path.stem.lower()] = tables.get(path.stem.lower(), 0) + rows
    return written
