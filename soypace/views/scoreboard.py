"""The scoreboard: `soypace status` with no target. One short block per target that has started,
live ones first, one line per deadline with its verdict and the figures behind it, and one
sentence in words under each block; CSV and JSON carry every status column of every target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from soypace.data.codes import country_name
from soypace.model.pacing import is_judged
from soypace.model.targets import Target, TargetBook
from soypace.model.window import Query, Window
from soypace.render.result import Result
from soypace.views.common import meta, standing
from soypace.views.session import Session
from soypace.views.status import STATUS_COLUMNS, status_result
from soypace.views.verdicts import VERDICT_STYLE, headline, margin_words, verdicts

BLOCK_DISPLAY = [
    ("deadline_name", "deadline"), ("verdict", "verdict"), ("bought", "bought/target MMT"),
    ("margin", "margin MMT"), ("pace", "needed/recent MMT/wk"), ("reach_pct", "reach %"),
]  # fmt: skip


def started_targets(book: TargetBook, day: dt.date) -> list[Target]:
    """Targets that have started by ``day``: live ones (a deadline still open) first, soonest
    deadline first, then settled ones, latest first."""
    started = [t for t in book.targets.values() if t.start <= day]
    live = sorted((t for t in started if not is_judged(t.last_deadline, day)), key=lambda t: t.last_deadline)
    done = sorted((t for t in started if is_judged(t.last_deadline, day)), key=lambda t: t.last_deadline)
    return live + done[::-1]


def scoreboard_windows(session: Session, query: Query, book: TargetBook) -> list[Window]:
    """The query resolved once for each started target, at the same as-of day."""
    first = session.resolve(query)
    return [session.resolve(replace(query, target=t)) for t in started_targets(book, first.as_of)]


def _mmt2(mt: int | None) -> str:
    return "" if mt is None else f"{mt / 1e6:.2f}"


def _every(windows: list[Window]) -> dict:
    """What a result covering every started target says it stands on, beside the window's meta."""
    return {"target": ", ".join(w.target.name for w in windows), "target_title": "every started target"}


def block(window: Window, full: Result, first: bool, every: dict | None) -> Result:
    """One target's lines (verdict, bought against the target, margin, pace, reach share) from its
    status result; ``every``: the last block, which says what all of them stand on."""
    rows = []
    for (_, p, v), row in zip(verdicts(window), full.rows, strict=True):
        pace = ""
        if p.needed_weekly_mt is not None:
            pace = f"{_mmt2(p.needed_weekly_mt)}/{_mmt2(p.recent_weekly_mt) or '-'}"
        bought = f"{_mmt2(p.cumulative_mt)}/{_mmt2(p.target_mt)}"
        rows.append(row | {"bought": bought, "margin": margin_words(v), "pace": pace})
    t, q = window.target, window.query
    title = f"{t.name}: {t.title}"
    if first:  # what every block stands on, said once at the top
        title = f"{country_name(q.country)}'s purchases, {q.basis} basis, {standing(window)}\n\n{title}"
    return Result(
        title=title, columns=STATUS_COLUMNS, rows=rows, meta=meta(window) | every if every else {},
        notes=[headline(window)], display=BLOCK_DISPLAY,
        styles={"verdict": lambda v: VERDICT_STYLE.get(str(v), "")},
        keep=[c for c, _ in BLOCK_DISPLAY], whole=["verdict", "bought", "margin", "pace"],
    )  # fmt: skip


def scoreboard(windows: list[Window], results: list[Result], wide: bool = False) -> list[Result]:
    """The blocks, or with ``wide`` each target's full status table (provenance once, at the end)."""
    if wide:
        for r in results[:-1]:
            r.meta = {}
        return results
    last = len(windows) - 1
    every = _every(windows)
    return [
        block(w, r, i == 0, every if i == last else None)
        for i, (w, r) in enumerate(zip(windows, results, strict=True))
    ]


def combined(windows: list[Window], results: list[Result]) -> Result:
    """Every status row of every started target in one table, for CSV and JSON."""
    return Result(
        "Scoreboard: every started target", STATUS_COLUMNS, [r for res in results for r in res.rows],
        results[0].meta | _every(windows),
        notes=[f"{w.target.name}: {n}" for w, res in zip(windows, results, strict=True) for n in res.notes],
    )  # fmt: skip


def status_view(
    session: Session, query: Query, book: TargetBook | None, *, wide: bool = False, machine: bool = False
) -> tuple[list[Result], list[dict], Window]:
    """`soypace status`: with a target (``book`` None) its detailed table; without, the scoreboard
    (every column of every target for ``machine`` formats). Returns the results, the rows --check
    judges (the live targets' when there are any) and the window whose data freshness counts."""
    if book is None:
        window = session.resolve(query)
        result = status_result(window)
        return [result], result.rows, window
    windows = scoreboard_windows(session, query, book)
    full = [status_result(w) for w in windows]
    live = [r for w, r in zip(windows, full, strict=True) if w.open_deadlines] or full
    judged = [row for r in live for row in r.rows]  # before a wide scoreboard strips their meta
    return ([combined(windows, full)] if machine else scoreboard(windows, full, wide)), judged, windows[0]
