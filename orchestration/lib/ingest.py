"""Find deliveries under `raw/`, and load each file once: valid rows to `raw_<source>`,
invalid rows to `meta.quarantine` with their reasons, every file to `meta.file_register`.

Layout: `raw/<source>/<delivery>/<table>.csv|.xlsx`. A snapshot delivery is named by its
extract date (YYYY-MM-DD), an incremental one by its month (YYYY-MM), commentary by quarter
(YYYY-YY-QN). A file already loaded (same SHA-256 under the same rules) is not loaded again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.loading import drop_staging, load_file, store
from orchestration.lib.reading import UnreadableFile
from orchestration.lib.warehouse import ensure_raw_table, raw_schema
from schemas import SOURCES, Source, collection_year

log = logging.getLogger(__name__)

REFERENCE_FOLDER = "reference"
DELIVERY_PATTERNS = {
    "snapshot": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "YYYY-MM-DD (the extract date)"),
    "incremental": (re.compile(r"^\d{4}-\d{2}$"), "YYYY-MM (the month it holds)"),
    "quarterly": (re.compile(r"^\d{4}-\d{2}-Q[1-4]$"), "YYYY-YY-QN (the financial quarter)"),
}
TABLE_SUFFIXES = (".csv", ".xlsx")
INGEST_MEMORY_LIMIT = "640MB"  # files are streamed through DuckDB (spilling to disk past this), so memory stays flat


@dataclass(frozen=True)
class DeliveredFile:
    source: str
    delivery: str
    table: str
    path: Path
    name: str  # path relative to the raw directory, as recorded
    refused: str = ""  # why the file must not be read at all (a link leading outside raw/)

    @property
    def delivery_date(self) -> str:
        """The date the delivery is as-at, used to pick the schema's collection year."""
        if re.match(r"^\d{4}-\d{2}-Q[1-4]$", self.delivery):
            return f"{self.delivery[:4]}-04-01"
        return self.delivery if len(self.delivery) == 10 else f"{self.delivery}-01"


@dataclass
class Discovery:
    files: dict[str, list[DeliveredFile]] = field(default_factory=dict)  # by source
    skipped_sources: list[str] = field(default_factory=list)
    problems: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # source -> (path, message)


def discover(raw_dir: Path) -> Discovery:
    found = Discovery(files={name: [] for name in SOURCES})
    if not raw_dir.exists():
        return found
    root = raw_dir.resolve()
    for source_dir in sorted(p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if source_dir.name == REFERENCE_FOLDER:
            continue
        source = SOURCES.get(source_dir.name)
        if source is None:
            found.skipped_sources.append(source_dir.name)
            continue
        problems = found.problems.setdefault(source.name, [])
        pattern, described = DELIVERY_PATTERNS[source.mode]
        for delivery_dir in sorted(p for p in source_dir.iterdir() if not p.name.startswith(".")):
            rel = str(delivery_dir.relative_to(raw_dir))
            if not delivery_dir.is_dir():
                if delivery_dir.name.lower() != "readme.md":
                    problems.append((rel, f"files belong in a delivery folder named {described}; move it into one"))
                continue
            if not pattern.match(delivery_dir.name) or not _real_period(delivery_dir.name):
                problems.append((rel, f"delivery folder name is not {described}; rename the folder (skipped)"))
                log.warning("%s skipped: the folder name is not %s", rel, described)
                continue
            for path in sorted(delivery_dir.iterdir()):
                if path.name.startswith((".", "~$")):
                    continue
                if path.is_dir():
                    problems.append(
                        (
                            str(path.relative_to(raw_dir)),
                            "a folder inside a delivery is not read; move its files up into the delivery folder",
                        )
                    )
                    continue
                table = path.stem.lower()
                if path.suffix.lower() not in TABLE_SUFFIXES or table not in source.table_names:
                    problems.append(
                        (
                            str(path.relative_to(raw_dir)),
                            f"not a table of {source.name} ({', '.join(sorted(source.table_names))}) "
                            "as .csv or .xlsx; rename or remove it",
                        )
                    )
                    continue
                refused = ""
                if not path.resolve().is_relative_to(root):
                    refused = "the file is a link to a place outside the raw directory, so it is not read"
                found.files[source.name].append(
                    DeliveredFile(source.name, delivery_dir.name, table, path, str(path.relative_to(raw_dir)), refused)
                )
    return found


def _real_period(name: str) -> bool:
    """2025-13-01 matches the pattern but is no date: such a folder is skipped with a warning."""
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", name):
            date.fromisoformat(name)
        elif re.match(r"^\d{4}-\d{2}$", name):
            date.fromisoformat(f"{name}-01")
        elif re.match(r"^\d{4}-\d{2}-Q[1-4]$", name):
            return int(name[5:7]) == (int(name[:4]) + 1) % 100
    except ValueError:
        return False
    return True


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class FileOutcome:
    file: DeliveredFile
    status: str  # loaded | unchanged | duplicate | unreadable
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str = ""


@dataclass
class SourceOutcome:
    source: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def unreadable(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "unreadable"]

    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "files_loaded": sum(f.status == "loaded" for f in self.files),
            "files_unchanged": sum(f.status == "unchanged" for f in self.files),
            "files_duplicate": sum(f.status == "duplicate" for f in self.files),
            "files_unreadable": len(self.unreadable),
            "rows_read": sum(f.rows_read for f in self.files),
            "rows_loaded": sum(f.rows_loaded for f in self.files),
            "rows_quarantined": sum(f.rows_quarantined for f in self.files),
        }


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    files: list[DeliveredFile],
    problems: list[tuple[str, str]] = (),
    deliveries: set[str] | None = None,
) -> SourceOutcome:
    """Load every delivered file of one source; an unreadable file is recorded, never fatal here.
    With `deliveries` (a month-partitioned run), `files` are those deliveries' only, and only
    files registered under them can be withdrawn."""
    outcome = SourceOutcome(source.name)
    con.execute(f"set memory_limit = '{INGEST_MEMORY_LIMIT}'")  # DuckDB spills to disk beyond it
    for table, columns in source_columns(source).items():
        ensure_raw_table(con, source.name, table, columns)  # so models build before a first delivery
    _forget_withdrawn(con, source.name, files, deliveries)
    con.execute("delete from meta.file_warnings where source = ? and rule_code = 'misplaced_file'", [source.name])
    for path, message in problems:
        _warn(con, source.name, "", "", path, "misplaced_file", "warning", message, 0)
    per_table: dict[tuple[str, str], list[DeliveredFile]] = {}
    for delivered in files:
        per_table.setdefault((delivered.delivery, delivered.table), []).append(delivered)
    for delivered in files:
        twins = per_table[(delivered.delivery, delivered.table)]
        if len(twins) > 1:
            outcome.files.append(
                _reject(
                    con,
                    delivered,
                    "the delivery holds more than one file for table "
                    f"{delivered.table} ({', '.join(t.path.name for t in twins)}), so none of them is loaded "
                    "(names differing only in case or extension are the same table)",
                    "keep exactly one file per table in each delivery folder",
                )
            )
            continue
        if delivered.refused:
            outcome.files.append(
                _reject(con, delivered, delivered.refused, "copy the file itself into the delivery folder", sha="-")
            )
            continue
        outcome.files.append(_ingest_file(con, source, delivered))
    return outcome


