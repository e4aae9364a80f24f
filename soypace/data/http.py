"""What both live sources share as HTTP clients: one session that keeps secrets on their host,
the limits every request and every fetch must stay within, and closing."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from soypace.data import guard, transport
from soypace.data.replies import ServiceDown
from soypace.data.retry import make_retry

REQUEST_LIMIT, FETCH_LIMIT = "SOYPACE_HTTP_DEADLINE", "SOYPACE_FETCH_DEADLINE"


class JsonClient:
    """A client of one JSON service at ``base_url``, within its time and size limits."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float],
        backoff_factor: float,
        max_wait: float,
        total_seconds: float,
        request_seconds: float = guard.REQUEST_S,
        fetch_seconds: float = guard.FETCH_S,
        max_bytes: int = guard.MAX_BODY_BYTES,
        now: Callable[[], dt.datetime] | None = None,
    ):
        self.base_url = base_url
        guard.register_secret(guard.url_password(base_url))
        self.timeout = timeout
        self.request_seconds, self.fetch_seconds, self.max_bytes = request_seconds, fetch_seconds, max_bytes
        self.now = now
        self.requests_made = 0
        self._first_request: float | None = None
        self.watchdog = transport.Watchdog()
        retry = make_retry(backoff_factor, max_wait, total_seconds, remaining=self.watchdog.remaining)
        self.session = transport.json_session(retry)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> JsonClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _budget(self, asking: str) -> tuple[float, str]:
        """The seconds the next request may take and the limit that sets them; counts the request,
        or refuses it once the whole fetch has run out of time."""
        started = self._first_request = self._first_request or time.monotonic()
        left = started + self.fetch_seconds - time.monotonic()
        if left <= 0:
            raise ServiceDown(
                f"the fetch ran past its {self.fetch_seconds:g} s limit ({FETCH_LIMIT}) before asking "
                f"{asking}; try again later"
            )
        seconds = min(self.request_seconds, left)
        self.requests_made += 1
        return seconds, REQUEST_LIMIT if seconds == self.request_seconds else FETCH_LIMIT
