"""The weekly report: every target's verdict first (a headline and its figures), then for each
target the pacing table, the projections, the last 8 weeks, a chart, what the newest data changed,
and what it all stands on.

Built from the same library calls as the commands; the same data and as-of week give the same
document, so a cron job can diff this week's report against last week's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from soypace import SoypaceError
from soypace.calendar import market_label
from soypace.data.codes import UNKNOWN, country_name
from soypace.model.overlap import overlaps
from soypace.model.pacing import is_judged
from soypace.model.targets import Target, TargetBook, load_targets
from soypace.model.unknown import count_switches
from soypace.model.window import Query, Window
from soypace.render.chart import picture, terminal
from soypace.render.document import (
    Block,
    Bullets,
    Document,
    Fact,
    Heading,
    Lead,
    Picture,
    Pre,
    Stamp,
    Table,
)
from soypace.render.result import Result
from soypace.views.chart import chart_data
from soypace.views.common import mmt
from soypace.views.project import project_result
from soypace.views.scoreboard import started_targets
from soypace.views.session import Session
from soypace.views.status import status_result
from soypace.views.verdicts import focus, headline, margin_words
from soypace.views.weeks import weeks_result

LAST_WEEKS = 8


def active_targets(book: TargetBook, as_of: dt.date) -> list[Target]:
    """Targets whose window holds the as-of week: started, and not every deadline judged yet."""
    return [t for t in book.targets.values() if t.start <= as_of and not is_judged(t.last_deadline, as_of)]


def lead(window: Window) -> Lead:
    """A target's verdict for the top of the report: the headline and three or four figures behind
    it (verdict, bought, needed a week, reach share; or bought, margin, week reached), for the
    deadline the headline speaks of (the first open one, else the last)."""
    t = window.target
    text = headline(window)
    open_ = [(n, p) for n, p in window.paces if not p.is_past]
    name, p, v = focus(window)
    call = Fact("verdict", v.word, margin_words(v) + (" MMT" if v.margin_mt is not None else ""))
    bought, of = mmt(p.cumulative_mt), f"of {mmt(p.target_mt)} ({p.pct_of_target:.1f}%)"
    if not open_:
        margin = p.cumulative_mt - p.target_mt
        facts = [
            Fact("bought", bought, f"{of} by the {name} deadline ({p.deadline})"),
            Fact(
                "met by" if margin >= 0 else "missed by",
                mmt(abs(margin)),
                f"judged on the week ending {p.judged_week}",
            ),
        ]
        if window.reached_week:
            reached = f"the {t.tonnage_mt / 1e6:g} MMT mark reached in the week ending"
            facts.append(Fact(reached, str(window.reached_week)))
        return Lead(text, title=t.title, facts=tuple(facts))
    facts = [call, Fact("bought", bought, f"{of} to the week ending {window.as_of}")]
    if p.needed_weekly_mt is not None:
        recent = f"; recent pace {mmt(p.recent_weekly_mt)}" if p.recent_weekly_mt is not None else ""
        facts.append(
            Fact(
                "needed a week",
                mmt(p.needed_weekly_mt),
                f"for {p.reports_left} more week{'s' * (p.reports_left != 1)}{recent}",
            )
        )
    method = window.range_method  # the method the history backtest ranks best (data/calibration.toml)
    found, _ = window.projections((method,))
    for b in (b for b in found if b.deadline == p.deadline and b.prob_reach is not None):
        median = f"P50 {mmt(b.p50_mt)} by {p.deadline}" if b.p50_mt is not None else ""
        facts.append(Fact(f"{method} reach share", f"{b.prob_reach:.0%}", median))
    return Lead(text, title=t.title, facts=tuple(facts))


def last_weeks(window: Window) -> Result:
    """The newest weeks of the weekly view, for the report."""
    weekly = weeks_result(window)
    columns = [
        "week_ending",
        "net_sales_mt",
        "exports_mt",
        "cumulative_mt",
        "unknown_net_sales_mt",
        "unknown_outstanding_mt",
        "note",
    ]
    display = [
        ("week_ending", "week ending"),
        ("net_sales_mt", "net sales MT"),
        ("exports_mt", "exports MT"),
        ("cumulative_mt", "cumulative MT"),
        ("unknown_net_sales_mt", "unknown net MT"),
        ("unknown_outstanding_mt", "unknown outstanding MT"),
        ("note", "note"),
    ]
    return Result(
        f"Last {LAST_WEEKS} weeks",
        columns,
        weekly.rows[-LAST_WEEKS:],
        weekly.meta,
        display=display,
        styles=weekly.styles,
    )


def change_lines(window_as_of: dt.date, query: Query, store_changes: dict | None) -> list[str]:
    """What the newest data brought: from the store's last changing fetch, else the newest week."""
    if store_changes and query.as_of is None:
        lines = [
            f"the newest fetch ({store_changes['fetched_at']}"
            + (f", USDA release {store_changes['release']} ET" if store_changes["release"] else "")
            + ") brought:"
        ]
        mine = sorted({w for w, c in store_changes["new_weeks"] if c == query.country})
        lines.append(
            "new weeks ending " + ", ".join(map(str, mine))
            if mine
            else f"no new weeks for {country_name(query.country)}"
        )
        revised = [c for c in store_changes["revisions"] if c["country"] in (query.country, UNKNOWN)]
        if revised:
            lines += [
                (
                    f"revised: {c['week_ending']} {country_name(c['country'])} {c['field']} "
                    f"{c['old_value']:,} -> {c['new_value']:,}"
                )
                for c in revised[:10]
                if c["old_value"] is not None and c["new_value"] is not None
            ]
        else:
            lines.append("no revisions to earlier weeks")
        return lines
    why = "a replay of the past (--as-of)" if query.as_of else "the shipped snapshot"
    return [
        f"the newest week in this report is the week ending {window_as_of}",
        f"revisions to earlier weeks are not known for {why}; the local store keeps them (`soypace fetch`)",
    ]


