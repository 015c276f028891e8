"""The run that a set of changed inputs needs: which assets, and which registration months.

Downstream of a changed source in the asset graph is, taken naively, everything: every ingest
asset writes `meta.file_register`, which every snapshot staging model and the reporting months
(`int_reporting_months`) read, and every indicator reads the reporting months. But those shared
tables are filtered by source wherever they are read, and the months of an unchanged source only
move when the run's last month does (which `lib.changes` turns into a full rebuild). So an asset
is rebuilt when it is downstream of a changed input and is a hub itself (it reads every source)
or one of its *owners* changed. Its owners are the root assets (sources, reference data, seeds)
it reads through paths that avoid the hubs (`meta/*`, `int_reporting_months`). An asset that
reads hubs only (`load_log`, `dq_summary`) owns "any change", and so does what reads it. Tables that union every
indicator (`indicator_values`, the published mart) own every source, so they always rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.defs.partitions import financial_quarters, months
from orchestration.lib.changes import (
    Changes,
    InputState,
    compare,
    current_state,
    plan_path,
    published_state_path,
    read_state,
    write_atomically,
)
from orchestration.settings import Settings

PLAN_TAG = "scrutiny/plan"
REPORTING_MONTHS_KEY = dg.AssetKey(["intermediate", "int_reporting_months"])
ANY_CHANGE = dg.AssetKey(["*any change*"])  # the owner of what reads the shared hubs alone


def is_hub(key: dg.AssetKey) -> bool:
    return key.path[0] == "meta" or key == REPORTING_MONTHS_KEY


def owners_by_key(graph) -> dict[dg.AssetKey, frozenset[dg.AssetKey]]:
    owners: dict[dg.AssetKey, frozenset[dg.AssetKey]] = {}
    for key in graph.toposorted_asset_keys:
        parents = graph.get(key).parent_keys
        if is_hub(key):
            owners[key] = frozenset()
        elif not parents:
            owners[key] = frozenset([key])
        else:
            owned = frozenset().union(*(owners.get(p, frozenset()) for p in parents if not is_hub(p)))
            owners[key] = owned or frozenset([ANY_CHANGE])
    return owners


def incremental_selection(graph, changed_roots: set[dg.AssetKey]) -> set[dg.AssetKey]:
    """The executable assets a change to `changed_roots` affects (see the module docstring)."""
    owners = owners_by_key(graph)
    downstream: set[dg.AssetKey] = set()
    frontier = [k for k in changed_roots if graph.has(k)]
    while frontier:
        key = frontier.pop()
        if key not in downstream:
            downstream.add(key)
            frontier.extend(graph.get(key).child_keys)
    executable = graph.executable_asset_keys
    wanted = changed_roots | {ANY_CHANGE}
    return {key for key in downstream if key in executable and (is_hub(key) or owners[key] & wanted)}


@dataclass
class RunPlan:
    """What to materialise: `selection` None means every asset of the job."""

    changes: Changes
    state: InputState
    selection: list[dg.AssetKey] | None
    month_range: tuple[str, str] | None = None

    @property
    def nothing_to_do(self) -> bool:
        return self.selection == []

    def describe(self) -> str:
        if self.nothing_to_do:
            if self.changes.inputs:
                return f"{self.changes.describe()}, which no asset reads: nothing to rebuild"
            return "nothing new since the last publish"
        size = "every asset" if self.selection is None else f"{len(self.selection)} assets"
        months_part = (
            f", registration months {self.month_range[0][:7]} to {self.month_range[1][:7]}" if self.month_range else ""
        )
        return f"{self.changes.describe()}: {size}{months_part}"

    def tags(self) -> dict[str, str]:
        tags = {PLAN_TAG: self.state.plan_id}
        if self.month_range:
            tags[ASSET_PARTITION_RANGE_START_TAG], tags[ASSET_PARTITION_RANGE_END_TAG] = self.month_range
        return tags

    def save(self, settings: Settings) -> None:
        """The inputs this run is built from, for the publish step to record when it succeeds."""
        write_atomically(plan_path(settings, self.state.plan_id), self.state.to_json())


def _month_partitioned(graph, key: dg.AssetKey) -> bool:
    return graph.has(key) and graph.get(key).partitions_def == months


def _month_range(deliveries: set[str]) -> tuple[str, str]:
    """The months partitions spanning `deliveries` (YYYY-MM), clamped to the partitions that exist;
    with none, the latest month, so the asset still runs (and creates its tables)."""
    keys = months.get_partition_keys()
    wanted = sorted(f"{d}-01" for d in deliveries if len(d) == 7 and f"{d}-01" in keys)
    return (wanted[0], wanted[-1]) if wanted else (keys[-1], keys[-1])


def plan_run(
    graph, state: InputState, changes: Changes, previous: InputState | None, ingest_keys: set[dg.AssetKey]
) -> RunPlan:
    """`graph` is the job's asset graph; `ingest_keys` the assets that read raw/ (a changed input
    maps onto the asset of the same key)."""
    partitioned = {k for k in ingest_keys if _month_partitioned(graph, k)}
    runnable = {  # quarter-partitioned assets (report packs) run in their own job, per quarter
        k for k in graph.executable_asset_keys if graph.get(k).partitions_def != financial_quarters
    }
    if changes.full:
        deliveries = {
            d
            for s in (state, previous)
            if s
            for key, by_delivery in s.inputs.items()
            if dg.AssetKey.from_user_string(key) in partitioned
            for d in by_delivery
        }
        return RunPlan(changes, state, None, _month_range(deliveries) if partitioned else None)
    roots = {dg.AssetKey.from_user_string(key) for key in changes.inputs} & runnable
    if not roots:
        return RunPlan(changes, state, [])
    selection = incremental_selection(graph, roots) | {dg.AssetKey(["raw", "delivery_inventory"])}
    changed_months = {
        d for key, ds in changes.inputs.items() if dg.AssetKey.from_user_string(key) in partitioned for d in ds
    }
    month_range = _month_range(changed_months) if selection & partitioned else None
    return RunPlan(changes, state, sorted(selection & runnable), month_range)


def plan_for(
    settings: Settings, graph, cache: dict[str, list] | None = None, full_refresh: bool = False
) -> tuple[RunPlan, dict[str, list]]:
    """Compare the files now with the last publish and plan the run; saves the plan (for the
    publish step to record) unless there is nothing to do. Returns the plan and the file hashes
    (the cache for next time)."""
    state, files = current_state(settings, cache)
    previous = read_state(published_state_path(settings))
    changes = Changes(full="a full refresh was asked for") if full_refresh else compare(previous, state, settings)
    ingest_keys = {k for k in graph.executable_asset_keys if k.path[0] == "raw"}
    plan = plan_run(graph, state, changes, previous, ingest_keys)
    if not plan.nothing_to_do:
        plan.save(settings)
    return plan, files
