"""The two views beside the confirmed count in ``soypace status``: the unknown destinations (a loose
bound and a since-window estimate) and the flash nowcast, each filling its own columns and notes.

Neither is ever mixed into the confirmed figure; each note says what its figure assumes.
"""

from __future__ import annotations

from collections.abc import Sequence

from soypace.data.codes import country_name
from soypace.data.ledger import SINGLE, FlashSale
from soypace.model.purchases import COMMITMENTS
from soypace.model.unknown import UnknownBounds
from soypace.model.window import Window


def since_window_reason(b: UnknownBounds) -> str:
    """What the since-window estimate's unknown tonnage is made of, in words."""
    if b.uses_gross:
        gross = f"{b.gross_mt:,} MT"
        text = f"unknown destinations' gross new sales since the window opened, {gross}, capped by the pool"
    else:
        change = b.pool_change_mt or 0
        moved = f"grew by {change:,} MT" if change >= 0 else f"shrank by {-change:,} MT (counted as 0)"
        text = f"the pool {moved} since the week ending {b.open_week}"
    if b.next_my_mt is None:
        return text + "; unknown next-MY bookings are not in this data (none added)"
    return text + f", plus {max(b.next_my_mt, 0):,} MT of unknown next-MY bookings made in the window"


def unknown_notes(window: Window, rows: list[dict]) -> list[str]:
    """Fill the unknown-destinations columns with two figures, each named for what it is: the loose
    bound (confirmed plus a share of the whole pool, a stock partly sold before the window) and the
    since-window estimate (plus a share of what the pool says was sold inside the window)."""
    share = window.query.unknown_share
    if share is None:
        return []
    who, notes = country_name(window.query.country), []
    for row, deadline, (name, p) in zip(rows, window.target.deadlines, window.paces, strict=True):
        b = window.unknown_pool(deadline)
        row["unknown_outstanding_mt"], row["unknown_share"] = b.pool_mt, share
        row["with_unknown_mt"] = b.loose(p.cumulative_mt, share)
        row["unknown_open_week"], row["unknown_pool_at_open_mt"] = b.open_week, b.pool_at_open_mt
        row["unknown_since_window_mt"] = b.since_window_mt
        row["since_window_mt"] = b.since_window(p.cumulative_mt, share)
        if b.pool_mt is None:
            notes.append(f"{name}: the data has no unknown-destinations figures for the week ending {b.week}")
            continue
        before = f"an amount the data does not give (it lacks the week ending {b.open_week})"
        if b.pool_at_open_mt is not None:
            before = f"{b.pool_at_open_mt:,} MT in the week ending {b.open_week}"
            if b.country_pool_at_open_mt is not None:
                before += f", when {who}'s own outstanding purchases were {b.country_pool_at_open_mt:,} MT"
        assumes = "every undeclared sale is" if share == 1 else f"{share:.0%} of undeclared sales are"
        notes.append(
            f"{name}: loose bound {row['with_unknown_mt']:,} MT = confirmed {p.cumulative_mt:,} MT + "
            f"{share:g} x the whole unknown-destinations pool, {b.pool_mt:,} MT (week ending {b.week}); "
            f"it assumes {assumes} {who}'s, even those made before the window opened: the pool held {before}."
        )
        if row["since_window_mt"] is not None:
            notes.append(
                f"{name}: since-window estimate {row['since_window_mt']:,} MT = confirmed "
                f"{p.cumulative_mt:,} MT + {share:g} x {b.since_window_mt:,} MT: {since_window_reason(b)}."
            )
        else:
            notes.append(
                f"{name}: no since-window estimate: the data lacks the unknown destinations' pool in the "
                f"week ending {b.open_week}, before the window opened."
            )
    return notes


def flash_text(sales: Sequence[FlashSale]) -> str:
    """Flash sales listed with their announcement and the days they can have been made."""

    def one(s: FlashSale) -> str:
        if s.kind != SINGLE:
            return f"{s.quantity_mt:,} MT ({s.kind}) announced {s.announced}"
        first, last = s.window
        return f"{s.quantity_mt:,} MT announced {s.announced}, made {first}" + (
            "" if first == last else f" to {last}"
        )

    return ", ".join(one(s) for s in sales)


def nowcast_notes(window: Window, rows: list[dict]) -> list[str]:
    """Fill the flash-sale columns for deadlines still open: only sales announced by the as-of date
    (or today) whose whole sale window lies after the last reported week; those that straddle it
    may already be in the weekly data and are listed, never added."""
    q = window.query
    if not q.nowcast:
        return []
    if q.basis != COMMITMENTS:
        return ["the nowcast adds flash sales, so it applies to the commitments basis only"]
    from soypace.model.nowcast import nowcast

    until = q.day or q.today or window.as_of
    notes = []
    if not window.flash:
        notes.append(
            "the flash-sale ledger is empty: add sales with `soypace flash add` or `soypace flash "
            "import --example`"
        )
    for row, (name, p) in zip(rows, window.paces, strict=True):
        if p.is_past:
            continue
        cast = nowcast(window.flash, q.country, window.as_of, until, by=p.deadline)
        row["flash_since_last_week_mt"] = cast.total_mt
        row["flash_first_date"], row["flash_last_date"] = cast.first, cast.last
        row["nowcast_mt"] = p.cumulative_mt + cast.total_mt
        row["flash_sold_from"], row["flash_sold_to"] = cast.sold_from, cast.sold_to
        row["flash_maybe_reported_mt"] = cast.maybe_reported_mt
        if cast.sales:
            notes.append(
                f"{name}: nowcast {row['nowcast_mt']:,} MT = {p.cumulative_mt:,} MT reported to the week "
                f"ending {window.as_of} + flash sales made since ({flash_text(cast.sales)}); the ledger may "
                "be incomplete."
            )
        else:
            notes.append(
                f"{name}: no flash sales in the ledger made after the week ending {window.as_of} and "
                f"announced by {cast.until}."
            )
        for found, why in (
            (
                cast.maybe_reported,
                f"may already be in the weekly data (made on or before the week ending {window.as_of}, "
                "or after it)",
            ),
            (cast.maybe_late, f"may have been made after the {p.deadline} deadline"),
            (cast.aggregates, "weekly-total or cumulative announcements, whose sales' days are not known"),
        ):
            if found:
                notes.append(f"{name}: not added, {why}: {flash_text(found)}.")
    return notes
