"""The shipped snapshot of real USDA data (``data/esr/``), read with the same parser as the live API.

It lets soypace run with no key and no network; ``data/README.md`` says what it holds.
"""

from __future__ import annotations

import json
from functools import lru_cache

from soypace.data.paths import data_dir
from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import parse_records, parse_week

SNAPSHOT_DIR = "esr"


def manifest() -> dict:
    with open(data_dir() / SNAPSHOT_DIR / "manifest.json", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def load_snapshot() -> Dataset:
    """Every shipped record and the weeks each file covers, as one Dataset."""
    meta = manifest()
    records, coverage = [], []
    for entry in meta["files"]:
        with open(data_dir() / SNAPSHOT_DIR / entry["file"], encoding="utf-8") as fh:
            rows = json.load(fh)
        year, commodity = entry["marketYear"], entry["commodityCode"]
        records.extend(parse_records(rows, year, commodity=commodity))
        for cov in entry["coverage"]:
            countries = [None] if cov["countries"] == "all" else cov["countries"]
            for country in countries:
                coverage.append(Coverage(commodity, year, country, parse_week(cov["firstWeek"]), parse_week(cov["lastWeek"])))
    return Dataset(
        records=records,
        coverage=coverage,
        source=f"shipped snapshot of {meta['source']} (captured {meta['captured']})",
        kind="snapshot",
        fetched_at=None,
    )
