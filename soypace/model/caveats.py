"""What the data cannot say about the weeks and years a figure stands on, as notes any view shows:
next-MY sales it lacks (and what it says they add up to), next-MY sales booked at dates it does
not give, and weeks a capture interpolated instead of giving USDA's weekly figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from soypace.calendar import market_label, market_years_of_week, weeks_in
from soypace.data.codes import commodity as commodity_info
from soypace.data.dataset import Dataset, Interpolated
from soypace.model.purchases import COMMITMENTS, NextMyGap, next_my_gaps

NEXT_MY_NOTE = "next-MY net sales are not in this data"  # every note on missing next-MY sales starts so


def gap_note(gap: NextMyGap, first: dt.date, last: dt.date) -> str | None:
    """What a count over [first, last] misses where a run of weeks lacks next-MY sales; None when
    the data says none were booked then (the next-MY outstanding did not grow across the run)."""
    weeks = gap.within(first, last)
    most = gap.most_mt(first, last)
    what = (
        f"{NEXT_MY_NOTE} for the weeks ending {weeks[0]} to {weeks[-1]} "
        f"({market_label(gap.market_year + 1)} sales booked during {market_label(gap.market_year)})"
    )
    if most is None:
        return f"{what}, and nothing in it bounds them yet: the count is a lower bound"
    if most <= 0:
        return None
    if len(weeks) == len(gap.weeks):
        return (
            f"{what}: they add up to {most:,} MT, all booked in this window at dates the data does not "
            f"give, so the count is {most:,} MT short"
        )
    return (
        f"{what}: they add up to {most:,} MT, booked at dates the data does not give, so the count may be "
        f"short by up to that"
    )


def applies(run: Interpolated, basis: str) -> bool:
    """Whether an interpolated run touches a count on ``basis`` (a next-MY run only commitments)."""
    return run.fields == "all" or basis == COMMITMENTS


def span_notes(
    dataset: Dataset,
    commodity: int,
    country: int,
    first: dt.date,
    last: dt.date,
    basis: str,
    counts_next_my: bool = True,
) -> list[str]:
    """Notes on the weeks [first, last] of one destination's count: next-MY sales the data lacks
    (read no later than ``last``, so a replay does not see what came after) and interpolated weeks."""
    notes: list[str] = []
    if basis == COMMITMENTS and counts_next_my:
        for gap in next_my_gaps(dataset, commodity, country, first, last, last):
            note = gap_note(gap, first, last)
            notes += [note] if note else []
    month = commodity_info(commodity).market_year_start_month
    years = sorted({y for w in weeks_in(first, last) for y in market_years_of_week(w, month)})
    for year in years:
        for run in dataset.interpolated.get((commodity, country, year), ()):
            if applies(run, basis) and run.first_week <= last and run.last_week >= first:
                notes.append(
                    f"the weeks ending {run.first_week} to {run.last_week} ({market_label(year)}): {run.why}"
                )
    return notes


def history_notes(
    dataset: Dataset, commodity: int, country: int, years: Iterable[int], basis: str
) -> tuple[str, ...]:
    """Notes on the past marketing years a projection draws on: next-MY sales booked in them at
    dates the data does not give (so no week counts them), and weeks a capture interpolated."""
    years = sorted(years)
    notes = []
    openings = [(y, dataset.next_my_openings.get((commodity, country, y))) for y in years]
    listed = [
        f"{market_label(y)}: {o.balance_mt:,} MT of {market_label(y + 1)} sales, before the week ending "
        f"{o.first_week}"
        for y, o in openings
        if o is not None and o.balance_mt
    ]
    if basis == COMMITMENTS and listed:
        notes.append(
            "past years the projections draw on lack next-MY sales booked at dates the data does not give, "
            f"counted in no week ({'; '.join(listed)})"
        )
    for year in years:
        for run in dataset.interpolated.get((commodity, country, year), ()):
            if applies(run, basis):
                notes.append(
                    f"past year {market_label(year)}, the weeks ending {run.first_week} to {run.last_week}: "
                    f"{run.why}"
                )
    return tuple(notes)
