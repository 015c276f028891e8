"""Keyed hashing of identifiers (HMAC-SHA256), and the dbt-duckdb plugin exposing it to SQL.

The key comes from the data directory (or `SCRUTINY_PSEUDONYMISATION_KEY`) inside the dbt
process, so it never appears in compiled SQL, dbt logs or Dagster run metadata.
"""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

from orchestration.settings import Settings

PSEUDONYM_LENGTH = 20


def pseudonym(key: bytes, value: str | None) -> str | None:
    """Stable pseudonym for an identifier: trimmed and upper-cased first, so that '  ab1 ' and
    'AB1' from two systems link."""
    if value is None:
        return None
    text = value.strip().upper()
    if not text:
        return None
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        key = Settings.from_env().pseudonymisation_key()

        def pseudonymise(values: pa.Array) -> pa.Array:
            return pa.array([pseudonym(key, v) for v in values.to_pylist()], type=pa.string())

        conn.create_function(
            "pseudonymise",
            pseudonymise,
            ["VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
