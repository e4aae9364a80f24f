"""The USDA FAS ESR API client: requests with urllib3 retries (soypace.data.retry) over a transport
that bounds every request (soypace.data.transport), answers checked against what was asked
(soypace.data.answers), and one clear error per failure.

The API key travels only in the ``X-Api-Key`` header and only to the configured host: never in a
URL, a log line, the store or an error message (soypace.data.guard scrubs anything a server echoes).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from soypace import UsageError
from soypace.data import guard, transport
from soypace.data.http import REQUEST_LIMIT, JsonClient
from soypace.data.records import RecordError, WeekRecord, parse_records
from soypace.data.replies import (
    DEMO_LIMITS,
    KEY_SIGNUP,
    ApiError,
    AuthError,
    BadAnswer,
    RateLimited,
    ServiceDown,
    read_answer,
    transport_failure,
)
from soypace.data.retry import BACKOFF_FACTOR, MAX_WAIT_S, TOTAL_S

DEFAULT_BASE_URL = "https://api.fas.usda.gov/api/esr"
DEMO_KEY = "DEMO_KEY"
CONNECT_TIMEOUT_S = 10.0  # at most; never longer than the read timeout
READ_TIMEOUT_S = 60.0
__all__ = [
    "ApiError", "ApiKey", "AuthError", "BadAnswer", "EsrClient", "RateLimited", "Release", "ServiceDown",
    "api_key_from_env", "base_url_from_env", "CONNECT_TIMEOUT_S", "DEMO_KEY", "DEMO_LIMITS", "KEY_SIGNUP",
    "READ_TIMEOUT_S",
]  # fmt: skip


@dataclass(frozen=True)
class ApiKey:
    """A key and the variable it came from; ``repr`` never shows the key itself."""

    value: str
    origin: str

    def __repr__(self) -> str:
        return f"ApiKey(origin={self.origin!r})"

    __str__ = __repr__

    @property
    def is_demo(self) -> bool:
        return self.value == DEMO_KEY


def api_key_from_env(environ: Mapping[str, str] = os.environ) -> ApiKey:
    """SOYPACE_API_KEY, else DATA_GOV_API_KEY, else api.data.gov's shared DEMO_KEY; a key an HTTP
    header cannot carry is a usage error that names the variable, never the key."""
    for name in guard.KEY_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            if not (value.isascii() and value.isprintable()) or " " in value:
                raise UsageError(
                    f"{name} holds characters an HTTP header cannot carry (spaces, control or "
                    "non-ASCII characters); set it to the key exactly as api.data.gov sent it"
                )
            return ApiKey(value, name)
    return ApiKey(DEMO_KEY, "default")


def checked_url(url: str, name: str = guard.URL_VARIABLE) -> str:
    """An http(s) URL with a host, without a trailing slash; else a usage error (the URL redacted)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{name}={guard.redact_url(url)!r} is not an http:// or https:// URL with a host")
    return url.strip().rstrip("/")


def base_url_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """SOYPACE_API_URL (a test server, a proxy), else USDA's own API."""
    return checked_url(environ.get(guard.URL_VARIABLE) or DEFAULT_BASE_URL)


@dataclass(frozen=True)
class Release:
    """One row of /datareleasedates: when a commodity's current marketing year was last published."""

    commodity: int
    market_year: int
    released_at: dt.datetime  # U.S. Eastern, naive, as the API gives it


