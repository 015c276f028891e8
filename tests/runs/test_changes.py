"""What counts as new since the last publish (files only, never the warehouse)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration.lib.changes import InputState, compare, current_state, group_inputs, scan_raw
from orchestration.settings import Settings


def deliver(raw: Path, rel: str, text: str = "a,b\n1,2\n") -> Path:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def settings(tmp_path) -> Settings:
    s = Settings(raw_dir=tmp_path / "raw", data_dir=tmp_path / "data")
    deliver(s.raw_dir, "ssd/2025-10-03/ssd_person.csv")
    deliver(s.raw_dir, "ssd/2025-09-03/ssd_person.csv", "a,b\n1,1\n")
    deliver(s.raw_dir, "registration/2025-09/death_registrations.csv")
    deliver(s.raw_dir, "reference/gias_establishments.csv")
    deliver(s.raw_dir, "README.md", "not an input")
    s.published_dir.mkdir(parents=True)
    s.warehouse_path.touch()
    s.mart_path.touch()
    return s


def published(settings: Settings) -> InputState:
    state, _ = current_state(settings)
    return InputState(state.data_dir, state.code, state.inputs, newest_snapshot_delivery="2025-10-03")


def test_unchanged_files_keep_their_cached_hash_and_touched_ones_are_rehashed(settings):
    first = scan_raw(settings.raw_dir)
    rel = "registration/2025-09/death_registrations.csv"
    cached = {k: [size, mtime, "cached"] for k, (size, mtime, _) in first.items()}
    assert scan_raw(settings.raw_dir, cached)[rel][2] == "cached"  # size and mtime match: not re-read
    path = settings.raw_dir / rel
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert scan_raw(settings.raw_dir, cached)[rel][2] == first[rel][2]  # touched: hashed again


def test_files_group_by_source_and_delivery_and_reference_files_by_their_asset(settings):
    inputs = group_inputs(scan_raw(settings.raw_dir))
    assert set(inputs) == {"raw/ssd", "raw/registration", "reference/gias_establishments"}  # README is nobody's
    assert set(inputs["raw/ssd"]) == {"2025-10-03", "2025-09-03"}


def test_nothing_new(settings):
    now, _ = current_state(settings)
    assert compare(published(settings), now, settings).nothing_new


def test_a_first_run_or_a_missing_warehouse_is_a_full_run(settings):
    now, _ = current_state(settings)
    assert compare(None, now, settings).full
    settings.warehouse_path.unlink()
    assert compare(published(settings), now, settings).full


def test_a_code_or_rules_change_is_a_full_run(settings):
    before = published(settings)
    now, _ = current_state(settings)
    changed_code = InputState(before.data_dir, "another", before.inputs, before.newest_snapshot_delivery)
    assert "code, rules" in compare(changed_code, now, settings).full


def test_a_new_registration_month_is_that_month_only(settings):
    before = published(settings)
    deliver(settings.raw_dir, "registration/2025-10/death_registrations.csv")
    now, _ = current_state(settings)
    changes = compare(before, now, settings)
    assert not changes.full and changes.inputs == {"raw/registration": {"2025-10"}}


def test_withdrawn_and_redelivered_files_and_a_new_gias_file_are_changes(settings):
    before = published(settings)
    (settings.raw_dir / "ssd/2025-09-03/ssd_person.csv").unlink()  # an older delivery withdrawn
    deliver(settings.raw_dir, "registration/2025-09/death_registrations.csv", "a,b\n9,9\n")  # re-delivered
    deliver(settings.raw_dir, "reference/gias_establishments.csv", "URN\n1\n")
    now, _ = current_state(settings)
    changes = compare(before, now, settings)
    assert not changes.full
    assert changes.inputs == {
        "raw/ssd": {"2025-09-03"},
        "raw/registration": {"2025-09"},
        "reference/gias_establishments": {""},
    }


@pytest.mark.parametrize("rel", ["ssd/2025-10-03/ssd_person.csv", "ssd/2025-11-03/ssd_person.csv"])
def test_a_change_at_or_after_the_newest_snapshot_moves_the_reporting_months_so_is_a_full_run(settings, rel):
    before = published(settings)
    deliver(settings.raw_dir, rel, "a,b\n5,5\n")
    now, _ = current_state(settings)
    assert "reporting months" in compare(before, now, settings).full
