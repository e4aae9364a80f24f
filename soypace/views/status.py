"""The status and weeks views: a target, a destination and a basis, paced at an as-of week.

Glue between the data (a Dataset), the targets and the pure pacing math; it returns Results
that any output format can render. No I/O here beyond what the Dataset already holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from soypace import SoypaceError, UsageError
from soypace.data.codes import UNKNOWN, country_name
from soypace.data.dataset import Dataset
from soypace.render.formats import Result, percent
from soypace.model.pacing import MET, MISSED, ON_TRACK, BEHIND, Pace, pace, running_total
from soypace.calendar import market_label, market_year_weeks, week_ending_on_or_before
from soypace.model.purchases import COMMITMENTS, WeekPoint, carry_in, next_my_unknown, weekly_points, years_missing_next_my
from soypace.data.ledger import FlashSale
from soypace.model.nowcast import nowcast
from soypace.model.targets import Target
from soypace.model.unknown import outstanding_at, with_unknown

STATUS_COLUMNS = [
    "target", "deadline_name", "deadline", "judged_week", "as_of", "country", "basis",
    "cumulative_mt", "target_mt", "pct_of_target", "path_mt", "ahead_mt", "ahead_days",
    "remaining_mt", "reports_left", "needed_weekly_mt", "recent_weekly_mt", "projected_mt",
    "projected_surplus_mt", "eta_week", "status", "cumulative_upper_mt",
    "unknown_outstanding_mt", "unknown_share", "with_unknown_mt",
    "flash_since_last_week_mt", "flash_first_date", "flash_last_date", "nowcast_mt",
    "p10_mt", "p50_mt", "p90_mt", "prob_reach",
]

STATUS_DISPLAY = [
    ("deadline_name", "deadline"), ("deadline", "date"), ("judged_week", "judged on"),
    ("cumulative_mt", "bought MT"), ("pct_of_target", "% of target"), ("path_mt", "path MT"),
    ("ahead_mt", "ahead MT"), ("ahead_days", "ahead days"), ("reports_left", "reports left"),
    ("needed_weekly_mt", "needed MT/wk"), ("recent_weekly_mt", "recent MT/wk"),
    ("projected_mt", "projected MT"), ("projected_surplus_mt", "surplus MT"),
    ("p10_mt", "P10 MT"), ("p90_mt", "P90 MT"), ("prob_reach", "reach share"),
    ("eta_week", "reached (week)"), ("status", "status"),
]

NEXT_MY_NOTE = "next-MY net sales are not in this data: figures count current-MY net sales only (a lower bound)"

STATUS_STYLE = {MET: "green", ON_TRACK: "green", BEHIND: "yellow", MISSED: "red"}


def signed_style(value: object) -> str:
    return "red" if isinstance(value, (int, float)) and value < 0 else ""


@dataclass(frozen=True)
class Query:
    """What to pace: one target for one destination on one basis, at an optional as-of date."""

    target: Target
    country: int
    basis: str = COMMITMENTS
    as_of: dt.date | None = None
    unknown_share: float | None = None  # None: the confirmed view only
    nowcast: bool = False
    today: dt.date | None = None  # bounds the nowcast when there is no as-of date

    @property
    def view(self) -> str:
        if self.unknown_share is None:
            return "confirmed"
        return "with-unknown" if self.unknown_share == 1 else f"unknown-share {self.unknown_share:g}"


@dataclass(frozen=True)
class Window:
    """A query resolved against the data: the as-of week and the weekly points it stands on."""

    query: Query
    as_of: dt.date
    latest_week: dt.date
    points: list[WeekPoint]
    notes: tuple[str, ...]

    @property
    def weekly(self) -> list[tuple[dt.date, int | None]]:
        return [(p.week_ending, p.purchases(self.query.basis)) for p in self.points]

    @property
    def reached_week(self) -> dt.date | None:
        """The week the running total first reached the target (counting past the deadlines)."""
        t = self.query.target
        return next((w for w, total in running_total(self.weekly, t.start) if total >= t.tonnage_mt), None)


def resolve(dataset: Dataset, query: Query) -> Window:
    """Map the as-of date to a reported week and gather the weeks from the target's start to it.

    Any as-of date maps to the last week ending on or before it; a date past the data's latest
    week maps to the latest week, with a note.
    """
    target, notes = query.target, []
    latest = dataset.latest_week(target.commodity, query.country)
    if latest is None:
        raise SoypaceError(f"{dataset.source} has no data for {country_name(query.country)} ({query.country}); run `soypace fetch --country {query.country}`")
    if query.as_of is None:
        as_of = latest
        if as_of < target.start:
            raise SoypaceError(f"target {target.name} starts {target.start}, after the latest week in the data ({latest}): nothing to pace yet")
    else:
        as_of = week_ending_on_or_before(query.as_of)
        if as_of < target.start:
            raise UsageError(f"--as-of {query.as_of} is before target {target.name} starts ({target.start}); use a date on or after {target.start}")
        if as_of > latest:
            notes.append(f"the data ends with the week ending {latest}; as of {query.as_of} shows that week")
            as_of = latest
    points = weekly_points(dataset, target.commodity, query.country, target.start, as_of)
    gaps = [p for p in points if p.is_gap]
    if gaps:
        listed = ", ".join(f"{p.week_ending} (MY {'/'.join(map(str, p.missing_years))})" for p in gaps[:6])
        notes.append(f"{len(gaps)} week(s) missing from the data, counted as unknown (not zero): {listed}")
    if query.basis == COMMITMENTS and next_my_unknown(points):
        notes.append(NEXT_MY_NOTE)
    return Window(query, as_of, latest, points, tuple(notes))


def meta(dataset: Dataset, window: Window) -> dict:
    q, t = window.query, window.query.target
    return {
        "source": dataset.source,
        "data": dataset.kind,
        "latest_week": window.latest_week,
        "fetched_at": dataset.fetched_at,
        "as_of": window.as_of,
        "basis": q.basis,
        "view": q.view,
        "country": q.country,
        "country_name": country_name(q.country),
        "commodity": t.commodity,
        "target": t.name,
        "target_title": t.title,
        "target_mt": t.tonnage_mt,
        "target_start": t.start,
        "deadlines": [{"name": d.name, "date": d.date.isoformat(), "source": d.source} for d in t.deadlines],
        "target_source": t.source,
    }


def pace_rows(window: Window) -> list[tuple[str, Pace]]:
    """One Pace per deadline of the target, at the window's as-of week."""
    t = window.query.target
    return [(d.name, pace(window.weekly, t.tonnage_mt, t.start, d.date, window.as_of)) for d in t.deadlines]


