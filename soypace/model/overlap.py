"""Targets that count the same weeks, and what was bought in the weeks they share.

The statements behind the targets do not say whether their pledges add up (is a sale in January
2026 part of the truce's 12 MMT, of calendar 2026's 25 MMT, or of both?), so soypace counts a sale
toward every target whose window holds it and says where windows overlap. Pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from soypace.calendar import week_ending_on_or_after
from soypace.data.dataset import Dataset
from soypace.model.pacing import judged_week
from soypace.model.purchases import COMMITMENTS, weekly_points
from soypace.model.targets import Target


@dataclass(frozen=True)
class Overlap:
    """Two targets' shared weeks, and the tonnage both count in them (None: not known)."""

    first: Target
    second: Target
    first_week: dt.date
    last_week: dt.date
    counted_to: dt.date | None = None  # the last shared week the data reaches
    tonnage_mt: int | None = None

    def sentence(self, who: str) -> str:
        """The overlap in one sentence, with what the statements leave open."""
        text = (
            f"{self.first.name} and {self.second.name} both count the weeks ending {self.first_week} to "
            f"{self.last_week}"
        )
        if self.tonnage_mt is not None and self.counted_to is not None:
            to = "" if self.counted_to == self.last_week else f" to the week ending {self.counted_to}"
            text += f", in which {who} bought {self.tonnage_mt:,} MT{to}"
        if (self.first.start, self.first.tonnage_mt) == (self.second.start, self.second.tonnage_mt):
            return text + ": two readings of one pledge (same tonnage, same start), not two pledges."
        return (
            text + ": the statements do not say whether the pledges add up, so those purchases count "
            "toward both here."
        )


def counted_weeks(target: Target) -> tuple[dt.date, dt.date]:
    """The first and last week a target counts: from its start to its last deadline's judged week."""
    return week_ending_on_or_after(target.start), judged_week(target.last_deadline)


def shared_weeks(a: Target, b: Target) -> tuple[dt.date, dt.date] | None:
    """The weeks both targets count, when they count the same sales (same commodity, and no two
    different marketing years); None when they share none."""
    two_years = None not in (a.market_year, b.market_year) and a.market_year != b.market_year
    if a.commodity != b.commodity or two_years:
        return None
    (a0, a1), (b0, b1) = counted_weeks(a), counted_weeks(b)
    first, last = max(a0, b0), min(a1, b1)
    return (first, last) if first <= last else None


def overlaps(
    targets: Sequence[Target],
    dataset: Dataset | None = None,
    country: int | None = None,
    basis: str = COMMITMENTS,
    until: dt.date | None = None,
) -> list[Overlap]:
    """Every pair of targets that count the same weeks, with the destination's purchases in them
    (to ``until`` and the data's latest week) when a dataset and a destination are given."""
    found = []
    for a, b in combinations(targets, 2):
        span = shared_weeks(a, b)
        if span is None:
            continue
        first, last = span
        counted_to, tonnage = None, None
        latest = dataset.latest_week(a.commodity, country) if dataset and country is not None else None
        if dataset is not None and country is not None and latest is not None:
            counted_to = min(last, latest, until or last)
            if counted_to >= first:
                year = a.market_year or b.market_year
                values = [
                    p.purchases(basis)
                    for p in weekly_points(dataset, a.commodity, country, first, counted_to, year)
                ]
                tonnage = None if any(v is None for v in values) else sum(v for v in values if v is not None)
            else:
                counted_to = None
        found.append(Overlap(a, b, first, last, counted_to, tonnage))
    return found
