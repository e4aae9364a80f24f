"""The nowcast: flash sales dated after the last reported week, added to the reported total.

Every flash sale later appears in the weekly data; the nowcast therefore adds only those dated
after the last reported week, and never one a weekly report already covers. Pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from soypace.data.ledger import FlashSale


@dataclass(frozen=True)
class Nowcast:
    """Flash sales after the last reported week: their total and the dates they span."""

    after_week: dt.date
    until: dt.date
    total_mt: int
    sales: tuple[FlashSale, ...]

    @property
    def first(self) -> dt.date | None:
        return min((s.dated for s in self.sales), default=None)

    @property
    def last(self) -> dt.date | None:
        return max((s.dated for s in self.sales), default=None)


def nowcast(sales: Iterable[FlashSale], destination: int, after_week: dt.date, until: dt.date) -> Nowcast:
    """Flash sales to ``destination`` dated in (after_week, until]: what the weekly data cannot yet
    show. A sale dated on or before the last reported week is in that report and never added."""
    chosen = tuple(
        sorted(
            (s for s in sales if s.destination == destination and after_week < s.dated <= until),
            key=lambda s: (s.dated, s.quantity_mt),
        )
    )
    return Nowcast(after_week, until, sum(s.quantity_mt for s in chosen), chosen)
