"""The USDA FAS ESR API client: requests with urllib3 retries (soypace.data.retry), and one clear
error per failure.

The API key travels only in the ``X-Api-Key`` header: never in a URL, a log line, the store or an
error message (server messages are scrubbed of it too).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter

from soypace import SoypaceError, UsageError, __version__
from soypace.data.records import WeekRecord, parse_records
from soypace.data.retry import BACKOFF_FACTOR, MAX_WAIT_S, TOTAL_S, make_retry

DEFAULT_BASE_URL = "https://api.fas.usda.gov/api/esr"
KEY_SIGNUP = "https://api.data.gov/signup/"
DEMO_KEY = "DEMO_KEY"
DEMO_LIMITS = "30 requests an hour and 50 a day per IP address"
CONNECT_TIMEOUT_S = 10.0  # at most; never longer than the read timeout
READ_TIMEOUT_S = 60.0


class ApiError(SoypaceError):
    """The ESR API could not give what was asked; the message says what the user can do."""


class AuthError(ApiError):
    """The key was missing, invalid or refused (403)."""


class RateLimited(ApiError):
    """api.data.gov's rate limit (429), after honouring Retry-After within our patience."""


class ServiceDown(ApiError):
    """USDA's service is down or unreachable (5xx after retries, connection errors, timeouts)."""


class BadAnswer(ApiError):
    """The answer was not what the API's contract promises (HTML, truncated JSON, bad records)."""


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
    """SOYPACE_API_KEY, else DATA_GOV_API_KEY, else api.data.gov's shared DEMO_KEY."""
    for name in ("SOYPACE_API_KEY", "DATA_GOV_API_KEY"):
        value = environ.get(name, "").strip()
        if value:
            return ApiKey(value, name)
    return ApiKey(DEMO_KEY, "default")


