"""Which data a reading command stands on: the local store when it covers the target, else the
shipped snapshot; and whether that data is older than USDA's calendar says it should be."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from soypace.calendar import latest_week_due, market_years_of_week, week_ending_on_or_after
from soypace.data.codes import UNKNOWN
from soypace.data.codes import commodity as commodity_info
from soypace.data.dataset import Dataset
from soypace.data.snapshot import load_snapshot

if TYPE_CHECKING:
    from soypace.data.store import Store


def covers_start(dataset: Dataset, commodity: int, country: int, start: dt.date) -> bool:
    """True when the dataset holds the week a target starts in, for that destination."""
    week = week_ending_on_or_after(start)
    years = market_years_of_week(week, commodity_info(commodity).market_year_start_month)
    return all(dataset.covered(commodity, country, y, week) for y in years)


def choose_dataset(
    store: Store | None,
    commodity: int,
    country: int,
    start: dt.date,
    companions: tuple[int, ...] = (UNKNOWN,),
) -> tuple[Dataset, list[str]]:
    """The store (the caller's, or None when there is none) if it has the target's window for this
    destination, else the snapshot, with a note saying why when a store was there but not used.
    Either is loaded for the destination and its companions only (the unknown destinations, whose
    pool the views add): what a command costs follows what it reads."""
    notes: list[str] = []
    wanted = frozenset({country, *companions})
    if store is not None:
        stored = store.dataset(commodity, wanted, lazy=True)  # the store stays open for the command
        if stored is not None and covers_start(stored, commodity, country, start):
            return stored, notes
        if stored is not None:
            notes.append(
                f"the local store has no data for country {country} from {start}; "
                "using the shipped snapshot (run `soypace fetch`)"
            )
    return load_snapshot(wanted), notes


def stale_note(latest_week: dt.date, now_eastern: dt.datetime) -> str | None:
    """A warning when USDA should, by its Thursday 8:30 a.m. Eastern calendar, have published a
    week that the data does not have."""
    due = latest_week_due(now_eastern)
    if latest_week >= due:
        return None
    return (
        f"the data ends with the week ending {latest_week}, but USDA should have published the week "
        f"ending {due} by now; run `soypace fetch` (or `soypace status --refresh`)"
    )
