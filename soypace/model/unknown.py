"""Unknown destinations (ESR code 9990): the pool of sold-but-undeclared tonnage, and switches.

Chinese buyers often book as "unknown destinations" and declare later; USDA then moves the
tonnage, so the unknown row falls and China's rises in the same week. The weekly API does not say
so directly: these functions only say what the numbers make plausible. Pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from soypace.model.purchases import WeekPoint


def outstanding_at(points: Sequence[WeekPoint], week: dt.date) -> int | None:
    """Unknown destinations' outstanding sales at a week (None when the data lacks that week)."""
    for p in points:
        if p.week_ending == week:
            return None if p.is_gap else p.outstanding
    return None


def with_unknown(confirmed: int, unknown_outstanding: int | None, share: float) -> int | None:
    """Confirmed purchases plus ``share`` of the unknown pool: share 1 is the upper bound analysts
    quote ("China plus unknown"), which assumes every undeclared sale is China's."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be between 0 and 1, got {share}")
    if unknown_outstanding is None:
        return None
    return round(confirmed + share * unknown_outstanding)


def likely_switch(country_net: int | None, unknown_net: int | None) -> int:
    """Tonnage that plausibly moved from unknown destinations to the country in one week: when the
    unknown net sales fall while the country's rise, the smaller of the two moves; else 0."""
    if country_net is None or unknown_net is None or unknown_net >= 0 or country_net <= 0:
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