def next_my_bound(dataset: Dataset, window: Window, until: dt.date) -> tuple[int, list[int], list[int]]:
    """The most that next-MY sales missing from the data could add to the count up to ``until``.

    Sales booked for marketing year Y+1 during Y show up only as Y+1's opening commitment (its
    carry-in), at dates the data does not give; so the missing part lies between 0 and that
    carry-in. Returns (extra, years bounded that way, years whose next year has not opened by the
    as-of week, so that nothing bounds them yet).
    """
    q = window.query
    if q.basis != COMMITMENTS:
        return 0, [], []
    t = q.target
    extra, bounded, open_ended = 0, [], []
    for year in years_missing_next_my(dataset, t.commodity, q.country, t.start, min(until, window.as_of)):
        opens = market_year_weeks(year + 1)[0]
        booked = carry_in(dataset, t.commodity, q.country, year + 1) if opens <= window.as_of else None
        if booked is None:
            open_ended.append(year)
        else:
            extra += booked
            bounded.append(year)
    return extra, bounded, open_ended


def _row(window: Window, name: str, p: Pace) -> dict:
    q = window.query
    return {
        "target": q.target.name, "deadline_name": name, "deadline": p.deadline, "judged_week": p.judged_week,
        "as_of": p.as_of, "country": q.country, "basis": q.basis, "cumulative_mt": p.cumulative_mt,
        "target_mt": p.target_mt, "pct_of_target": p.pct_of_target, "path_mt": p.path_mt,
        "ahead_mt": p.ahead_mt, "ahead_days": p.ahead_days, "remaining_mt": p.remaining_mt,
        "reports_left": p.reports_left, "needed_weekly_mt": p.needed_weekly_mt,
        "recent_weekly_mt": p.recent_weekly_mt, "projected_mt": p.projected_mt,
        "projected_surplus_mt": p.projected_surplus_mt, "eta_week": p.eta_week, "status": p.status,
        "cumulative_upper_mt": None, "unknown_outstanding_mt": None, "unknown_share": None,
        "with_unknown_mt": None, "flash_since_last_week_mt": None, "flash_first_date": None,
        "flash_last_date": None, "nowcast_mt": None, "p10_mt": None, "p50_mt": None, "p90_mt": None,
        "prob_reach": None,
    }