class EsrClient(JsonClient):
    """GETs against the ESR API; every method returns parsed, checked data or raises ApiError (or
    RecordError for records that break the contract or do not answer the request)."""

    def __init__(
        self,
        base_url: str | None = None,
        key: ApiKey | None = None,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        backoff_factor: float = BACKOFF_FACTOR,
        max_wait: float = MAX_WAIT_S,
        total_seconds: float = TOTAL_S,
        request_seconds: float = guard.REQUEST_S,
        fetch_seconds: float = guard.FETCH_S,
        max_bytes: int = guard.MAX_BODY_BYTES,
        now: Callable[[], dt.datetime] | None = None,
    ):
        super().__init__(
            checked_url(base_url, "the API URL") if base_url else base_url_from_env(),
            timeout=timeout, backoff_factor=backoff_factor, max_wait=max_wait, total_seconds=total_seconds,
            request_seconds=request_seconds, fetch_seconds=fetch_seconds, max_bytes=max_bytes, now=now,
        )  # fmt: skip
        self.key = key or api_key_from_env()
        guard.register_secret(self.key.value)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] = os.environ, say: Callable[[str], None] | None = None
    ) -> EsrClient:
        """The client as the environment configures it (key, URL, SOYPACE_HTTP_TIMEOUT read timeout in
        seconds, SOYPACE_HTTP_BACKOFF retry backoff factor, SOYPACE_HTTP_DEADLINE and
        SOYPACE_FETCH_DEADLINE overall seconds per request and per fetch), so a cron job sets it once;
        tells ``say`` when it falls back to the shared DEMO_KEY, whose limits a user will otherwise
        hit unawares."""
        key = api_key_from_env(environ)
        read_timeout = _seconds(environ, "SOYPACE_HTTP_TIMEOUT", READ_TIMEOUT_S, positive=True)
        backoff = _seconds(environ, "SOYPACE_HTTP_BACKOFF", BACKOFF_FACTOR, positive=False)
        per_request = _seconds(environ, "SOYPACE_HTTP_DEADLINE", guard.REQUEST_S, positive=True)
        per_fetch = _seconds(environ, "SOYPACE_FETCH_DEADLINE", guard.FETCH_S, positive=True)
        url = base_url_from_env(environ)
        if key.is_demo and say is not None:
            say(
                f"using api.data.gov's shared DEMO_KEY ({DEMO_LIMITS}); "
                f"set SOYPACE_API_KEY to a free key from {KEY_SIGNUP}"
            )
        timeout = (min(CONNECT_TIMEOUT_S, read_timeout), read_timeout)
        return cls(
            url,
            key,
            timeout=timeout,
            backoff_factor=backoff,
            request_seconds=per_request,
            fetch_seconds=per_fetch,
        )

    @property
    def display_url(self) -> str:
        """The API's address fit to print (any user name and password redacted)."""
        return guard.redact_url(self.base_url)

    # --- the endpoints ---------------------------------------------------------------------------

    def exports(self, commodity: int, country: int, market_year: int) -> list[WeekRecord]:
        """One destination's weekly records for a marketing year; [] when nothing is published."""
        rows = self._get(f"/exports/commodityCode/{commodity}/countryCode/{country}/marketYear/{market_year}")
        return self._records(rows, commodity, country, market_year)

    def exports_all(self, commodity: int, market_year: int) -> list[WeekRecord]:
        """Every destination's weekly records for a marketing year; [] when nothing is published."""
        rows = self._get(f"/exports/commodityCode/{commodity}/allCountries/marketYear/{market_year}")
        return self._records(rows, commodity, None, market_year)

    def release_dates(self) -> list[Release]:
        """When each commodity's current marketing year was last released (Eastern time); a release
        of a commodity soypace knows that USDA cannot have made refuses the whole answer."""
        from soypace.data.answers import check_release, eastern
        from soypace.data.codes import COMMODITIES

        rows = self._get("/datareleasedates")
        now = self._now()
        out = []
        for i, row in enumerate(self._list(rows, "/datareleasedates")):
            try:
                stamp = dt.datetime.fromisoformat(str(row["releaseTimeStamp"]))
                release = Release(int(row["commodityCode"]), int(row["marketYear"]), eastern(stamp))
            except (KeyError, TypeError, ValueError, OverflowError) as exc:
                raise BadAnswer(
                    guard.clean(
                        f"/datareleasedates row {i} is not understood ({type(exc).__name__}: {exc}); "
                        "expected commodityCode, marketYear, releaseTimeStamp",
                        guard.ANSWER_PROBLEM_CHARS,
                    )
                ) from None
            known = COMMODITIES.get(release.commodity)
            if known is not None:
                try:
                    check_release(
                        release.commodity,
                        release.market_year,
                        release.released_at,
                        start_month=known.market_year_start_month,
                        now_eastern=now,
                    )
                except RecordError as exc:
                    raise BadAnswer(f"{exc}; refused the answer") from None
            out.append(release)
        return out

    def countries(self) -> list[dict]:
        """The destination list: codes, names (right-padded by the API: stripped here), regions."""
        return _stripped(self._list(self._get("/countries"), "/countries"))

    def commodities(self) -> list[dict]:
        return _stripped(self._list(self._get("/commodities"), "/commodities"))

    # --- checking --------------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        from soypace.calendar import now_eastern

        return (self.now or now_eastern)()

    def _records(
        self, rows: object, commodity: int, country: int | None, market_year: int
    ) -> list[WeekRecord]:
        """Parse an answer and check it against its request; any problem refuses it whole."""
        from soypace.data.answers import check_answer
        from soypace.data.codes import commodity as commodity_info

        try:
            return check_answer(
                parse_records(rows, market_year, commodity=commodity),
                commodity=commodity,
                country=country,
                market_year=market_year,
                start_month=commodity_info(commodity).market_year_start_month,
                today=self._now().date(),
            )
        except RecordError as exc:
            raise RecordError(guard.clean(str(exc), guard.ANSWER_PROBLEM_CHARS)) from None

    @staticmethod
    def _list(rows: object, path: str) -> list:
        if not isinstance(rows, list):
            raise BadAnswer(f"{path} answered {type(rows).__name__}, expected a JSON array")
        return rows

    # --- transport -------------------------------------------------------------------------------

    def _get(self, path: str) -> object:
        seconds, limit = self._budget(path)
        by_request = limit == REQUEST_LIMIT
        try:
            answer = transport.get(
                self.session,
                self.base_url + path,
                headers={"X-Api-Key": self.key.value},
                timeout=self.timeout,
                watchdog=self.watchdog,
                seconds=seconds,
                max_bytes=self.max_bytes,
            )
        except requests.exceptions.RequestException as exc:
            raise transport_failure(
                exc,
                path,
                where=self.display_url,
                base_url=self.base_url,
                seconds=self.request_seconds if by_request else self.fetch_seconds,
                limit=limit,
            ) from None
        return read_answer(path, answer, key_origin=self.key.origin, demo=self.key.is_demo)


def _seconds(environ: Mapping[str, str], name: str, default: float, *, positive: bool) -> float:
    """A number of seconds from the environment (at most a day), or a usage error naming the variable."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (positive and value == 0) or value > guard.MAX_SECONDS:
        kind = "positive" if positive else "non-negative"
        raise UsageError(
            f"{name}={guard.printable(text, 40)!r} is not a {kind} number of seconds "
            f"(at most {guard.MAX_SECONDS:,.0f})"
        )
    return value


def _stripped(rows: list) -> list[dict]:
    """The API right-pads its names (stripped here) and a server may put anything in them (made
    printable and short here, since they are stored and shown); rows that are not objects are dropped."""
    return [
        {k: (guard.server_text(v) if isinstance(v, str) else v) for k, v in row.items()}
        for row in rows
        if isinstance(row, dict)
    ]
