"""How the ESR client retries: urllib3's Retry, bounded so a cron job never hangs on a sick API."""

from __future__ import annotations

import time
from collections.abc import Callable

from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

BACKOFF_FACTOR = 0.5  # seconds, doubled at each retry (urllib3's backoff_factor)
MAX_WAIT_S = 30.0  # the longest Retry-After worth waiting for
TOTAL_S = 120.0  # no retry starts after this long


class EsrRetry(Retry):
    """urllib3's Retry with four limits of ours: at most one retry on a 500, no wait on a
    Retry-After longer than ``max_wait``, no retry once ``total_seconds`` have passed, and none
    (nor any wait) past the request's own deadline, which ``remaining`` tells."""

    def __init__(
        self,
        *args,
        max_wait: float = MAX_WAIT_S,
        total_seconds: float = TOTAL_S,
        deadline: float | None = None,
        remaining: Callable[[], float] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.max_wait = max_wait
        self.total_seconds = total_seconds
        self.deadline = deadline
        self.remaining = remaining

    def new(self, **kw):
        kw.setdefault("max_wait", self.max_wait)
        kw.setdefault("total_seconds", self.total_seconds)
        kw.setdefault("deadline", self.deadline or time.monotonic() + self.total_seconds)
        kw.setdefault("remaining", self.remaining)
        return super().new(**kw)

    def get_retry_after(self, response):
        """A Retry-After that is neither seconds nor an HTTP date counts as none (a garbled header
        must not turn a rate limit into a crash)."""
        try:
            return super().get_retry_after(response)
        except InvalidHeader:
            return None

    def sleep(self, response=None) -> None:
        """Wait as urllib3 would, but never past the request's deadline."""
        wait = self.get_retry_after(response) if self.respect_retry_after_header and response else None
        if not wait:
            wait = self.get_backoff_time()
        left = self.remaining() if self.remaining is not None else wait
        if min(wait, left) > 0:
            time.sleep(min(wait, left))

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        give_up = None
        if self.remaining is not None and self.remaining() <= 0:
            give_up = "out of time for the request"
        elif self.deadline is not None and time.monotonic() > self.deadline:
            give_up = "out of time for retries"
        elif response is not None:
            if response.status == 500 and any(h.status == 500 for h in self.history):
                give_up = "a second 500"
            wait = self.get_retry_after(response)
            if wait is not None and wait > self.max_wait:
                give_up = f"Retry-After {wait:.0f}s is longer than {self.max_wait:.0f}s"
            elif wait is not None and self.remaining is not None and wait > self.remaining():
                give_up = f"Retry-After {wait:.0f}s is longer than the request has left"
        if give_up:
            raise MaxRetryError(_pool, url, error or ResponseError(give_up))
        return super().increment(method, url, response, error, _pool, _stacktrace)


def make_retry(
    backoff_factor: float = BACKOFF_FACTOR,
    max_wait: float = MAX_WAIT_S,
    total_seconds: float = TOTAL_S,
    remaining: Callable[[], float] | None = None,
) -> EsrRetry:
    """Retries for connection errors, timeouts, 429 (honouring Retry-After), 500 (once), 502-504;
    never for 403 or other client errors."""
    return EsrRetry(
        total=5,
        connect=3,
        read=2,
        status=4,
        other=0,
        backoff_factor=backoff_factor,
        backoff_max=10,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        retry_after_max=10**9,
        max_wait=max_wait,
        total_seconds=total_seconds,
        remaining=remaining,
    )
