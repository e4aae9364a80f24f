"""The listing views: targets, destinations, the fetch log and the flash-sale ledger."""

from __future__ import annotations

from soypace.calendar import market_label
from soypace.data.codes import CHINA, all_countries, country_name
from soypace.data.dataset import Dataset
from soypace.data.ledger import SINGLE
from soypace.data.paths import store_path
from soypace.data.store import FETCH_LOG_COLUMNS, Store
from soypace.model.overlap import overlaps
from soypace.model.targets import TargetBook
from soypace.render.result import Result
from soypace.views.session import Session

LEDGER_COLUMNS = [
    "id",
    "dated",
    "announced",
    "sale_date",
    "quantity_mt",
    "destination",
    "market_year",
    "note",
    "source",
    "kind",
    "made_from",
    "made_to",
]


def targets_result(book: TargetBook, dataset: Dataset | None = None) -> Result:
    """Every known target with its deadlines, how it counts and the source of its terms, and the
    targets that count the same weeks, with China's purchases in them (from ``dataset``, else the
    shipped snapshot)."""
    if dataset is None:
        from soypace.data.snapshot import load_snapshot

        dataset = load_snapshot()
    rows = []
    for t in book.targets.values():
        for d in t.deadlines:
            rows.append(
                {
                    "target": t.name,
                    "default": t.name == book.default,
                    "title": t.title,
                    "target_mt": t.tonnage_mt,
                    "start": t.start,
                    "deadline_name": d.name,
                    "deadline": d.date,
                    "source": d.source or t.source,
                    "counts": t.counts
                    if t.market_year is None
                    else f"{t.counts} {market_label(t.market_year)}",
                }
            )
    columns = [
        "target",
        "default",
        "title",
        "target_mt",
        "start",
        "deadline_name",
        "deadline",
        "source",
        "counts",
    ]
    shown = ["target", "default", "target_mt", "start", "deadline_name", "deadline", "counts", "source"]
    notes = [o.sentence(country_name(CHINA)) for o in overlaps(list(book.targets.values()), dataset, CHINA)]
    meta = {
        "source": "data/targets.toml (and --targets / SOYPACE_TARGETS if given)",
        "latest_week": None,
        "overlap_data": dataset.source,
    }
    return Result(
        title="Purchase targets",
        columns=columns,
        rows=rows,
        meta=meta,
        notes=notes,
        display=[(c, c.replace("_", " ")) for c in shown],
        drop_order=["source", "counts", "default", "start"],
        keep=["target", "target_mt", "deadline_name", "deadline"],
        whole=["target", "deadline_name"],
    )


def countries_result(session: Session) -> Result:
    """The destinations --country accepts: the API's list once fetched, else the shipped one."""
    rows = [{"code": c.code, "name": c.name, "api_name": c.api_name} for c in all_countries()]
    source = "data/countries.csv (every destination in the shipped data)"
    store = session.store()
    fetched = store.countries() if store is not None else []
    if store is not None and fetched:
        rows = [{"code": c["code"], "name": c["name"], "api_name": c["api_name"]} for c in fetched]
        source = f"USDA's /countries list as fetched into {store.path}"
    return Result(
        "ESR destinations", ["code", "name", "api_name"], rows, {"source": source},
        human={"code": str},  # a code, not a quantity: no thousands separator
        drop_order=["api_name"], keep=["code", "name"], whole=["code"],
    )  # fmt: skip


def fetch_log_result(store: Store, limit: int) -> Result:
    """The newest fetches first: what each asked, how many requests and records, and errors."""
    rows = store.fetch_log(limit)
    return Result(
        "Fetch log (newest first)", list(FETCH_LOG_COLUMNS), rows, {"source": f"local store at {store.path}"},
        drop_order=[
            "source", "release", "finished_at", "revised", "new_records", "requests", "records", "what",
        ],
        keep=["id", "started_at", "ok", "error"], whole=["started_at"],
    )  # fmt: skip


def ledger_result(session: Session) -> Result:
    """The flash-sale ledger, oldest first."""
    sales = session.ledger()
    rows = [
        {
            "id": s.id,
            "dated": s.dated,
            "announced": s.announced,
            "sale_date": s.sale_date,
            "quantity_mt": s.quantity_mt,
            "destination": "china" if s.destination == CHINA else "unknown",
            "market_year": f"{s.market_year - 1}/{s.market_year}",
            "note": s.note,
            "source": s.source,
            "kind": s.kind,
            "made_from": s.window[0] if s.kind == SINGLE else None,
            "made_to": s.window[1] if s.kind == SINGLE else None,
        }
        for s in sales
    ]
    notes = (
        [
            "made from/to: the days a sale can have been made; an exporter reports a sale by 3 p.m. the next "
            "business day and FAS announces it at 9 a.m. the business day after that"
        ]
        if sales
        else ["the ledger is empty: `soypace flash add` or `soypace flash import --example`"]
    )
    return Result(
        "Flash-sale ledger",
        LEDGER_COLUMNS,
        rows,
        {"source": f"your flash-sale ledger in {store_path()}"},
        notes=notes,
        display=[(c, c.replace("_", " ")) for c in LEDGER_COLUMNS if c not in ("note", "source")],
        drop_order=["kind", "market_year", "sale_date", "announced", "made_from", "made_to"],
        keep=["id", "dated", "quantity_mt", "destination"],
    )
