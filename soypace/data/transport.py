"""How soypace speaks HTTP: a requests Session that never carries the API key to another host, and
answers read whole within a deadline and under a size cap.

A per-read timeout alone never ends an answer that trickles in a byte at a time, so each request
is watched: when its deadline passes, its sockets are shut and the read in progress ends at once.
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024


class CrossHostRedirect(requests.exceptions.RequestException):
    """A redirect to another host (or scheme or port), refused before anything was sent there."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


class TooLarge(requests.exceptions.RequestException):
    """An answer longer, once decompressed, than the cap (``limit`` bytes)."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit:,} bytes")
        self.limit = limit


class OutOfTime(requests.exceptions.RequestException):
    """A request that ran past its deadline and was cut off."""


class KeySession(requests.Session):
    """requests drops only ``Authorization`` on a redirect to another host, and would carry the
    ``X-Api-Key`` header along; this session refuses such a redirect before it is followed."""

    def __init__(self) -> None:
        super().__init__()
        self.max_redirects = MAX_REDIRECTS

    def rebuild_auth(self, prepared_request: Any, response: Any) -> None:
        if self.should_strip_auth(response.request.url, prepared_request.url):
            raise CrossHostRedirect(prepared_request.url)
        super().rebuild_auth(prepared_request, response)


_WATCHDOG: ContextVar[Watchdog | None] = ContextVar("soypace_watchdog", default=None)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to end


class Watchdog:
    """Ends the request in progress when its deadline passes, by shutting the sockets it opened."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self.fired = False

    def remaining(self) -> float:
        """Seconds left to the deadline of the request in progress (infinite when none is)."""
        return float("inf") if self._deadline is None else self._deadline - time.monotonic()

    @property
    def expired(self) -> bool:
        return self.fired or self.remaining() <= 0

    def adopt(self, sock: socket.socket) -> None:
        """Watch a socket a request of ours opened; one opened after the deadline is shut at once."""
        with self._lock:
            self._sockets.add(sock)
            fired = self.fired
        if fired:
            _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    @contextmanager
    def armed(self, seconds: float) -> Iterator[Watchdog]:
        """Watch the requests made inside the block for ``seconds`` in all."""
        self.fired = False
        self._deadline = time.monotonic() + seconds
        timer = threading.Timer(max(seconds, 0.0), self._fire)
        timer.daemon = True
        timer.start()
        token = _WATCHDOG.set(self)
        try:
            yield self
        finally:
            timer.cancel()
            _WATCHDOG.reset(token)
            self._deadline = None


class _Watched:
    """A urllib3 connection whose new sockets the current request's watchdog adopts."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        watchdog = _WATCHDOG.get()
        if watchdog is not None:
            watchdog.adopt(sock)
        return sock


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections (direct or through an HTTP proxy) a Watchdog can end."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools are their own; only the cap holds there
            manager.pool_classes_by_scheme = POOLS
        return manager


def json_session(retry: Retry) -> KeySession:
    """A session for a JSON API: the watched adapter with this retry policy on both schemes, no
    redirect to another host, and soypace's Accept and User-Agent headers."""
    from soypace import __version__

    session = KeySession()
    adapter = WatchedAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(
        {
            "Accept": "application/json",
            "User-Agent": f"soypace/{__version__} (+https://pypi.org/project/soypace/)",
        }
    )
    return session


@dataclass(frozen=True)
class Answer:
    """An HTTP answer read whole: status, headers, and the body (decompressed)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


def get(
    session: requests.Session,
    url: str,
    *,
    headers: Mapping[str, str],
    timeout: tuple[float, float],
    watchdog: Watchdog,
    seconds: float,
    max_bytes: int,
) -> Answer:
    """GET ``url`` and read the whole answer within ``seconds`` and ``max_bytes``; raises requests'
    own exceptions, or CrossHostRedirect, TooLarge, OutOfTime."""
    with watchdog.armed(seconds):
        try:
            response = session.get(url, headers=dict(headers), timeout=timeout, stream=True)
            try:
                body = bytearray()
                for chunk in response.iter_content(CHUNK_BYTES):
                    body += chunk
                    if len(body) > max_bytes:
                        raise TooLarge(max_bytes)
            finally:
                response.close()
        except (CrossHostRedirect, TooLarge):
            raise
        except (requests.exceptions.RequestException, OSError) as exc:
            if watchdog.expired:
                raise OutOfTime(str(seconds)) from None
            raise exc
        if watchdog.fired:  # cut off at the deadline, the answer may look complete and not be
            raise OutOfTime(str(seconds))
    return Answer(response.status_code, response.headers, bytes(body))
