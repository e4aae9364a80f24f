"""`soypace sources check`: the same weeks from both live sources, compared field by field, so a user
can see that USDA FAS's API and AgTransport's copy agree, and exactly where they do not."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from typing import TYPE_CHECKING

from soypace import SoypaceError
from soypace.calendar import market_label
from soypace.data import guard
from soypace.data.codes import country_name
from soypace.data.records import TONNAGE_FIELDS, WeekRecord
from soypace.render.result import Result
from soypace.views.session import Session

if TYPE_CHECKING:
    from soypace.data.fetch import WeeklySource

COLUMNS = [
    "commodity",
    "country",
    "market_year",
    "week_ending",
    "field",
    "fas",
    "agtransport",
    "difference",
    "kind",
]
FIELDS = tuple(TONNAGE_FIELDS.values())
KEY_SIGNUP = "https://api.data.gov/signup/"


class SourceUnavailable(SoypaceError):
    """One of the two sources cannot answer, so there is nothing to compare; says which and why."""


def compare_records(fas: list[WeekRecord], agtransport: list[WeekRecord]) -> list[dict]:
    """Every difference between two answers for the same weeks, in week order: a week only one source
    has, a figure only one gives (unknown is not zero), or a figure that differs (AgTransport minus
    FAS)."""
    left = {r.key: r for r in fas}
    right = {r.key: r for r in agtransport}
    rows: list[dict] = []
    for key in sorted(left.keys() | right.keys()):
        a, b = left.get(key), right.get(key)
        base = {"commodity": key[0], "country": key[1], "market_year": key[2], "week_ending": key[3]}
        if a is None or b is None:
            kind = "only in agtransport" if a is None else "only in fas"
            rows.append(
                base | {"field": None, "fas": None, "agtransport": None, "difference": None, "kind": kind}
            )
            continue
        for attr in FIELDS:
            x, y = getattr(a, attr), getattr(b, attr)
            if x == y:
                continue
            if x is None or y is None:
                kind, diff = ("missing in fas" if x is None else "missing in agtransport"), None
            else:
                kind, diff = "differs", y - x
            rows.append(base | {"field": attr, "fas": x, "agtransport": y, "difference": diff, "kind": kind})
    return rows


def sources_result(
    commodity: int,
    countries: tuple[int, ...] | None,
    market_years: tuple[int, ...],
    fas: list[WeekRecord],
    agtransport: list[WeekRecord],
    where: str,
) -> Result:
    """The differences as a Result with stable columns, and a verdict in the notes."""
    rows = compare_records(fas, agtransport)
    weeks = {r.key for r in fas} | {r.key for r in agtransport}
    both = {r.key for r in fas} & {r.key for r in agtransport}
    who = "every destination" if countries is None else ", ".join(country_name(c) for c in countries)
    years = ", ".join(market_label(y) for y in market_years)
    notes = []
    if not weeks:
        notes.append("neither source has any week for this commodity, destination and marketing year")
    elif not rows:
        notes.append(f"the two sources agree on every figure of all {len(weeks)} destination-weeks")
    else:
        kinds: dict[str, int] = {}
        for row in rows:
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
        counted = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        notes.append(
            f"{len(rows)} difference(s) in {len(weeks)} destination-weeks ({len(both)} in both): {counted}"
        )
        if any(r["kind"].startswith("only in") for r in rows):
            notes.append("a week only one source has may be one the other has not published yet")
    latest = max((key[3] for key in weeks), default=None)
    return Result(
        title=f"Sources compared: USDA FAS ESR API vs AgTransport | {who}, MY {years}",
        columns=COLUMNS,
        rows=rows,
        meta={"source": where, "latest_week": latest, "commodity": commodity},
        notes=notes,
    )


def check_sources(
    session: Session,
    commodity: int,
    countries: tuple[int, ...] | None,
    market_years: tuple[int, ...],
) -> Result:
    """Fetch the same weeks from both sources (nothing is stored) and compare them; a source that
    cannot answer (FAS without a key, either one down) is a SourceUnavailable error naming it."""
    from soypace.data.client import ApiError
    from soypace.data.fetch import key_variable, open_source

    if key_variable() is None:
        raise SourceUnavailable(
            "cannot compare: the FAS API is unavailable without an API key (set SOYPACE_API_KEY or "
            f"DATA_GOV_API_KEY; a free key at {KEY_SIGNUP}); AgTransport needs none, see `soypace fetch`"
        )
    store = session.store()
    stored = store.countries() if store is not None else []
    answers: dict[str, list[WeekRecord]] = {}
    where = []
    for name in ("fas", "agtransport"):
        _, _, client = open_source(name, countries=stored)
        label = "the FAS API" if name == "fas" else "AgTransport"
        with closing(client):
            try:
                answers[name] = _records(client, commodity, countries, market_years)
            except ApiError as exc:
                raise SourceUnavailable(f"cannot compare: {label} is unavailable: {exc}") from None
        where.append(f"{label} at {guard.redact_url(client.base_url)}")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    source = f"USDA weekly export sales, live: {' and '.join(where)} (read {stamp}; nothing stored)"
    return sources_result(commodity, countries, market_years, answers["fas"], answers["agtransport"], source)


def _records(
    client: WeeklySource, commodity: int, countries: tuple[int, ...] | None, market_years: tuple[int, ...]
) -> list[WeekRecord]:
    out: list[WeekRecord] = []
    for year in market_years:
        if countries is None:
            out.extend(client.exports_all(commodity, year))
        else:
            for country in countries:
                out.extend(client.exports(commodity, country, year))
    return out
