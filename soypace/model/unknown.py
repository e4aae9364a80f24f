"""Unknown destinations (ESR code 9990): the pool of sold-but-undeclared tonnage, and switches.

Chinese buyers often book as "unknown destinations" and declare later; USDA then moves the
tonnage, so the unknown row falls and China's rises in the same week. The weekly API does not say
so directly: these functions only say what the numbers make plausible. The pool is a stock (all
that is sold and undeclared, whenever it was sold), so two figures are kept apart: the loose bound
adds the whole pool to a confirmed count, the since-window estimate only what the pool says was
sold after the window opened. Pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from soypace.calendar import WEEK, week_ending_on_or_after
from soypace.model.purchases import WeekPoint

# About one Panamax cargo of soybeans: the least move on both sides that a possible switch needs,
# so that small revisions and adjustments are not read as declarations.
CARGO_MT = 55_000
SWITCH_RULE = (
    f"a possible switch is a week in which the unknown destinations' net sales fell and the "
    f"destination's rose, each by at least {CARGO_MT:,} MT (about one cargo); the smaller of the two "
    f"moves is shown"
)


def week_before_window(start: dt.date) -> dt.date:
    """The last week ending before a target's first counted week: where its window opened."""
    return week_ending_on_or_after(start) - WEEK


def outstanding_at(points: Sequence[WeekPoint], week: dt.date) -> int | None:
    """Unknown destinations' outstanding sales at a week (None when the data lacks that week)."""
    for p in points:
        if p.week_ending == week:
            return None if p.is_gap else p.outstanding
    return None


