"""Run settings from the environment (`SCRUTINY_*`), resolved to absolute paths."""

from __future__ import annotations

import csv
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
INDICATOR_CATALOGUE = DBT_PROJECT_DIR / "seeds" / "indicator_catalogue.csv"


def indicator_ids() -> list[str]:
    """The catalogue's indicator ids, in its order: the one list of indicators (dbt unions
    `ind_<id>` for each, tests and the README are checked against it)."""
    with INDICATOR_CATALOGUE.open(newline="", encoding="utf-8") as handle:
        return [row["indicator_id"] for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    data_dir: Path
    la_code: str = "E06000059"
    history_months: int = 36

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            raw_dir=Path(os.environ.get("SCRUTINY_RAW_DIR", REPO_ROOT / "raw")).resolve(),
            data_dir=Path(os.environ.get("SCRUTINY_DATA_DIR", REPO_ROOT / "data")).resolve(),
            la_code=os.environ.get("SCRUTINY_LA_CODE", "E06000059"),
            history_months=int(os.environ.get("SCRUTINY_HISTORY_MONTHS", "36")),
        )

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def mart_path(self) -> Path:
        return self.published_dir / "mart.duckdb"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def key_path(self) -> Path:
        return self.data_dir / "secrets" / "pseudonymisation.key"

    def pseudonymisation_key(self) -> bytes:
        """The keyed-hash secret: `SCRUTINY_PSEUDONYMISATION_KEY`, or a key generated once into
        the data directory (never into the repository)."""
        configured = os.environ.get("SCRUTINY_PSEUDONYMISATION_KEY")
        if configured:
            return configured.encode()
        if not self.key_path.exists():
            self.key_path.parent.mkdir(parents=True, exist_ok=True)
            self.key_path.write_text(secrets.token_hex(32))
            self.key_path.chmod(0o600)
        return self.key_path.read_text().strip().encode()

    def dbt_env(self) -> dict[str, str]:
        """Environment dbt runs with: paths and the catalogue's indicator ids, never the key itself."""
        return {
            "SCRUTINY_WAREHOUSE_PATH": str(self.warehouse_path),
            "SCRUTINY_DATA_DIR": str(self.data_dir),
            "SCRUTINY_LA_CODE": self.la_code,
            "SCRUTINY_HISTORY_MONTHS": str(self.history_months),
            "SCRUTINY_INDICATOR_IDS": ",".join(indicator_ids()),
        }

    def export(self) -> None:
        os.environ.update({"SCRUTINY_RAW_DIR": str(self.raw_dir), **self.dbt_env()})
