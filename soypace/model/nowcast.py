"""The nowcast: flash sales made after the last reported week, added to the reported total.

Every flash sale later appears in the weekly data, and FAS dates a sale only by its announcement,
one or two business days after it was made (``soypace.data.ledger.sale_window``). The nowcast
therefore adds a sale only when its whole sale window lies after the last reported week; one whose
window straddles that week may already be in the weekly data and is listed, never added. Pure
functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from soypace.data.ledger import SINGLE, FlashSale


@dataclass(frozen=True)
class Nowcast:
    """Flash sales after the last reported week: those added, and those only listed, with why."""

    after_week: dt.date
    until: dt.date  # announced no later than this: what was known then
    total_mt: int
    sales: tuple[FlashSale, ...]  # added: made after the last reported week (and by the deadline)
    maybe_reported: tuple[FlashSale, ...] = ()  # window straddles the last reported week
    maybe_late: tuple[FlashSale, ...] = ()  # window straddles the deadline
    aggregates: tuple[FlashSale, ...] = ()  # weekly-total or cumulative announcements: days unknown

    @property
    def first(self) -> dt.date | None:
        return min((s.dated for s in self.sales), default=None)

    @property
    def last(self) -> dt.date | None:
        return max((s.dated for s in self.sales), default=None)

    @property
    def sold_from(self) -> dt.date | None:
        """The earliest day an added sale can have been made."""
        return min((s.window[0] for s in self.sales), default=None)

    @property
    def sold_to(self) -> dt.date | None:
        """The latest day an added sale can have been made."""
        return max((s.window[1] for s in self.sales), default=None)

    @property
    def maybe_reported_mt(self) -> int:
        return sum(s.quantity_mt for s in self.maybe_reported)


def nowcast(
    sales: Iterable[FlashSale],
    destination: int,
    after_week: dt.date,
    until: dt.date,
    by: dt.date | None = None,
) -> Nowcast:
    """Flash sales to ``destination`` announced by ``until`` and made after ``after_week`` (and by
    ``by``, a deadline): what the weekly data cannot yet show. A sale whose window ends on or
    before the last reported week is in that report and is left out; one whose window straddles
    that week, or the deadline, is listed but never added; an aggregate announcement (a weekly
    total or a cumulative figure) is listed, since its sales' days are not known."""
    added, reported, late, aggregates = [], [], [], []
    for s in sales:
        if s.destination != destination or s.announced > until:
            continue
        first, last = s.window
        if s.kind != SINGLE:
            if s.announced > after_week:
                aggregates.append(s)
        elif last <= after_week or (by is not None and first > by):
            continue  # in a reported week, or made after the deadline
        elif first <= after_week:
            reported.append(s)
        elif by is not None and last > by:
            late.append(s)
        else:
            added.append(s)

    def ordered(found: list[FlashSale]) -> tuple[FlashSale, ...]:
        return tuple(sorted(found, key=lambda s: (s.window, s.quantity_mt)))

    chosen = ordered(added)
    return Nowcast(
        after_week,
        until,
        sum(s.quantity_mt for s in chosen),
        chosen,
        ordered(reported),
        ordered(late),
        ordered(aggregates),
    )
