"""The DfE SSDA903 rules: run csc-validator-be-903 in its own environment, load its hits.

The validator pins pandas < 2 and numpy < 1.25, so it lives in `.venv-dfe903/` (`make dfe903`)
and runs as a subprocess (`orchestration/dfe903_runner.py`) on the raw files of the newest 903
delivery. Its hits land in `dq_dfe.ssda903_hits` (one row per rule per record, rule code
`DFE903_<validator code>`) and the rules it evaluated in `dq_dfe.ssda903_rules`. A delivery
is validated once: the SHA-256s of its files (from `meta.file_register`) are kept in
`dq_dfe.ssda903_validations`, and an unchanged delivery is not validated again.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and DuckDB load when the asset runs, not with the definitions
    import duckdb
    import pandas as pd

from orchestration.settings import REPO_ROOT

SOURCE = "ssda903"
TABLES = ("header", "episodes")
RUNNER = REPO_ROOT / "orchestration" / "dfe903_runner.py"
RULE_PREFIX = "DFE903_"
INSTALL_HINT = "install them with `make dfe903` (creates .venv-dfe903 from requirements-dfe903.lock)"

DDL = """
create schema if not exists dq_dfe;
create table if not exists dq_dfe.ssda903_hits (
    rule_code varchar, table_name varchar, delivery varchar, file_name varchar, row_number bigint,
    record_id varchar, description varchar);
create table if not exists dq_dfe.ssda903_rules (rule_code varchar, table_name varchar, description varchar);
create table if not exists dq_dfe.ssda903_validations (
    delivery varchar, files varchar, collection_year varchar, rules_evaluated bigint, hits bigint,
    seconds double, validated_at timestamp);
"""


def validator_python() -> Path:
    """The validator environment's interpreter (`SCRUTINY_DFE903_PYTHON` overrides it)."""
    return Path(os.environ.get("SCRUTINY_DFE903_PYTHON", REPO_ROOT / ".venv-dfe903" / "bin" / "python"))


@dataclass(frozen=True)
class Delivery:
    """The newest 903 delivery's header/episodes files: (table, file name under raw/, SHA-256)."""

    name: str
    files: tuple[tuple[str, str, str], ...]

    @property
    def fingerprint(self) -> str:
        return ";".join(f"{name}:{sha}" for _, name, sha in sorted(self.files, key=lambda f: f[1]))

    @property
    def collection_year(self) -> str:
        """The year the return ends (31 March): a delivery of October 2025 is in 2025/26, '2026'."""
        day = date.fromisoformat(self.name)
        return str(day.year + (day.month >= 4))


def newest_delivery(con: duckdb.DuckDBPyConnection) -> Delivery | None:
    rows = con.execute(
        "select table_name, file_name, sha256, delivery from meta.file_register "
        "where source = ? and table_name in ('header', 'episodes') and status <> 'unreadable' "
        "and delivery = (select max(delivery) from meta.file_register where source = ?) order by table_name",
        [SOURCE, SOURCE],
    ).fetchall()
    if not rows:
        return None
    return Delivery(name=rows[0][3], files=tuple((t, f, s) for t, f, s, _ in rows))


def last_validated(con: duckdb.DuckDBPyConnection, delivery: Delivery) -> dict | None:
    """What the previous validation of exactly these files found, if there was one."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'dq_dfe' "
        "and table_name = 'ssda903_validations'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        "select collection_year, rules_evaluated, hits, seconds from dq_dfe.ssda903_validations "
        "where delivery = ? and files = ? order by validated_at desc limit 1",
        [delivery.name, delivery.fingerprint],
    ).fetchone()
    return dict(zip(("collection_year", "rules_evaluated", "hits", "seconds"), row, strict=True)) if row else None


@dataclass
class ValidatorOutput:
    hits: pd.DataFrame  # code, message, table, row_number, child
    rules: pd.DataFrame  # code, message, tables
    summary: dict


class RunningValidator:
    """The validator started on `files` ({table: path}) in its own interpreter; `result()` waits
    for it and reads what it found."""

    def __init__(self, python: Path, files: dict[str, Path], collection_year: str, la_code: str):
        self._out = tempfile.TemporaryDirectory(prefix="dfe903-")
        command = [str(python), str(RUNNER), "--collection-year", collection_year, "--la-code", la_code]
        command += ["--out", self._out.name, *(f"{table}={path}" for table, path in files.items())]
        self._process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONNOUSERSITE": "1"},
        )

    def result(self) -> ValidatorOutput:
        import pandas as pd

        with self._out as out:
            stdout, stderr = self._process.communicate()
            if self._process.returncode != 0:
                # the error's type only: its message may quote values of the extract
                tail = ((stderr or stdout).strip().splitlines() or ["no output"])[-1].split(":")[0]
                raise RuntimeError(f"csc-validator-be-903 failed (exit {self._process.returncode}): {tail}")
            summary = json.loads(stdout.strip().splitlines()[-1])
            hits = pd.read_json(Path(out) / "hits.jsonl", lines=True, dtype=False)
            rules = pd.read_json(Path(out) / "rules.jsonl", lines=True, dtype=False)
        if hits.empty:
            hits = pd.DataFrame(columns=["code", "message", "table", "row_number", "child"])
        return ValidatorOutput(hits=hits, rules=rules, summary=summary)


def run_validator(python: Path, files: dict[str, Path], collection_year: str, la_code: str) -> ValidatorOutput:
    """Run the validator on `files` ({table: path}) and read what it found."""
    return RunningValidator(python, files, collection_year, la_code).result()


def delivery_csv_files(raw_dir: Path, delivery: Delivery) -> dict[str, Path]:
    """{table: path} of the delivery's CSV files (the DfE upload form; others are not validated)."""
    return {t: raw_dir / name for t, name, _ in delivery.files if name.lower().endswith(".csv")}


