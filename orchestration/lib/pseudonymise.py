"""Keyed hashing of identifiers (HMAC-SHA256), and the dbt-duckdb plugin exposing it to SQL.

The key comes from the data directory (or `SCRUTINY_PSEUDONYMISATION_KEY`) inside the dbt
process, so it never appears in compiled SQL, dbt logs or Dagster run metadata.

The SQL function works on whole Arrow batches: each distinct value of a batch is hashed once,
ASCII values are trimmed and upper-cased by Arrow kernels, and HMAC's two padded key blocks are
hashed once per key rather than once per value (`hmac.new` and `hmac.digest` redo that work on
every call). The pseudonyms are those of `pseudonym`, value for value.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING

from dbt.adapters.duckdb.plugins import BasePlugin

if TYPE_CHECKING:
    import pyarrow as pa

PSEUDONYM_LENGTH = 20
# What str.strip() removes from ASCII text (str.isspace), for the Arrow kernel to remove the same.
ASCII_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def pseudonym(key: bytes, value: str | None) -> str | None:
    """Stable pseudonym for an identifier: trimmed and upper-cased first, so that '  ab1 ' and
    'AB1' from two systems link."""
    if value is None:
        return None
    text = value.strip().upper()
    if not text:
        return None
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def keyed_hasher(key: bytes) -> Callable[[bytes], str]:
    """HMAC-SHA256 of a normalised value (RFC 2104) with the key's inner and outer padded blocks
    hashed once: per value, only two sha256 continuations remain."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def digest(message: bytes) -> str:
        first = inner.copy()
        first.update(message)
        second = outer.copy()
        second.update(first.digest())
        return second.hexdigest()[:PSEUDONYM_LENGTH]

    return digest


def pseudonymise_batch(hasher: Callable[[bytes], str], values: pa.Array) -> pa.Array:
    """`pseudonym` over an Arrow string array: nulls and blanks stay null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    distinct = encoded.dictionary
    ascii_only = pc.string_is_ascii(distinct)
    normalised = pc.if_else(ascii_only, pc.ascii_upper(pc.utf8_trim(distinct, ASCII_WHITESPACE)), distinct)
    hashed = [
        (hasher(text.encode()) if text else None) if plain else pseudonym_of_text(hasher, text)
        for text, plain in zip(normalised.to_pylist(), ascii_only.to_pylist(), strict=True)
    ]
    return pa.array(hashed, type=pa.string()).take(encoded.indices)


def pseudonym_of_text(hasher: Callable[[bytes], str], value: str) -> str | None:
    """Non-ASCII values take Python's own trim and upper-casing (as `pseudonym` does)."""
    text = value.strip().upper()
    return hasher(text.encode()) if text else None


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        from orchestration.settings import Settings

        hasher = keyed_hasher(Settings.from_env().pseudonymisation_key())

        def pseudonymise(values):  # no annotations: DuckDB evaluates them, and pyarrow loads lazily
            return pseudonymise_batch(hasher, values)

        conn.create_function(
            "pseudonymise",
            pseudonymise,
            ["VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
