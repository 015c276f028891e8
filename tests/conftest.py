from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration.lib.reference import postcode_cache
from tests.harness import TEST_KEY, Extracts

SHARED_CACHE = Path(os.environ.get("SCRUTINY_TEST_CACHE", Path(__file__).resolve().parents[1] / "data" / "test-cache"))


@pytest.fixture(scope="session")
def postcode_dir() -> Path:
    """The postcode directory as parquet, built once and shared by every test (and worker)."""
    postcode_cache(SHARED_CACHE)
    return SHARED_CACHE


@pytest.fixture
def extracts(tmp_path) -> Extracts:
    return Extracts(tmp_path)


@pytest.fixture(autouse=True)
def _test_key(monkeypatch):
    monkeypatch.setenv("SCRUTINY_PSEUDONYMISATION_KEY", TEST_KEY)


def pytest_collection_modifyitems(items):
    """Modules marked `heavy` (several whole `scrutiny run`s) first: with `--dist loadfile
    --no-loadscope-reorder` the two workers start on them, and the many short modules fill in
    around them instead of one long module running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)