def _mmt(mt: float) -> str:
    return f"{mt / 1e6:.2f} MMT"


def pace_sentence(name: str, p: Pace) -> str:
    """One plain sentence per deadline, the way an analyst would say it."""
    if p.is_past:
        verdict = "met" if p.status == MET else f"missed by {p.target_mt - p.cumulative_mt:,} MT"
        return (f"{name} deadline {p.deadline} (judged on the week ending {p.judged_week}): {verdict}; "
                f"{p.cumulative_mt:,} of {p.target_mt:,} MT ({p.pct_of_target}%).")
    where = "ahead of" if (p.ahead_mt or 0) >= 0 else "behind"
    text = (f"{name} deadline {p.deadline}: {_mmt(p.cumulative_mt)} of {_mmt(p.target_mt)} ({p.pct_of_target}%), "
            f"{_mmt(abs(p.ahead_mt or 0))} {where} the straight-line path")
    if p.status == MET:
        return text + "; target met."
    if p.needed_weekly_mt is not None:
        text += f"; needs {_mmt(p.needed_weekly_mt)} a week for {p.reports_left} more weekly report(s)"
    return text + "."


def eta_sentence(window: Window, p: Pace) -> str | None:
    t = window.query.target
    if window.reached_week:
        return f"The {t.tonnage_mt:,} MT mark was reached in the week ending {window.reached_week}."
    if p.eta_week:
        return f"At the recent pace the target would be reached in the week ending {p.eta_week}."
    return "At the recent pace the target would not be reached."


def unknown_points(dataset: Dataset, window: Window) -> list[WeekPoint]:
    """The unknown destinations' weeks beside the window, for the --unknown-share views."""
    q = window.query
    if q.country == UNKNOWN:
        raise UsageError("--unknown-share and --with-unknown add unknown destinations to another destination; drop --country unknown")
    return weekly_points(dataset, q.target.commodity, UNKNOWN, q.target.start, window.as_of)


def add_unknown_view(dataset: Dataset, window: Window, rows: list[dict], paces: list[tuple[str, Pace]]) -> list[str]:
    """Fill the unknown-destinations columns: confirmed plus a share of the unknown pool, taken at
    the as-of week (at the judged week for a deadline already past). Returns notes for people."""
    q = window.query
    share = q.unknown_share
    if share is None:
        return []
    unknown = unknown_points(dataset, window)
    notes = []
    for row, (name, p) in zip(rows, paces):
        week = p.judged_week if p.is_past else p.as_of
        pool = outstanding_at(unknown, week)
        row["unknown_outstanding_mt"], row["unknown_share"] = pool, share
        row["with_unknown_mt"] = with_unknown(p.cumulative_mt, pool, share)
        if pool is None:
            notes.append(f"{name}: the data has no unknown-destinations figures for the week ending {week}")
            continue
        assumption = "assumes every undeclared sale is China's: an upper bound" if share == 1 else f"assumes {share:.0%} of undeclared sales are China's"
        notes.append(f"{name}: confirmed {p.cumulative_mt:,} MT + {share:g} x {pool:,} MT unknown destinations' outstanding sales "
                     f"(week ending {week}) = {row['with_unknown_mt']:,} MT; {assumption}.")
    return notes


