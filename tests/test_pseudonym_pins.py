"""Pseudonyms never change: the values below were computed with the scalar HMAC UDF of main
964c02c (`hmac.new(key, value.strip().upper().encode(), sha256).hexdigest()[:20]`) before it
was vectorised. A change here would unlink every warehouse built before it."""

import duckdb
import pyarrow as pa
import pytest

from orchestration.lib.pseudonymise import Plugin, keyed_hasher, pseudonym, pseudonymise_batch

KEY = b"pin-test-key-not-a-secret"
PINNED = {
    "100000": "3bd7adac84724000d619",
    "  ab1 ": "8e181cc4b66e1c41348b",
    "AB1": "8e181cc4b66e1c41348b",
    "SGC000001": "2e417238a1b8856d1992",
    "EH835/22/00101": "b99aa451324e1f70f59d",
    "6226617284": "8663bb7a526b888f004a",
    "Zo\u00eb-\u00dcn\u00efcode": "1fe3fba1b2d2596cbb5b",
    "x" * 100: "daf2275166881ef7b7d8",
    "": None,
    "   ": None,
    None: None,
}


@pytest.mark.parametrize("value", list(PINNED))
def test_scalar_pseudonyms_are_pinned(value):
    assert pseudonym(KEY, value) == PINNED[value]


def test_batch_function_gives_the_pinned_pseudonyms():
    values = list(PINNED)
    assert pseudonymise_batch(keyed_hasher(KEY), pa.array(values, type=pa.string())).to_pylist() == list(
        PINNED.values()
    )


def test_batch_matches_scalar_on_whitespace_case_unicode_repeats_and_chunks():
    """Every ASCII character around a value (Python's strip() also removes \\x1c-\\x1f), non-ASCII
    case mappings Arrow does not share with Python ('ß' upper-cases to 'SS'), no-break spaces,
    long keys (hashed first, as RFC 2104 says) and repeated values in chunked arrays."""
    values = [f"{chr(c)}a{chr(c)}b{chr(c)}" for c in range(128)]
    values += ["stra\u00dfe", "\u00a0ab1\u00a0", "\u2003x", "\u0131d", "ﬁ", "ab1", "ab1", None, "\t\n"]
    for key in (KEY, b"k" * 64, b"long" * 40, b""):
        hasher = keyed_hasher(key)
        expected = [pseudonym(key, v) for v in values]
        assert pseudonymise_batch(hasher, pa.array(values, type=pa.string())).to_pylist() == expected
        chunked = pa.chunked_array([values[:50], values[50:]], type=pa.string())
        assert pseudonymise_batch(hasher, chunked).to_pylist() == expected


def test_sql_function_gives_the_pinned_pseudonyms(monkeypatch):
    """The function the dbt plugin registers on dbt's connection, called from SQL over more than
    one DuckDB vector."""
    monkeypatch.setenv("SCRUTINY_PSEUDONYMISATION_KEY", KEY.decode())
    con = duckdb.connect()
    Plugin("scrutiny", {}).configure_connection(con)
    values = list(PINNED) * 500
    con.execute("create table ids as select unnest(?::varchar[]) as id", [values])
    hashed = [row[0] for row in con.execute("select pseudonymise(id) from ids").fetchall()]
    assert hashed == [PINNED[v] for v in values]
