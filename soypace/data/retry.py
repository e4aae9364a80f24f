"""How the ESR client retries: urllib3's Retry, bounded so a cron job never hangs on a sick API."""

from __future__ import annotations

import time

from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

BACKOFF_FACTOR = 0.5  # seconds, doubled at each retry (urllib3's backoff_factor)
MAX_WAIT_S = 30.0  # the longest Retry-After worth waiting for
TOTAL_S = 120.0  # no retry starts after this long


class EsrRetry(Retry):
    """urllib3's Retry with three limits of ours: at most one retry on a 500, no wait on a
    Retry-After longer than ``max_wait``, and no retry once ``total_seconds`` have passed."""

    def __init__(
        self,
        *args,
        max_wait: float = MAX_WAIT_S,
        total_seconds: float = TOTAL_S,
        deadline: float | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.max_wait = max_wait
        self.total_seconds = total_seconds
        self.deadline = deadline

    def new(self, **kw):
        kw.setdefault("max_wait", self.max_wait)
        kw.setdefault("total_seconds", self.total_seconds)
        kw.setdefault("deadline", self.deadline or time.monotonic() + self.total_seconds)
        return super().new(**kw)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        give_up = None
        if self.deadline is not None and time.monotonic() > self.deadline:
            give_up = "out of time for retries"
        elif response is not None:
            if response.status == 500 and any(h.status == 500 for h in self.history):
                give_up = "a second 500"
            wait = self.get_retry_after(response)
            if wait is not None and wait > self.max_wait:
                give_up = f"Retry-After {wait:.0f}s is longer than {self.max_wait:.0f}s"
        if give_up:
            raise MaxRetryError(_pool, url, error or ResponseError(give_up))
        return super().increment(method, url, response, error, _pool, _stacktrace)


def make_retry(
    backoff_factor: float = BACKOFF_FACTOR, max_wait: float = MAX_WAIT_S, total_seconds: float = TOTAL_S
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
    )
