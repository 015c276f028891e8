"""`scrutiny demo-data --scale K`: the same council K times bigger, links intact.

The demo of 13 months is written at K = 1 and K = 2 and compared file by file: every record of
a table with identifiers appears K times with fresh identifiers (copy 1 unchanged), tables
describing shared things (schools, providers, commentary) appear once with their counts x K,
and for every pair of identifier columns the values they share are K times as many (so each
link of the original exists once in every copy, and no copy links to another). Then both are
built through ingest and dbt: percentages are the same and counts K times bigger.
"""

from __future__ import annotations

import csv
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from orchestration.demo import write_demo
from orchestration.demo.scale import copied_id, is_identifier, table_columns
from schemas import SOURCES, normalise_name
from tests.harness import Extracts

pytestmark = pytest.mark.heavy

K = 2  # quick here; `make bench` checks every mart value at K = 10


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("scale")
    write_demo(root / "k1" / "raw", seed=11, months=13)
    write_demo(root / "k2" / "raw", seed=11, months=13, scale=K)
    return root / "k1", root / "k2"


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def source_files(raw: Path) -> list[Path]:
    return sorted(p.relative_to(raw) for p in raw.rglob("*.csv") if p.parts[len(raw.parts)] in SOURCES)


def identifier_positions(relative: Path, header: list[str]) -> list[int]:
    columns = table_columns(relative.parts[0], relative.stem.lower())
    return [i for i, name in enumerate(header) if (spec := columns.get(normalise_name(name))) and is_identifier(*spec)]


def test_every_record_k_times_with_fresh_ids_and_shared_tables_once(demos):
    one, many = (d / "raw" for d in demos)
    assert source_files(one) == source_files(many)
    replicated, once = 0, set()
    for relative in source_files(one):
        header, rows = read_table(one / relative)
        scaled_header, scaled = read_table(many / relative)
        assert scaled_header == header
        ids = identifier_positions(relative, header)
        if not ids:
            once.add(relative.stem)
            assert len(scaled) == len(rows), relative
            for row, bigger in zip(rows, scaled, strict=True):
                for i, name in enumerate(header):
                    counted = normalise_name(name) == "headcount" and row[i].strip().isdigit()
                    assert bigger[i] == (str(int(row[i]) * K) if counted else row[i])
            continue
        replicated += 1
        assert (many / relative).read_bytes().startswith((one / relative).read_bytes()), "copy 1 is the demo"
        assert len(scaled) == K * len(rows), relative
        expected = Counter(
            tuple(copied_id(v, copy) if i in ids else v for i, v in enumerate(row))
            for copy in range(1, K + 1)
            for row in rows
        )
        assert Counter(map(tuple, scaled)) == expected, relative
        for i in ids:  # fresh ids: each distinct original id is K distinct ids
            assert len({r[i] for r in scaled if r[i].strip()}) == K * len({r[i] for r in rows if r[i].strip()})
    assert replicated >= 15
    assert once == {"pupil_headcount", "ey_providers", "commentary"}


def id_values(raw: Path) -> dict[str, set[str]]:
    """Every identifier column's non-blank values, as pseudonymisation would link them."""
    values: dict[str, set[str]] = {}
    for relative in source_files(raw):
        header, rows = read_table(raw / relative)
        for i in identifier_positions(relative, header):
            name = f"{relative.parts[0]}.{relative.stem}.{normalise_name(header[i])}"
            values.setdefault(name, set()).update(r[i].strip().upper() for r in rows if r[i].strip())
    return values


def test_links_between_tables_and_sources_survive_in_every_copy(demos):
    one, many = (id_values(d / "raw") for d in demos)
    linked = 0
    for a, b in combinations(sorted(one), 2):
        shared = len(one[a] & one[b])
        assert len(many[a] & many[b]) == K * shared, (a, b)
        linked += shared > 0
    assert linked >= 15  # child -> episodes, request -> SEND record, plan -> assessment, ...


def test_percentages_unchanged_and_counts_k_times(demos, postcode_dir):
    one, many = (Extracts(d).build(postcode_dir) for d in demos)
    sql = (
        "select indicator_id, period_type, period_label, unit, numerator, denominator, value "
        "from marts.indicator_values v join marts.indicators using (indicator_id) order by all"
    )
    small, big = one.query(sql), many.query(sql)
    assert [r[:4] for r in small] == [r[:4] for r in big] and small
    for (*key, unit, num, den, value), (*_, num_k, den_k, value_k) in zip(small, big, strict=True):
        assert (num_k, den_k) == (None if num is None else num * K, None if den is None else den * K), key
        if unit == "count":
            assert value_k == (None if value is None else value * K), key
        else:
            assert value_k == pytest.approx(value), key