def with_unknown(confirmed: int, unknown_mt: int | None, share: float) -> int | None:
    """Confirmed purchases plus ``share`` of some unknown-destinations tonnage (None: unknown)."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be between 0 and 1, got {share}")
    if unknown_mt is None:
        return None
    return round(confirmed + share * unknown_mt)


@dataclass(frozen=True)
class UnknownBounds:
    """The unknown destinations beside a confirmed count at one week, with what the figures rest on.

    ``pool_mt`` is the whole pool (the loose bound adds it); the since-window estimate adds only the
    pool's growth since the window opened (not below zero) plus unknown next-MY bookings made in the
    window and not yet in the pool, or, where the data has gross new sales, the unknown gross new
    sales since the start, capped by the pool.
    """

    week: dt.date
    pool_mt: int | None
    open_week: dt.date
    pool_at_open_mt: int | None
    country_pool_at_open_mt: int | None = None  # the destination's own outstanding sales then
    next_my_mt: int | None = None  # None: the data lacks unknown next-MY sales for some week
    gross_mt: int | None = None  # None: the data lacks unknown gross new sales for some week

    @property
    def pool_change_mt(self) -> int | None:
        if self.pool_mt is None or self.pool_at_open_mt is None:
            return None
        return self.pool_mt - self.pool_at_open_mt

    @property
    def uses_gross(self) -> bool:
        return self.gross_mt is not None and self.pool_mt is not None

    @property
    def since_window_mt(self) -> int | None:
        """Unknown tonnage the data says can have been sold inside the window (None: unknown)."""
        if self.pool_mt is None:
            return None
        if self.gross_mt is not None:
            base = min(max(self.gross_mt, 0), self.pool_mt)
        elif self.pool_change_mt is None:
            return None
        else:
            base = max(self.pool_change_mt, 0)
        return base + max(self.next_my_mt or 0, 0)

    def loose(self, confirmed: int, share: float) -> int | None:
        """Confirmed plus ``share`` of the whole pool: at share 1 the upper bound analysts quote."""
        return with_unknown(confirmed, self.pool_mt, share)

    def since_window(self, confirmed: int, share: float) -> int | None:
        """Confirmed plus ``share`` of what the pool says was sold inside the window."""
        return with_unknown(confirmed, self.since_window_mt, share)


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def unknown_bounds(
    points: Sequence[WeekPoint], start: dt.date, week: dt.date, country_pool_at_open: int | None = None
) -> UnknownBounds:
    """The unknown destinations at ``week`` for a window opening at ``start``, from their weekly
    points (from the week before the window opened to ``week`` at least).

    Next-MY bookings count only for the marketing year after ``week``'s: those booked for ``week``'s
    own year are already in its pool (as its opening commitment).
    """
    opened = week_before_window(start)
    inside = [p for p in points if opened < p.week_ending <= week]
    at_week = next((p for p in inside if p.week_ending == week), None)
    year = at_week.market_years[-1] if at_week is not None and at_week.market_years else None
    booking_weeks = [p for p in inside if p.market_years == (year,)]
    known = all(not p.is_gap for p in inside)
    return UnknownBounds(
        week=week,
        pool_mt=outstanding_at(points, week),
        open_week=opened,
        pool_at_open_mt=outstanding_at(points, opened),
        country_pool_at_open_mt=country_pool_at_open,
        next_my_mt=_sum([p.next_my_net_sales for p in booking_weeks]) if known else None,
        gross_mt=_sum([p.gross_new_sales for p in inside]) if known and inside else None,
    )


def likely_switch(country_net: int | None, unknown_net: int | None, least: int = CARGO_MT) -> int:
    """Tonnage that plausibly moved from unknown destinations to the country in one week: when the
    unknown net sales fall and the country's rise, each by at least ``least`` (about one cargo),
    the smaller of the two moves; else 0."""
    if country_net is None or unknown_net is None:
        return 0
    if -unknown_net < least or country_net < least:
        return 0
    return min(-unknown_net, country_net)


def likely_switches(country: Sequence[WeekPoint], unknown: Sequence[WeekPoint]) -> dict[dt.date, int]:
    """Week -> plausible switched tonnage, for the weeks where there is one."""
    unknown_net = {p.week_ending: p.net_sales for p in unknown if not p.is_gap}
    out = {}
    for p in country:
        moved = likely_switch(p.net_sales, unknown_net.get(p.week_ending))
        if moved:
            out[p.week_ending] = moved
    return out


@dataclass(frozen=True)
class SwitchCount:
    """How often the possible-switch rule fired over a window, for the notes and the report."""

    fired: int
    compared: int  # weeks in which both sides' net sales are known
    whole_weeks: int  # weeks in which the switch is all of the destination's net sales
    smallest_mt: int | None
    smallest_week: dt.date | None

    def sentence(self, who: str) -> str:
        """The count in one sentence, the rule stated."""
        if not self.fired:
            return f"possible switches: none in {self.compared} week(s); {SWITCH_RULE}."
        return (
            f"possible switches: {self.fired} of {self.compared} week(s), the smallest "
            f"{self.smallest_mt:,} MT (week ending {self.smallest_week}); in {self.whole_weeks} of them "
            f"the possible switch is all of {who}'s net sales that week. Rule: {SWITCH_RULE}. The weekly "
            f"data does not say so directly, and a switch is not a new sale overall."
        )


def count_switches(country: Sequence[WeekPoint], unknown: Sequence[WeekPoint]) -> SwitchCount:
    """How many weeks the rule fired in, out of the weeks it could be tried on."""
    switches = likely_switches(country, unknown)
    unknown_known = {p.week_ending for p in unknown if not p.is_gap and p.net_sales is not None}
    compared = sum(1 for p in country if p.net_sales is not None and p.week_ending in unknown_known)
    nets = {p.week_ending: p.net_sales for p in country}
    smallest = min(switches.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return SwitchCount(
        fired=len(switches),
        compared=compared,
        whole_weeks=sum(1 for w, moved in switches.items() if moved == nets.get(w)),
        smallest_mt=smallest[1] if smallest else None,
        smallest_week=smallest[0] if smallest else None,
    )
