"""The listing views: targets, destinations, the fetch log and the flash-sale ledger."""

from __future__ import annotations

from soypace.data.codes import CHINA, all_countries
from soypace.data.paths import store_path
from soypace.data.store import FETCH_LOG_COLUMNS, Store
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
]


def targets_result(book: TargetBook) -> Result:
    """Every known target with its deadlines and the source of its terms."""
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
                }
            )
    columns = ["target", "default", "title", "target_mt", "start", "deadline_name", "deadline", "source"]
    meta = {"source": "data/targets.toml (and --targets / SOYPACE_TARGETS if given)", "latest_week": None}
    return Result(
        title="Purchase targets",
        columns=columns,
        rows=rows,
        meta=meta,
        display=[(c, c.replace("_", " ")) for c in columns if c != "title"],
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
    )  # fmt: skip


def fetch_log_result(store: Store, limit: int) -> Result:
    """The newest fetches first: what each asked, how many requests and records, and errors."""
    rows = store.fetch_log(limit)
    return Result(
        "Fetch log (newest first)", list(FETCH_LOG_COLUMNS), rows, {"source": f"local store at {store.path}"}
    )


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
        }
        for s in sales
    ]
    notes = [] if sales else ["the ledger is empty: `soypace flash add` or `soypace flash import --example`"]
    return Result(
        "Flash-sale ledger",
        LEDGER_COLUMNS,
        rows,
        {"source": f"your flash-sale ledger in {store_path()}"},
        notes=notes,
        display=[(c, c.replace("_", " ")) for c in LEDGER_COLUMNS if c not in ("note", "source")],
    )
