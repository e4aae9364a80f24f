"""The fault-injection harness: a fake ESR API with fault modes, a seeded store, a raw socket server
for what a well-behaved server library cannot do (drip, reset, bombs), and the checks every case
makes: the exit code, one clear line on stderr, no traceback, the store intact and unchanged, and
no key or password anywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import socket
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fake_esr import SECRET, FakeEsr
from typer.testing import CliRunner
from werkzeug import Request, Response

PASSWORD = "pw-Hunter2-for-the-url"
NEW_RELEASE = "2026-11-19T08:30:00"  # newer than the seeded store's, so `fetch -y 2027` downloads
EXPORTS_5700 = "/api/esr/exports/commodityCode/801/countryCode/5700/marketYear/2027"
EXPORTS_9990 = "/api/esr/exports/commodityCode/801/countryCode/9990/marketYear/2027"
FETCH = ["fetch", "-q", "-y", "2027"]
TABLES = ("record_versions", "coverage", "countries", "flash_sales")
runner = CliRunner()


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def cli(args: list[str]) -> Run:
    """Run soypace in-process as a user would, and make the checks every case makes: no key or password
    in its output or in any file under SOYPACE_HOME, the store intact, and, when the command failed
    (exit 1 or 2), the stored data and the flash ledger as they were. An exception that escaped is
    kept in the Run, so a bug fails the case."""
    from soypace.cli import app

    home = Path(os.environ["SOYPACE_HOME"])
    kind, before = fingerprint(home)
    res = runner.invoke(app, args)
    run = Run(res.exit_code, res.stdout, res.stderr, res.exception)
    no_secret_anywhere(home, run.stdout, run.stderr)
    after_kind, after = fingerprint(home)
    if run.code in (1, 2) and kind == "tables":
        assert (after_kind, after) == (kind, before), "a failed command changed the stored data or ledger"
    if run.code in (1, 2) and kind == "none" and after_kind == "tables":
        assert not any(n for n in row_counts(home).values()), "a failed command stored data"
    if after_kind == "tables":
        integrity_ok(home)
    return run


def row_counts(home: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{store_file(home)}?mode=ro", uri=True)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.close()


def fingerprint(home: Path) -> tuple[str, str]:
    """("tables", a digest of the stored data and ledger), or ("bytes", the file's) when the store is
    damaged on purpose and its tables cannot be read (a damaged store has nothing left to protect;
    a reading command must still leave its bytes alone); ("none", "") without a store."""
    if not store_file(home).exists():
        return "none", ""
    try:
        return "tables", repr(sorted(state(home).items()))
    except sqlite3.DatabaseError:
        return "bytes", hashlib.sha256(store_file(home).read_bytes()).hexdigest()


def no_traceback(run: Run) -> None:
    escaped = run.exception if not isinstance(run.exception, SystemExit) else None
    assert escaped is None, f"an exception escaped: {escaped!r}"
    assert "Traceback" not in run.stderr + run.stdout
    assert "internal error" not in run.stderr


def one_error_line(run: Run, code: int, *words: str) -> str:
    """The case failed as it should: this exit code and exactly one line on stderr, saying these words."""
    no_traceback(run)
    lines = run.stderr.strip("\n").splitlines()
    assert run.code == code, (run.code, run.stderr)
    assert len(lines) == 1, run.stderr
    [line] = lines
    assert line.startswith("soypace: error: "), line
    assert line.isprintable(), repr(line)
    for word in words:
        assert word in line, (word, line)
    return line


def succeeded(run: Run, code: int = 0) -> None:
    no_traceback(run)
    assert run.code == code, (run.code, run.stderr)


def store_file(home: Path) -> Path:
    return home / "soypace.sqlite3"


def state(home: Path) -> dict[str, str]:
    """A digest of every table a failed operation must leave as it was (the fetch log may grow)."""
    path = store_file(home)
    if not path.exists():
        return {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            t: hashlib.sha256(
                repr(db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()).encode()
            ).hexdigest()
            for t in TABLES
        }
    finally:
        db.close()


def integrity_ok(home: Path) -> None:
    path = store_file(home)
    if path.exists():
        db = sqlite3.connect(path)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()


def no_secret_anywhere(home: Path, *texts: str) -> None:
    """Neither the API key nor the URL password in any output or any file under SOYPACE_HOME."""
    for secret in (SECRET, PASSWORD):
        for text in texts:
            assert secret not in text, "a secret in the output"
        for path in home.rglob("*") if home.exists() else ():
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), f"a secret in {path}"


class FaultyEsr(FakeEsr):
    """The fake ESR API, plus per-path faults: ``fault(pattern, handler)`` answers every path matching
    the pattern with the handler's Response instead of the real data."""

    def __init__(self, snapshot, **kw):
        super().__init__(snapshot, **kw)
        self.faults: list[tuple[re.Pattern[str], Callable[[Request], Response]]] = []

    def fault(self, pattern: str, handler: Callable[[Request], Response]) -> FaultyEsr:
        self.faults.append((re.compile(pattern), handler))
        return self

    def rows_for(self, country: int, year: int) -> list[dict]:
        return [dict(r) for r in self.rows.get((country, year), [])]

    def handle(self, request: Request) -> Response:
        for pattern, handler in self.faults:
            if pattern.search(request.path):
                with self.lock:
                    self.requests.append(request.full_path.rstrip("?"))
                    self.keys.append(request.headers.get("X-Api-Key"))
                return handler(request)
        return super().handle(request)


def json_response(body, status: int = 200, headers: dict | None = None) -> Callable[[Request], Response]:
    import json

    text = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return lambda request: Response(text, status=status, content_type="application/json", headers=headers)


class RawServer:
    """A bare TCP server on 127.0.0.1: ``respond(conn, stop, path)`` writes whatever bytes it likes, as
    slowly as it likes (``stop`` is set at shutdown); each connection gets its own thread."""

    def __init__(self, respond: Callable[[socket.socket, threading.Event, str], None]):
        self.respond = respond
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/api/esr") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            head = _read_request(conn).split(b"\r\n", 1)[0].decode("latin-1").split()
            self.respond(conn, self.stop, head[1] if len(head) > 1 else "/")
        except OSError:
            pass  # the client hung up: what these cases are about
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(timeout=5)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def drip(conn: socket.socket, stop: threading.Event, data: bytes, every: float = 0.05) -> None:
    """Send ``data`` one byte at a time until it is all sent, the client hangs up or the server stops."""
    for byte in data:
        if stop.wait(every):
            return
        conn.sendall(bytes([byte]))


def releases_json(market_year: int = 2027, stamp: str = NEW_RELEASE) -> list[dict]:
    return [
        {
            "commodityCode": 801,
            "marketYearStart": f"{market_year - 1}-09-01T00:00:00",
            "marketYearEnd": f"{market_year}-08-31T00:00:00",
            "marketYear": market_year,
            "releaseTimeStamp": stamp,
        }
    ]


def today() -> dt.date:
    return dt.date.today()
