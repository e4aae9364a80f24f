"""What one command stands on: the local store (opened at most once), the dataset chosen for a
query (refreshed first when asked), the flash-sale ledger and the destinations the API knows.

The command line makes one Session per command and hands it to the view it calls; messages for
people go through ``warn`` and ``info`` (the command line prints them on stderr).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from soypace import SoypaceError
from soypace.calendar import now_eastern
from soypace.data.dataset import Dataset
from soypace.data.paths import store_path
from soypace.data.sources import choose_dataset, stale_note
from soypace.model.window import Query, Window, resolve

if TYPE_CHECKING:  # sqlite3 loads only when there is a store; requests only when a command fetches
    from soypace.data.fetch import FetchPlan
    from soypace.data.ledger import FlashSale
    from soypace.data.store import FetchSummary, Store

Say = Callable[[str], None]
# (number of steps) -> a context giving a callback to advance one step with a label
Progress = Callable[[int], AbstractContextManager[Callable[[str], None]]]


def _quiet(message: str) -> None:
    """Say nothing: the default for library use and tests."""


@dataclass
class Session:
    """One command's access to the data; closes the store it opened."""

    refresh: bool = False
    offline: bool = False
    warn: Say = _quiet
    info: Say = _quiet
    progress: Progress | None = None
    today: dt.date = field(default_factory=dt.date.today)
    _store: Store | None = field(default=None, init=False, repr=False)
    _store_looked: bool = field(default=False, init=False, repr=False)
    _datasets: dict = field(default_factory=dict, init=False, repr=False)
    _windows: dict = field(default_factory=dict, init=False, repr=False)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def store(self) -> Store | None:
        """The user's store if one exists, opened once and read-only (reading never creates or
        writes it, and works on read-only media)."""
        if not self._store_looked:
            self._store_looked = True
            if store_path().exists():
                from soypace.data.store import Store

                self._store = Store(store_path(), read_only=True)
        return self._store

    def existing_store(self, writable: bool = False) -> Store:
        """The user's store, which must exist (a StoreError saying so when it does not); ``writable``
        for a command that changes it without creating it (flash remove)."""
        store = self.store() if not writable else self._writable(create=False)
        if store is None:
            from soypace.data.store import Store

            self._store = store = Store.open_default(create=False)  # raises, naming the path
        return store

    def writable_store(self) -> Store:
        """The user's store, created if need be (for fetch and the flash ledger), opened once."""
        return self._writable(create=True)

    def _writable(self, create: bool) -> Store:
        """The store opened for writing, replacing a read-only one this session opened first."""
        if self._store is None or self._store.read_only:
            from soypace.data.store import Store

            store = Store.open_default(create=create)
            self.close()
            self._store, self._store_looked = store, True
        return self._store

    def country_codes(self) -> set[int]:
        """Destination codes from the API's list in the store (none when there is no store)."""
        store = self.store()
        return {c["code"] for c in store.countries()} if store is not None else set()

    def ledger(self) -> list[FlashSale]:
        """The user's flash-sale ledger (empty when there is no store yet)."""
        store = self.store()
        return store.flash_sales() if store is not None else []

    def fetch(self, plan: FetchPlan, source: str = "auto") -> FetchSummary:
        """Run a fetch into the store from ``source`` (fas, agtransport, or auto: FAS when a key is
        set), saying which, with a progress display when the command line gives one."""
        from soypace.data.fetch import open_source, run_fetch

        store = self.writable_store()
        name, why, client = open_source(source, say=self.info, countries=store.countries())
        scopes = 1 if plan.countries is None else len(plan.countries)
        bar = self.progress(len(plan.market_years) * scopes) if self.progress else nullcontext(None)
        with closing(client), bar as step:
            return run_fetch(client, store, plan, progress=step, source=name, why=why)

    def dataset(self, query: Query) -> Dataset:
        """The dataset a reading command stands on; refreshed first when asked, never offline."""
        t = query.target
        key = (t.commodity, query.country, t.start)
        if key in self._datasets:
            return self._datasets[key]
        if self.refresh and not self.offline:
            from soypace.data.fetch import refresh_plan

            plan = refresh_plan(t.commodity, t.start, t.last_deadline, query.country, self.today)
            try:
                self.info(self.fetch(plan).sentence())
            except SoypaceError as exc:  # network, answer, store or setting: the promise is a fallback
                self.warn(f"could not refresh ({exc}); showing the data already stored")
            self.refresh = False  # once per command
        dataset, notes = choose_dataset(self.store(), t.commodity, query.country, t.start)
        for note in notes:
            self.warn(note)
        self._datasets[key] = dataset
        return dataset

    def resolve(self, query: Query) -> Window:
        """The query resolved against its dataset (with the ledger when it nowcasts), once per command."""
        if query not in self._windows:
            self._windows[query] = resolve(self.dataset(query), query, self.ledger() if query.nowcast else ())
        return self._windows[query]

    def warn_if_stale(self, window: Window) -> bool:
        """Warn when the newest week is older than USDA's calendar promises; a replay of the past
        (--as-of) is never stale. Returns whether it was."""
        if window.query.day is not None:
            return False
        note = stale_note(window.latest_week, now_eastern())
        if note:
            self.warn(note)
        return note is not None
