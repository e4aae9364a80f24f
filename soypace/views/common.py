"""What every view shares: the provenance (meta) of a window, and the styles people see."""

from __future__ import annotations

from soypace.data.codes import country_name
from soypace.model.pacing import BEHIND, MET, MISSED, ON_TRACK
from soypace.model.window import Window

STATUS_STYLE = {MET: "green", ON_TRACK: "green", BEHIND: "yellow", MISSED: "red"}


def signed_style(value: object) -> str:
    """Negative figures in red, so a shortfall stands out."""
    return "red" if isinstance(value, (int, float)) and value < 0 else ""


def mmt(mt: float) -> str:
    """Metric tons as million metric tons, the unit the truce's terms use."""
    return f"{mt / 1e6:.2f} MMT"


def standing(window: Window) -> str:
    """Where a view stands in time, for titles: the as-of week, and how it was chosen."""
    q = window.query
    if q.known_on is not None:
        return f"known on {q.known_on} (weeks released through {window.as_of})"
    if q.as_of is not None:
        return f"as of the week ending {window.as_of} (hindsight)"
    return f"as of the week ending {window.as_of}"


def mode_note(window: Window) -> str:
    """What a replay may and may not see, said in every output's provenance."""
    q = window.query
    if q.known_on is not None:
        return (f"known-on {q.known_on}: only the weeks USDA had released by then (through {window.as_of}), "
                "as revised since")  # fmt: skip
    if q.as_of is not None:
        return (
            f"hindsight: as of {q.as_of}, the weeks to {window.as_of} as revised today, published then or not"
        )
    return "latest: every week in the data"


def meta(window: Window) -> dict:
    """What a view's numbers stand on: source, latest week, as-of, basis, view, destination, target."""
    q, t, dataset = window.query, window.target, window.dataset
    return {
        "source": dataset.source,
        "data": dataset.kind,
        "latest_week": window.latest_week,
        "fetched_at": dataset.fetched_at,
        "as_of": window.as_of,
        "mode": q.mode,
        "known_on": q.known_on,
        "mode_note": mode_note(window),
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