# Validators started while the rest of the run ingests, by (warehouse, delivery fingerprint).
_STARTED: dict[tuple[str, str], RunningValidator] = {}


def start_early(con: duckdb.DuckDBPyConnection, raw_dir: Path, warehouse: Path, la_code: str) -> None:
    """Start the validator on the newest 903 delivery as soon as its files are registered, when
    it has not been validated: it then runs on the second core beside the other sources' ingest
    (~12 s on the demo council), and the `dfe903_validation` asset collects its result."""
    delivery = newest_delivery(con)
    if delivery is None or last_validated(con, delivery) is not None or not validator_python().exists():
        return
    files = delivery_csv_files(raw_dir, delivery)
    key = (str(warehouse), delivery.fingerprint)
    if files and key not in _STARTED:
        try:
            _STARTED[key] = RunningValidator(validator_python(), files, delivery.collection_year, la_code)
        except OSError:
            return  # never fails the ingest: the asset runs the validator itself and reports why it cannot


def take_started(warehouse: Path, delivery: Delivery) -> RunningValidator | None:
    """The validator `start_early` started on exactly this delivery in this process, if any."""
    return _STARTED.pop((str(warehouse), delivery.fingerprint), None)


def hit_rows(output: ValidatorOutput, delivery: Delivery) -> pd.DataFrame:
    """The validator's hits in the `dq_dfe.ssda903_hits` shape."""
    import pandas as pd

    file_of = {table: name for table, name, _ in delivery.files}
    hits = output.hits
    return pd.DataFrame(
        {
            "rule_code": RULE_PREFIX + hits["code"].astype(str),
            "table_name": hits["table"].astype(str),
            "delivery": delivery.name,
            "file_name": hits["table"].map(file_of).astype(str),
            "row_number": hits["row_number"].astype("int64"),
            "record_id": hits["child"].astype("string"),
            "description": hits["message"].astype(str),
        }
    )


def rule_rows(output: ValidatorOutput, tables: list[str]) -> pd.DataFrame:
    """One row per evaluated rule and table it reads among those validated (a rule naming
    neither header nor episodes is listed against the tables it was run on)."""
    import pandas as pd

    rows = []
    for rule in output.rules.itertuples():
        for table in [t for t in rule.tables if t in tables] or tables:
            rows.append((RULE_PREFIX + str(rule.code), table, rule.message))
    return pd.DataFrame(rows, columns=["rule_code", "table_name", "description"])


def store(con: duckdb.DuckDBPyConnection, delivery: Delivery, output: ValidatorOutput, validated_at) -> None:
    """Replace the delivery's hits and the evaluated rules, in one transaction."""
    hits = hit_rows(output, delivery)  # noqa: F841 (read by DuckDB's replacement scan)
    rules = rule_rows(output, [table for table, _, _ in delivery.files])  # noqa: F841
    con.execute(DDL)
    con.execute("begin")
    con.execute("delete from dq_dfe.ssda903_hits where delivery = ?", [delivery.name])
    con.execute("insert into dq_dfe.ssda903_hits select * from hits")
    con.execute("delete from dq_dfe.ssda903_rules")
    con.execute("insert into dq_dfe.ssda903_rules select * from rules")
    con.execute("delete from dq_dfe.ssda903_validations where delivery = ?", [delivery.name])
    con.execute(
        "insert into dq_dfe.ssda903_validations values (?, ?, ?, ?, ?, ?, ?)",
        [
            delivery.name,
            delivery.fingerprint,
            delivery.collection_year,
            output.summary["rules_evaluated"],
            len(output.hits),
            output.summary["seconds"],
            validated_at,
        ],
    )
    con.execute("commit")
