"""What changed in the store: the fields a later release revised, and what the newest fetch brought.

The store keeps every version of a week (``record_versions``); these queries compare them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from soypace.data.schema import VALUE_ATTRS


def revisions(
    db: sqlite3.Connection, commodity: int, country: int, first: dt.date, last: dt.date
) -> list[dict]:
    """Every field that changed between two stored versions of a week, oldest change first, with
    the release and source (FAS API or AgTransport) each version came from."""
    rows = db.execute(
        "SELECT v.market_year, v.week_ending, v.id, v.is_current, "
        f"{', '.join('v.' + a for a in VALUE_ATTRS)}, f.finished_at, v.release, v.source "
        "FROM record_versions v JOIN fetches f ON f.id = v.fetch_id "
        "WHERE v.commodity = ? AND v.country = ? AND v.week_ending BETWEEN ? AND ? "
        "ORDER BY v.market_year, v.week_ending, v.id",
        (commodity, country, first.isoformat(), last.isoformat()),
    ).fetchall()
    out: list[dict] = []
    previous: dict[tuple[int, str], tuple[dict, str, str | None, str]] = {}
    for row in rows:
        key = (row[0], row[1])
        values = dict(zip(VALUE_ATTRS, row[4 : 4 + len(VALUE_ATTRS)], strict=True))
        fetched, release, source = row[-3], row[-2], row[-1]
        if key in previous:
            old, old_fetched, old_release, old_source = previous[key]
            for attr in VALUE_ATTRS:
                if old[attr] != values[attr]:
                    out.append(
                        {
                            "week_ending": dt.date.fromisoformat(row[1]),
                            "market_year": row[0],
                            "field": attr,
                            "old_value": old[attr],
                            "new_value": values[attr],
                            "change": _diff(old[attr], values[attr]),
                            "old_fetched_at": old_fetched,
                            "old_release": old_release,
                            "new_fetched_at": fetched,
                            "new_release": release,
                            "current": bool(row[3]),
                            "old_source": old_source,
                            "new_source": source,
                        }
                    )
        previous[key] = (values, fetched, release, source)
    return out


def latest_changes(db: sqlite3.Connection, commodity: int, countries: tuple[int, ...]) -> dict | None:
    """What the newest fetch that changed these destinations' data brought: new weeks and
    revised fields. Depends only on the store's contents, so a report built twice agrees."""
    marks = ", ".join("?" * len(countries))
    row = db.execute(
        f"SELECT MAX(fetch_id) FROM record_versions WHERE commodity = ? AND country IN ({marks})",
        (commodity, *countries),
    ).fetchone()
    if not row or row[0] is None:
        return None
    fetch_id = row[0]
    finished, release = db.execute(
        "SELECT finished_at, release FROM fetches WHERE id = ?", (fetch_id,)
    ).fetchone()
    versions = db.execute(
        "SELECT id, country, market_year, week_ending FROM record_versions WHERE fetch_id = ? "
        f"AND commodity = ? AND country IN ({marks}) ORDER BY week_ending, country",
        (fetch_id, commodity, *countries),
    ).fetchall()
    new_weeks, revised = [], []
    for vid, country, year, week in versions:
        older = db.execute(
            "SELECT MAX(id) FROM record_versions WHERE commodity = ? AND country = ? AND market_year = ? "
            "AND week_ending = ? AND id < ?",
            (commodity, country, year, week, vid),
        ).fetchone()[0]
        if older is None:
            new_weeks.append((dt.date.fromisoformat(week), country))
        else:
            revised.append((dt.date.fromisoformat(week), country, year))
    changes = []
    for week, country, year in revised:
        for change in revisions(db, commodity, country, week, week):
            if change["market_year"] == year and change["new_fetched_at"] == finished:
                changes.append(change | {"country": country})
    return {"fetched_at": finished, "release": release, "new_weeks": new_weeks, "revisions": changes}


def _diff(old: int | None, new: int | None) -> int | None:
    return None if old is None or new is None else new - old