def add_nowcast(window: Window, rows: list[dict], paces: list[tuple[str, Pace]], flash: Sequence[FlashSale]) -> list[str]:
    """Fill the flash-sale columns for deadlines still open: only sales dated after the last
    reported week (and no later than the as-of date, or today), never one a report covers."""
    q = window.query
    if not q.nowcast:
        return []
    if q.basis != COMMITMENTS:
        return ["the nowcast adds flash sales, so it applies to the commitments basis only"]
    until = q.as_of or q.today or window.as_of
    notes = []
    if not flash:
        notes.append("the flash-sale ledger is empty: add sales with `soypace flash add` or `soypace flash import --example`")
    for row, (name, p) in zip(rows, paces):
        if p.is_past:
            continue
        cast = nowcast(flash, q.country, window.as_of, min(until, p.deadline))
        row["flash_since_last_week_mt"] = cast.total_mt
        row["flash_first_date"], row["flash_last_date"] = cast.first, cast.last
        row["nowcast_mt"] = p.cumulative_mt + cast.total_mt
        if cast.sales:
            listed = ", ".join(f"{s.quantity_mt:,} MT on {s.dated}" for s in cast.sales)
            notes.append(f"{name}: nowcast {row['nowcast_mt']:,} MT = {p.cumulative_mt:,} MT reported to the week ending "
                         f"{window.as_of} + flash sales since ({listed}); the ledger may be incomplete.")
        else:
            notes.append(f"{name}: no flash sales in the ledger between the week ending {window.as_of} and {cast.until}.")
    return notes


def status_result(dataset: Dataset, query: Query, flash: Sequence[FlashSale] = (), options=None) -> Result:
    """The status table: one row per deadline, with sentences and provenance for people.

    Open deadlines also get the bootstrap's P10/P50/P90 and reach share (``options``: an
    outlook.Options); numpy is imported only then.
    """
    window = resolve(dataset, query)
    paces = pace_rows(window)
    rows = [_row(window, name, p) for name, p in paces]
    if any(not p.is_past for _, p in paces):
        from soypace.views.project import Options, bootstrap_columns

        bootstrap_columns(dataset, window, rows, options or Options())
    t = query.target
    notes = [pace_sentence(name, p) for name, p in paces]
    eta = eta_sentence(window, paces[-1][1])
    if eta:
        notes.append(eta)
    ranges = []
    for row, (name, p) in zip(rows, paces):
        extra, bounded, open_ended = next_my_bound(dataset, window, p.judged_week)
        if bounded:
            row["cumulative_upper_mt"] = p.cumulative_mt + extra
            later = ", ".join(market_label(y + 1) for y in bounded)
            unbounded = ""
            if open_ended:
                unbounded = f" (plus any {', '.join(market_label(y + 1) for y in open_ended)} sales, which nothing bounds yet)"
            ranges.append(
                f"{name}: next-MY sales are missing from the data; {later} opened with {extra:,} MT booked "
                f"beforehand at dates the data does not give, so the count lies between {p.cumulative_mt:,} and "
                f"{p.cumulative_mt + extra:,} MT{unbounded}.")
    notes.extend(ranges)
    notes.extend(add_unknown_view(dataset, window, rows, paces))
    notes.extend(add_nowcast(window, rows, paces, flash))
    notes.extend(n for n in window.notes if not (ranges and n == NEXT_MY_NOTE))
    view = "" if query.unknown_share is None else f" ({query.view})"
    title = f"{t.title} | {country_name(query.country)}{view}, {query.basis} basis, as of the week ending {window.as_of}"
    return Result(
        title=title, columns=STATUS_COLUMNS, rows=rows, meta=meta(dataset, window), notes=notes,
        display=STATUS_DISPLAY,
        styles={"status": lambda v: STATUS_STYLE.get(v, ""), "ahead_mt": signed_style,
                "ahead_days": signed_style, "projected_surplus_mt": signed_style},
        human={"prob_reach": percent},
        drop_order=["prob_reach", "p90_mt", "p10_mt", "ahead_days", "recent_weekly_mt", "reports_left", "path_mt",
                    "deadline", "eta_week", "projected_mt", "judged_week"],
    )


def targets_result(book) -> Result:
    """Every known target with its deadlines and the source of its terms."""
    rows = []
    for t in book.targets.values():
        for d in t.deadlines:
            rows.append({
                "target": t.name, "default": t.name == book.default, "title": t.title, "target_mt": t.tonnage_mt,
                "start": t.start, "deadline_name": d.name, "deadline": d.date,
                "source": d.source or t.source,
            })
    columns = ["target", "default", "title", "target_mt", "start", "deadline_name", "deadline", "source"]
    meta_ = {"source": "data/targets.toml (and --targets / SOYPACE_TARGETS if given)", "latest_week": None}
    return Result(title="Purchase targets", columns=columns, rows=rows, meta=meta_,
                  display=[(c, c.replace("_", " ")) for c in columns if c != "title"])
