"""The demo council is deterministic per seed, and a different seed gives a different council."""

import hashlib
from pathlib import Path

from orchestration.demo import write_demo
from schemas import SOURCES


def fingerprints(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_files_and_every_source_delivered(tmp_path):
    first = write_demo(tmp_path / "a", seed=7, months=13)
    second = write_demo(tmp_path / "b", seed=7, months=13)
    assert first == second
    assert set(first) == set(SOURCES)
    original = fingerprints(tmp_path / "a")
    assert original == fingerprints(tmp_path / "b")
    other = write_demo(tmp_path / "c", seed=8, months=13)
    assert set(other) == set(first)
    changed = {name for name, digest in fingerprints(tmp_path / "c").items() if original.get(name) != digest}
    assert any(name.startswith("ssda903/") for name in changed)