def overlap_lines(window: Window, others: Sequence[Target]) -> list[str]:
    """The other targets that count some of this target's weeks, with the purchases in them."""
    t, q = window.target, window.query
    found = []
    for other in (o for o in others if o.name != t.name):
        found += overlaps([t, other], window.dataset, q.country, q.basis, until=window.as_of)
    return [o.sentence(country_name(q.country)) for o in found]


def target_section(
    window: Window, store_changes: dict | None, html_chart: bool, others: Sequence[Target] = ()
) -> tuple[list[Block], Result]:
    """The blocks for one target, and its status Result (whose rows decide --check)."""
    query = window.query
    status = status_result(window)
    blocks: list[Block] = [Heading(query.target.title)]  # its verdict leads the report (lead())
    blocks += [Heading("Pacing", 3), Table(status), Bullets(tuple(status.notes))]
    shared = overlap_lines(window, others)
    if shared:
        blocks += [Heading("Targets counting the same weeks", 3), Bullets(tuple(shared))]
    projections = project_result(window)
    new_notes = tuple(n for n in projections.notes if n not in status.notes)
    blocks += [Heading("Projections", 3), Table(projections), Bullets(new_notes)]
    blocks += [Heading(f"Last {LAST_WEEKS} weeks", 3), Table(last_weeks(window))]
    if query.country != UNKNOWN:
        switches = count_switches(window.points, window.unknown_points)
        blocks.append(Bullets((switches.sentence(country_name(query.country)),)))
    data = chart_data(window)
    blocks.append(Heading("Chart", 3))
    if html_chart:  # the HTML shows the picture, so the character chart is not drawn at all
        blocks.append(Picture(picture(data, "svg").decode("utf-8"), alt=data.title))
    else:
        blocks.append(Pre(terminal(data, width=90, height=22, colour=False)))
    changes = change_lines(window.as_of, query, store_changes)
    blocks += [Heading("What changed", 3), Bullets(tuple(changes))]
    return blocks, status


def build_report(
    windows: Sequence[Window],
    *,
    store_changes: dict | None = None,
    generated_at: str | None = None,
    html_chart: bool = False,
    others: Sequence[Target] = (),
) -> tuple[Document, list[dict]]:
    """The whole report, one section per resolved target, and every status row in it (for --check);
    ``others`` are the known targets, so that a section says which of them count the same weeks."""
    first = windows[0].query
    dataset = windows[0].dataset
    who = country_name(first.country)
    doc = Document(f"soypace weekly report: {who}'s purchases of U.S. soybeans")
    if generated_at:
        doc.blocks.append(Stamp(generated_at))
    doc.blocks += [lead(window) for window in windows]  # the answer first: every verdict, then tables
    rows: list[dict] = []
    for window in windows:
        blocks, status = target_section(window, store_changes, html_chart, others)
        doc.blocks += blocks
        rows += status.rows
    targets = "; ".join(
        f"{w.target.name} ({w.target.tonnage_mt:,} MT from {w.target.start}; "
        + ", ".join(f"{d.name} {d.date}" for d in w.target.deadlines)
        + ("" if w.target.market_year is None else f"; counts MY {market_label(w.target.market_year)} only")
        + ")"
        for w in windows
    )
    doc.blocks += [
        Heading("Data"),
        Bullets(
            tuple(
                [f"Source: {dataset.source}", f"Latest week in the data: {windows[0].latest_week}"]
                + ([f"Fetched: {dataset.fetched_at}"] if dataset.fetched_at else [])
                + [
                    f"Basis: {first.basis}; destination: {who} ({first.country}); view: {first.view}",
                    "Targets: " + targets,
                ]
            )
        ),
    ]
    return doc, rows


def weekly_report(
    session: Session,
    query: Query,
    *,
    all_targets: bool = False,
    every_started: bool = False,
    targets_file: Path | None = None,
    generated_at: str | None = None,
    html_chart: bool = False,
) -> tuple[Document, list[dict], Window]:
    """The report for one query; with ``every_started`` for every target that has started (live
    ones first), with ``all_targets`` for every target still active. Returns the document, the
    status rows --check judges (the live targets' when there are any) and the first window."""
    window = session.resolve(query)
    windows, book = [window], load_targets(targets_file)
    if all_targets or every_started:
        chosen = active_targets(book, window.as_of) if all_targets else started_targets(book, window.as_of)
        if not chosen:
            raise SoypaceError(
                f"no target is active at the week ending {window.as_of}; name one with --target"
            )
        windows = [session.resolve(replace(query, target=t)) for t in chosen]
    store = session.store() if window.dataset.kind == "store" else None
    changes = (
        store.latest_changes(query.target.commodity, (query.country, UNKNOWN)) if store is not None else None
    )
    doc, rows = build_report(
        windows,
        store_changes=changes,
        generated_at=generated_at,
        html_chart=html_chart,
        others=list(book.targets.values()),
    )
    live = {w.target.name for w in windows if w.open_deadlines}
    judged = [r for r in rows if r["target"] in live] if live else rows
    return doc, judged, windows[0]