def base_url_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """SOYPACE_API_URL (a test server, a proxy), else USDA's own API."""
    return (environ.get("SOYPACE_API_URL") or DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class Release:
    """One row of /datareleasedates: when a commodity's current marketing year was last published."""

    commodity: int
    market_year: int
    released_at: dt.datetime  # U.S. Eastern, naive, as the API gives it


def _scrub(text: str, key: str) -> str:
    return text.replace(key, "***") if key else text


class EsrClient:
    """GETs against the ESR API; every method returns parsed, validated data or raises ApiError."""

    def __init__(
        self,
        base_url: str | None = None,
        key: ApiKey | None = None,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        backoff_factor: float = BACKOFF_FACTOR,
        max_wait: float = MAX_WAIT_S,
        total_seconds: float = TOTAL_S,
    ):
        self.base_url = (base_url or base_url_from_env()).rstrip("/")
        self.key = key or api_key_from_env()
        self.timeout = timeout
        self.requests_made = 0
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=make_retry(backoff_factor, max_wait, total_seconds))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {
                "Accept": "application/json",
                "User-Agent": f"soypace/{__version__} (+https://pypi.org/project/soypace/)",
            }
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] = os.environ, say: Callable[[str], None] | None = None
    ) -> EsrClient:
        """The client as the environment configures it (key, URL, SOYPACE_HTTP_TIMEOUT read timeout in
        seconds, SOYPACE_HTTP_BACKOFF retry backoff factor), so a cron job sets it once; tells ``say``
        when it falls back to the shared DEMO_KEY, whose limits a user will otherwise hit unawares."""
        key = api_key_from_env(environ)
        if key.is_demo and say is not None:
            say(
                f"using api.data.gov's shared DEMO_KEY ({DEMO_LIMITS}); "
                f"set SOYPACE_API_KEY to a free key from {KEY_SIGNUP}"
            )
        read_timeout = _seconds(environ, "SOYPACE_HTTP_TIMEOUT", READ_TIMEOUT_S, positive=True)
        backoff = _seconds(environ, "SOYPACE_HTTP_BACKOFF", BACKOFF_FACTOR, positive=False)
        timeout = (min(CONNECT_TIMEOUT_S, read_timeout), read_timeout)
        return cls(base_url_from_env(environ), key, timeout=timeout, backoff_factor=backoff)

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the endpoints ---------------------------------------------------------------------------

    def exports(self, commodity: int, country: int, market_year: int) -> list[WeekRecord]:
        """One destination's weekly records for a marketing year; [] when nothing is published."""
        rows = self._get(f"/exports/commodityCode/{commodity}/countryCode/{country}/marketYear/{market_year}")
        return parse_records(rows, market_year, commodity=commodity)

    def exports_all(self, commodity: int, market_year: int) -> list[WeekRecord]:
        """Every destination's weekly records for a marketing year; [] when nothing is published."""
        rows = self._get(f"/exports/commodityCode/{commodity}/allCountries/marketYear/{market_year}")
        return parse_records(rows, market_year, commodity=commodity)

    def release_dates(self) -> list[Release]:
        """When each commodity's current marketing year was last released (Eastern time)."""
        rows = self._get("/datareleasedates")
        out = []
        for i, row in enumerate(self._list(rows, "/datareleasedates")):
            try:
                out.append(
                    Release(
                        int(row["commodityCode"]),
                        int(row["marketYear"]),
                        dt.datetime.fromisoformat(str(row["releaseTimeStamp"])),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise BadAnswer(
                    f"/datareleasedates row {i} is not understood ({type(exc).__name__}: {exc}); "
                    "expected commodityCode, marketYear, releaseTimeStamp"
                ) from None
        return out

    def countries(self) -> list[dict]:
        """The destination list: codes, names (right-padded by the API: stripped here), regions."""
        return _stripped(self._list(self._get("/countries"), "/countries"))

    def commodities(self) -> list[dict]:
        return _stripped(self._list(self._get("/commodities"), "/commodities"))

    # --- transport -------------------------------------------------------------------------------

    @staticmethod
    def _list(rows: object, path: str) -> list:
        if not isinstance(rows, list):
            raise BadAnswer(f"{path} answered {type(rows).__name__}, expected a JSON array")
        return rows

    def _get(self, path: str) -> object:
        url = self.base_url + path
        self.requests_made += 1
        try:
            response = self.session.get(url, headers={"X-Api-Key": self.key.value}, timeout=self.timeout)
        except requests.exceptions.RetryError as exc:
            raise ServiceDown(
                f"USDA's ESR API kept failing at {path} ({_reason(exc)}); try again later"
            ) from None
        except requests.exceptions.Timeout:
            raise ServiceDown(_too_slow(path)) from None
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in _reason(exc).lower():
                raise ServiceDown(_too_slow(path)) from None
            raise ServiceDown(
                f"cannot reach USDA's ESR API at {self.base_url} "
                "(no network, or the service is down); try again later"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise ServiceDown(f"request to {path} failed: {type(exc).__name__}") from None
        return self._answer(path, response)

    def _answer(self, path: str, response: requests.Response) -> object:
        status = response.status_code
        text = response.text
        body = _json_or_none(text)
        detail = _scrub(_error_detail(body, text), self.key.value)
        if status == 200:
            if body is _NOT_JSON:
                kind = (
                    "an HTML page"
                    if text.lstrip().startswith("<")
                    else "text that is not valid JSON (truncated?)"
                )
                raise BadAnswer(
                    f"{path} answered with {kind} instead of JSON; the service may be under maintenance"
                )
            return body
        if status in (401, 403):
            code = _error_code(body)
            which = (
                "DEMO_KEY (api.data.gov's shared key)"
                if self.key.is_demo
                else f"the key in {self.key.origin}"
            )
            if code == "API_KEY_MISSING":
                problem = "no API key reached USDA"
            else:
                problem = f"USDA refused {which}" + (f" ({code})" if code else "")
            raise AuthError(f"{problem}: {detail}. Get a free key at {KEY_SIGNUP} and set SOYPACE_API_KEY")
        if status == 429:
            wait = response.headers.get("Retry-After")
            when = f"retry after {wait} seconds" if wait else "retry in an hour"
            limits = (
                f" (DEMO_KEY allows {DEMO_LIMITS}; a personal key 1,000 an hour)" if self.key.is_demo else ""
            )
            raise RateLimited(f"rate limited by api.data.gov{limits}: {when}")
        if status == 404:
            raise BadAnswer(f"{path} is not an ESR endpoint (404): {detail}")
        if status >= 500:
            raise ServiceDown(
                f"USDA's ESR API failed on {path} with HTTP {status}: {detail}; try again later"
            )
        raise BadAnswer(f"{path} answered HTTP {status}: {detail}")


def _seconds(environ: Mapping[str, str], name: str, default: float, *, positive: bool) -> float:
    """A number of seconds from the environment, or a usage error naming the variable."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "positive" if positive else "non-negative"
        raise UsageError(f"{name}={text!r} is not a {kind} number of seconds")
    return value


def _stripped(rows: list) -> list[dict]:
    """The API right-pads its names; rows that are not objects are dropped."""
    return [
        {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        for row in rows
        if isinstance(row, dict)
    ]


def _too_slow(path: str) -> str:
    return f"USDA's ESR API did not answer {path} in time (after retries); try again later"


_NOT_JSON = object()


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return _NOT_JSON


def _error_code(body: object) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("code")
    return None


def _error_detail(body: object, text: str) -> str:
    """The server's own words, whatever shape they come in (envelope, bare string, message, HTML)."""
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return str(err.get("message") or err.get("code") or err)
        if "message" in body:
            return str(body["message"])
    if isinstance(body, str):
        return body
    if body is _NOT_JSON:
        return "an HTML page" if text.lstrip().startswith("<") else (text.strip()[:120] or "an empty answer")
    return str(body)[:120]


def _reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return str(reason) if reason else type(exc).__name__
