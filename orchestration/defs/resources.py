"""Resources shared by every area: where the raw extracts and the data directory are."""

from pathlib import Path

import dagster as dg

from orchestration.settings import Settings


class ScrutinySettings(dg.ConfigurableResource):
    """Run settings (defaults from `SCRUTINY_*` environment variables)."""

    raw_dir: str
    data_dir: str
    la_code: str = "E06000059"
    history_months: int = 36

    @classmethod
    def from_env(cls) -> "ScrutinySettings":
        s = Settings.from_env()
        return cls(raw_dir=str(s.raw_dir), data_dir=str(s.data_dir), la_code=s.la_code, history_months=s.history_months)

    @property
    def settings(self) -> Settings:
        return Settings(
            raw_dir=Path(self.raw_dir),
            data_dir=Path(self.data_dir),
            la_code=self.la_code,
            history_months=self.history_months,
        )


WAREHOUSE_POOL = "warehouse"  # one writer at a time: DuckDB allows a single writing process
PRIORITY_TAG = "dagster/priority"  # among steps ready at once, the higher runs first
