"""Source schemas: one module per source, each exposing `SOURCE` (tables by collection year)."""

from __future__ import annotations

from schemas import adults, commentary, early_years, education, ehcp, housing, registration, ssd, ssda903
from schemas._spec import Col, Source, Table, collection_year, normalise_name

MODULES = (
    ssda903,
    ssd,
    ehcp,
    adults,
    housing,
    registration,
    education,
    early_years,
    commentary,
)
SOURCES: dict[str, Source] = {module.SOURCE.name: module.SOURCE for module in MODULES}

__all__ = ["SOURCES", "Col", "Source", "Table", "collection_year", "normalise_name"]