def accounting_failures(con: duckdb.DuckDBPyConnection, source: str) -> list[dict]:
    """Loaded files whose rows read (counted from the file itself) differ from loaded +
    quarantined, or whose stored rows differ from what was recorded: each a row lost or invented.
    Stored and quarantined rows are counted per file in one pass over each table, not per file."""
    failures = []
    files = con.execute(
        "select table_name, file_name, rows_read, rows_loaded, rows_quarantined from meta.file_register "
        "where source = ? and status = 'loaded' order by file_name",
        [source],
    ).fetchall()
    stored: dict[tuple[str, str], int] = {}
    for table in sorted({f[0] for f in files}):
        rows = con.execute(f"select _file_name, count(*) from {raw_schema(source)}.{table} group by 1").fetchall()
        stored.update(((table, name), n) for name, n in rows)
    held = dict(
        con.execute(
            "select file_name, count(*) from meta.quarantine where source = ? group by file_name", [source]
        ).fetchall()
    )
    for table, name, read, loaded, quarantined in files:
        stored_rows, held_rows = stored.get((table, name), 0), held.get(name, 0)
        if read != loaded + quarantined or stored_rows != loaded or held_rows != quarantined:
            failures.append(
                {
                    "file": name,
                    "rows_read": read,
                    "rows_loaded": loaded,
                    "stored": stored_rows,
                    "rows_quarantined": quarantined,
                    "held_in_quarantine": held_rows,
                }
            )
    return failures


def source_columns(source: Source) -> dict[str, list[str]]:
    """Every column each table has had in any collection year's layout."""
    columns: dict[str, list[str]] = {}
    for year in sorted(source.versions):
        for name, table in source.versions[year].items():
            known = columns.setdefault(name, [])
            known += [c for c in table.keys if c not in known]
    return columns


