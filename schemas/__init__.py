"""Source schemas: one module per source, each exposing `SOURCE` (tables by collection year)."""
from __future__ import annotations

from schemas import ssda903
from schemas import ssd
from schemas._spec import Col, Source, Table, collection_year, normalise_name

SOURCES: dict[str, Source] = {module.SOURCE.name: module.SOURCE for module in (ssda903, ssd)}

__all__ = ["SOURCES", "Col", "Source", "Table", "collection_year", "normalise_name"]
