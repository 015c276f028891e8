"""The demo council: realistic, deterministic extracts for every supported source.

A Dorset-sized unitary (E06000059) as at 3 October 2025, so the latest complete quarter is
2025/26 Q2, the quarter of the council's report. Each source module exposes
`generate(out: Path, ctx: DemoContext) -> dict[table, rows]`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path

import numpy as np

AS_AT = date(2025, 10, 3)


@dataclass
class DemoContext:
    seed: int
    months: int
    as_at: date = AS_AT
    la_code: str = "E06000059"

    def rng(self, source: str) -> np.random.Generator:
        """A generator per source, so adding a source never changes another's data."""
        return np.random.default_rng([self.seed, sum(source.encode())])

    @property
    def last_month_start(self) -> date:
        first = self.as_at.replace(day=1)
        return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)

    @property
    def history_start(self) -> date:
        """First day of the first month of history (`months` months up to the last month)."""
        index = self.last_month_start.year * 12 + self.last_month_start.month - 1 - (self.months - 1)
        return date(index // 12, index % 12 + 1, 1)


def write_demo(out: Path, seed: int = 2025, months: int = 36, scale: int = 1) -> dict[str, dict[str, int]]:
    """Every supported source's demo extracts: one module per source, named as the source.
    `scale` K > 1 writes the same council K times bigger (see `orchestration.demo.scale`)."""
    from schemas import SOURCES

    ctx = DemoContext(seed=seed, months=months)
    if scale == 1:
        return {name: import_module(f"orchestration.demo.{name}").generate(out, ctx) for name in SOURCES}
    from orchestration.demo.scale import scale_extracts

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".demo-") as generated:
        write_demo(Path(generated), seed=seed, months=months)
        return scale_extracts(Path(generated), out, scale)
