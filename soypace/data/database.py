"""The store's SQLite file: how it is opened (read-write in WAL mode for commands that write,
read-only for those that only read, immutable on read-only media) and what a SQLite failure means,
in one line that says what to do.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from soypace import SoypaceError

BUSY_TIMEOUT_S = 60.0
# What SQLite raises for a statement soypace got wrong (a constraint, an API misuse): bugs, not faults
BUGS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)
T = TypeVar("T")


class StoreError(SoypaceError):
    """The store cannot be opened, read or written; says where it is and what to do."""


def connect_read_write(path: Path) -> sqlite3.Connection:
    """A connection that may write: WAL (readers never wait for a writer), foreign keys, and a busy
    timeout so that two writers queue instead of failing."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    db.execute("PRAGMA foreign_keys = ON")
    # Switching to WAL needs a moment of exclusive access and SQLite does not wait for it
    # through the busy handler, so a second process opening a new store retries here.
    retry_while_locked(lambda: db.execute("PRAGMA journal_mode = WAL"))
    return db


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes. Reading a WAL database needs its ``-shm`` file beside it; where
    that cannot be made (read-only media, a folder that is not ours to write), the file is opened
    as immutable: SQLite then reads it as it stands, without locks."""
    immutable = not os.access(path.parent, os.W_OK)
    db = _open_uri(path, immutable)
    if not immutable:
        try:
            db.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError:
            db.close()
            db = _open_uri(path, True)
    return db


def _open_uri(path: Path, immutable: bool) -> sqlite3.Connection:
    uri = f"file:{quote(str(Path(path).resolve()), safe='/')}?mode=ro" + ("&immutable=1" if immutable else "")
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return db


def retry_while_locked(step: Callable[[], T], seconds: float | None = None) -> T:
    """Run a step, retrying while another process holds the lock, up to the busy timeout."""
    deadline = time.monotonic() + (BUSY_TIMEOUT_S if seconds is None else seconds)
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def problem(exc: sqlite3.Error, path: Path, doing: str) -> str:
    """A SQLite failure as one line: what could not be done to the store at ``path`` (``doing``: "open",
    "save the fetch to", ...), why, and what the user can do about it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    lead = f"cannot {doing} the store at {path}"
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered:
        return f"{lead}: the disk is full (nothing was written); free some space and try again"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered:
        return (
            f"{lead}: another soypace process holds its lock (waited {BUSY_TIMEOUT_S:g} s; nothing was "
            "written); try again when it has finished"
        )
    damaged = ("malformed", "not a database", "no such table", "no such column", "corrupt")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(w in lowered for w in damaged):
        return (
            f"{lead}: it is damaged ({text}); move it aside (it holds your flash ledger) and run "
            "`soypace fetch` to build a new one"
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or "readonly" in lowered:
        return f"{lead}: it cannot be written there ({text}); check the folder's permissions"
    return f"{lead}: {text}"


def newer(path: Path, version: int, known: int) -> StoreError:
    """The error for a store a newer soypace wrote, whose schema this one cannot read safely."""
    return StoreError(
        f"the store at {path} was written by a newer soypace (schema {version}, this one knows "
        f"{known}); upgrade soypace"
    )


def guarded(doing: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A Store method whose SQLite failures become one StoreError line, never a traceback."""

    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> T:
            try:
                return method(self, *args, **kwargs)
            except BUGS:
                raise  # soypace's own mistake, not the store's: it must surface as one
            except sqlite3.Error as exc:
                raise StoreError(problem(exc, self.path, doing)) from None

        return run

    return decorate