def _ingest_file(con, source: Source, delivered: DeliveredFile) -> FileOutcome:
    table = source.tables_for(collection_year(delivered.delivery_date))[delivered.table]
    sha = sha256_of(delivered.path)
    fingerprint = table.fingerprint()
    previous = con.execute(
        "select table_name, delivery, file_name, status, rows_read, rows_loaded, rows_quarantined "
        "from meta.file_register where source = ? and sha256 = ? and fingerprint = ? and status <> 'unreadable'",
        [source.name, sha, fingerprint],
    ).fetchall()
    same_place = [p for p in previous if p[2] == delivered.name]
    first_copy = [p for p in previous if p[3] == "loaded" and p[0] == delivered.table and p[2] != delivered.name]
    if same_place and (same_place[0][3] == "loaded" or (same_place[0][3] == "duplicate" and first_copy)):
        _, _, _, status, read, loaded, quarantined = same_place[0]
        return FileOutcome(delivered, "unchanged" if status == "loaded" else "duplicate", read, loaded, quarantined)
    if first_copy:
        message = f"identical to {first_copy[0][2]} (same SHA-256); loaded once"
        _clear(con, delivered)  # a changed file at this path replaces what the delivery held
        _register(con, delivered, sha, fingerprint, "duplicate", "", 0, 0, 0, message)
        _warn(
            con,
            source.name,
            delivered.table,
            delivered.delivery,
            delivered.name,
            "duplicate_file",
            "warning",
            message,
            0,
        )
        return FileOutcome(delivered, "duplicate", message=message)
    # A new or changed file, or a duplicate whose original was withdrawn: it is loaded itself
    # (ingest_source has made its raw table, with every year's columns).
    with tempfile.TemporaryDirectory(prefix="scrutiny-ingest-") as workdir:
        try:
            loaded, staged = load_file(con, delivered.path, table, Path(workdir))
        except UnreadableFile as exc:
            drop_staging(con)
            return _reject(con, delivered, exc.problem, exc.fix, sha, fingerprint)
    meta = [source.name, delivered.table, delivered.delivery, delivered.name]
    con.execute("begin transaction")
    try:
        _clear(con, delivered)
        store(con, f"{raw_schema(source.name)}.{delivered.table}", table, staged, meta)
        for rule, description, rows in loaded.warnings:
            _warn(con, *meta[:3], delivered.name, rule, "warning", description, rows)
        _register(
            con,
            delivered,
            sha,
            fingerprint,
            "loaded",
            loaded.encoding,
            loaded.rows_read,
            loaded.rows_loaded,
            loaded.rows_quarantined,
            "",
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        drop_staging(con)
    return FileOutcome(delivered, "loaded", loaded.rows_read, loaded.rows_loaded, loaded.rows_quarantined)


def _reject(con, delivered: DeliveredFile, problem: str, fix: str, sha: str = "", fingerprint: str = "") -> FileOutcome:
    """Record a file that cannot be loaded; what its table held for this delivery is cleared,
    so figures never mix a failed re-delivery with the data it was meant to replace."""
    message = f"{problem}. What to do: {fix}"
    _clear(con, delivered)
    _register(con, delivered, sha or sha256_of(delivered.path), fingerprint, "unreadable", "", 0, 0, 0, message)
    log.warning("%s refused: %s", delivered.name, problem)
    _warn(
        con,
        delivered.source,
        delivered.table,
        delivered.delivery,
        delivered.name,
        "unreadable_file",
        "error",
        message,
        0,
    )
    return FileOutcome(delivered, "unreadable", message=f"raw/{delivered.name}: {message}")


def _clear(con, delivered: DeliveredFile) -> None:
    """A (re-)delivery replaces what this source table held for the same delivery."""
    key = [delivered.source, delivered.table, delivered.delivery]
    for meta in ("file_register", "quarantine", "row_issues", "file_warnings"):
        con.execute(f"delete from meta.{meta} where source = ? and table_name = ? and delivery = ?", key)
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [raw_schema(delivered.source), delivered.table],
    ).fetchone()[0]
    if exists:
        con.execute(
            f"delete from {raw_schema(delivered.source)}.{delivered.table} where _delivery = ?", [delivered.delivery]
        )


def _register(con, delivered: DeliveredFile, sha, fingerprint, status, encoding, read, loaded, quarantined, message):
    con.execute("delete from meta.file_register where source = ? and file_name = ?", [delivered.source, delivered.name])
    con.execute(
        "insert into meta.file_register values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            delivered.source,
            SOURCES[delivered.source].mode,
            delivered.table,
            delivered.delivery,
            delivered.name,
            sha,
            fingerprint,
            status,
            encoding,
            read,
            loaded,
            quarantined,
            message,
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )


def _warn(con, source, table, delivery, file_name, rule, severity, description, rows) -> None:
    con.execute(
        "insert into meta.file_warnings values (?, ?, ?, ?, ?, ?, ?, ?)",
        [source, table, delivery, file_name, rule, severity, description, rows],
    )


def _forget_withdrawn(con, source: str, files: list[DeliveredFile], deliveries: set[str] | None = None) -> None:
    """Files no longer under raw/ (withdrawn by the council) stop counting towards figures."""
    present = {f.name for f in files}
    registered = con.execute(
        "select table_name, delivery, file_name from meta.file_register where source = ?", [source]
    ).fetchall()
    for table, delivery, name in registered:
        if name not in present and (deliveries is None or delivery in deliveries):
            log.info("%s no longer delivered; its rows are withdrawn", name)
            _clear(con, DeliveredFile(source, delivery, table, Path(name), name))
