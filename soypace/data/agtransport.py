"""USDA AMS AgTransport's copy of the weekly export sales (Socrata dataset wnn7-29tu): a second live
source that needs no key, answering in the same validated WeekRecords as the FAS API client.

An optional Socrata app token (SOYPACE_SOCRATA_APP_TOKEN) raises the rate limit; it travels only in
the ``X-App-Token`` header: never in a URL, a log line, the store or an error message.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Iterable, Mapping

import requests
from requests.adapters import HTTPAdapter

from soypace import UsageError, __version__
from soypace.calendar import market_year_weeks
from soypace.data.agtransport_rows import names_for, parse_rows
from soypace.data.client import (
    CONNECT_TIMEOUT_S,
    READ_TIMEOUT_S,
    ApiKey,
    AuthError,
    BadAnswer,
    RateLimited,
    Release,
    ServiceDown,
)
from soypace.data.codes import commodity as commodity_info
from soypace.data.records import WeekRecord
from soypace.data.retry import BACKOFF_FACTOR, MAX_WAIT_S, TOTAL_S, make_retry

DEFAULT_URL = "https://agtransport.usda.gov/resource/wnn7-29tu.json"
URL_VAR = "SOYPACE_AGTRANSPORT_URL"
TOKEN_VAR = "SOYPACE_SOCRATA_APP_TOKEN"
SERVICE = "USDA AMS AgTransport"
PAGE_SIZE = 1000  # Socrata's default page; every page is asked for explicitly
MAX_ROWS = 200_000  # far beyond any one marketing year of every destination: a runaway answer
# The dataset's commodity names for the ESR codes it carries. Wheat is split by class there, so
# an "all wheat" figure would be a sum soypace does not make up: wheat comes from the FAS API only.
COMMODITY_NAMES = {801: "Soybeans", 401: "Corn"}


class AgTransportClient:
    """Socrata queries against AgTransport's export-sales dataset; every method returns validated
    WeekRecords (or nothing) or raises an ApiError (network, HTTP) or RecordError (the data)."""

    def __init__(
        self,
        url: str | None = None,
        token: ApiKey | None = None,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        backoff_factor: float = BACKOFF_FACTOR,
        max_wait: float = MAX_WAIT_S,
        total_seconds: float = TOTAL_S,
        page_size: int = PAGE_SIZE,
        names: Mapping[str, int] | None = None,
    ):
        self.url = url or DEFAULT_URL
        self.token = token
        self.timeout = timeout
        self.page_size = page_size
        self.names = dict(names or {})
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
        cls, environ: Mapping[str, str] = os.environ, names: Mapping[str, int] | None = None
    ) -> AgTransportClient:
        """The client as the environment configures it: SOYPACE_AGTRANSPORT_URL, the optional
        SOYPACE_SOCRATA_APP_TOKEN, and the same SOYPACE_HTTP_TIMEOUT / SOYPACE_HTTP_BACKOFF as the
        FAS client, so a cron job sets them once for both sources."""
        text = environ.get(TOKEN_VAR, "").strip()
        read = _seconds(environ, "SOYPACE_HTTP_TIMEOUT", READ_TIMEOUT_S, positive=True)
        backoff = _seconds(environ, "SOYPACE_HTTP_BACKOFF", BACKOFF_FACTOR, positive=False)
        return cls(
            (environ.get(URL_VAR) or "").strip() or DEFAULT_URL,
            ApiKey(text, TOKEN_VAR) if text else None,
            timeout=(min(CONNECT_TIMEOUT_S, read), read),
            backoff_factor=backoff,
            names=names,
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> AgTransportClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a source gives (soypace.data.fetch.WeeklySource) ------------------------------------

    def release_dates(self) -> list[Release]:
        """None: the dataset publishes no release stamps (fetching re-reads recent weeks instead)."""
        return []

    def countries(self) -> list[dict]:
        """None: the dataset names destinations and has no code list (names map through codes)."""
        return []

    def exports(self, commodity: int, country: int, market_year: int) -> list[WeekRecord]:
        """One destination's weekly records for a marketing year; [] when nothing is published."""
        wanted = names_for(country, self.names)
        either = " OR ".join(f"upper(country) = {_quote(name)}" for name in wanted)
        rows = self._rows(f"{self._where(commodity, market_year)} AND ({either})")
        return parse_rows(rows, commodity, COMMODITY_NAMES[commodity], market_year, country, self.names)

    def exports_all(self, commodity: int, market_year: int) -> list[WeekRecord]:
        """Every destination's weekly records for a marketing year; a name that cannot be mapped to
        an ESR code refuses the whole answer rather than guess."""
        rows = self._rows(self._where(commodity, market_year))
        return parse_rows(rows, commodity, COMMODITY_NAMES[commodity], market_year, None, self.names)

    # --- queries and transport -------------------------------------------------------------------

    def _where(self, commodity: int, market_year: int) -> str:
        """SoQL for one commodity's weeks of one marketing year (the week holding its first day to
        the one holding its last; the rows of a neighbouring year in a shared week are sorted out
        by their ``myear``)."""
        name = COMMODITY_NAMES.get(commodity)
        if name is None:
            known = ", ".join(f"{code} ({n.lower()})" for code, n in COMMODITY_NAMES.items())
            raise UsageError(
                f"AgTransport carries commodity {commodity} only split by class, or not at all; "
                f"it has {known}. Use --source fas"
            )
        first, last = market_year_weeks(market_year, commodity_info(commodity).market_year_start_month)
        return (
            f"upper(commodity) = {_quote(name.upper())} AND date >= {_quote(_stamp(first))} "
            f"AND date <= {_quote(_stamp(last))}"
        )

    def _rows(self, where: str) -> list:
        """Every row of a query, page by page in a stable order (``$order=:id``) until a short page."""
        rows: list = []
        while True:
            params = {"$where": where, "$order": ":id", "$limit": self.page_size, "$offset": len(rows)}
            page = self._get(params)
            if not isinstance(page, list):
                raise BadAnswer(f"{SERVICE} answered {type(page).__name__}, expected a JSON array of rows")
            if len(page) > self.page_size:
                raise BadAnswer(
                    f"{SERVICE} answered {len(page)} rows to a page of {self.page_size}; "
                    "its paging cannot be trusted"
                )
            rows.extend(page)
            if len(page) < self.page_size:
                return rows
            if len(rows) >= MAX_ROWS:
                raise BadAnswer(f"{SERVICE} kept answering past {MAX_ROWS:,} rows; the query is too wide")

    def _get(self, params: dict) -> object:
        self.requests_made += 1
        headers = {"X-App-Token": self.token.value} if self.token else {}
        try:
            response = self.session.get(self.url, params=params, headers=headers, timeout=self.timeout)
        except requests.exceptions.RetryError as exc:
            reason = self._scrub(_reason(exc))
            if "429" in reason or "Retry-After" in reason:
                raise RateLimited(f"rate limited by {SERVICE} ({reason}); {self._patience()}") from None
            raise ServiceDown(f"{SERVICE} kept failing ({reason}); try again later") from None
        except requests.exceptions.Timeout:
            raise ServiceDown(_too_slow()) from None
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in _reason(exc).lower():
                raise ServiceDown(_too_slow()) from None
            raise ServiceDown(
                f"cannot reach {SERVICE} at {_host(self.url)} (no network, or the service is down); "
                "try again later"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise ServiceDown(f"the request to {SERVICE} failed: {type(exc).__name__}") from None
        return self._answer(response)

    def _answer(self, response: requests.Response) -> object:
        status, text = response.status_code, response.text
        try:
            body: object = json.loads(text)
        except ValueError:
            body = None
            if status == 200:
                html = text.lstrip().startswith("<")
                kind = "an HTML page" if html else "text that is not JSON (truncated?)"
                raise BadAnswer(
                    f"{SERVICE} answered with {kind} instead of JSON; the service may be under maintenance"
                ) from None
        if status == 200:
            return body
        detail = self._scrub(_detail(body, text))
        if status == 429:
            wait = response.headers.get("Retry-After")
            when = f"retry after {wait} seconds" if wait else "retry in a few minutes"
            raise RateLimited(f"rate limited by {SERVICE}: {when}; {self._patience()}")
        if status in (401, 403):
            whose = f"the app token in {TOKEN_VAR}" if self.token else "the request"
            raise AuthError(f"{SERVICE} refused {whose} (HTTP {status}): {detail}")
        if status == 404:
            raise BadAnswer(f"{SERVICE} has no dataset at {self.url} (404): {detail}; check {URL_VAR}")
        if status >= 500:
            raise ServiceDown(f"{SERVICE} failed with HTTP {status}: {detail}; try again later")
        raise BadAnswer(f"{SERVICE} refused the query (HTTP {status}): {detail}")

    def _patience(self) -> str:
        if self.token:
            return "the app token's limit is reached; try again later"
        return f"set {TOKEN_VAR} to a free Socrata app token for a higher limit"

    def _scrub(self, text: str) -> str:
        return text.replace(self.token.value, "***") if self.token else text


def _quote(text: str) -> str:
    """A SoQL string literal (a quote inside is doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000"


def _host(url: str) -> str:
    return url.split("/resource/")[0]


def _too_slow() -> str:
    return f"{SERVICE} did not answer in time (after retries); try again later"


def _detail(body: object, text: str) -> str:
    """Socrata's own words: ``{"message": ...}`` (with ``code`` or ``errorCode``), else the text."""
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])[:200]
    if text.lstrip().startswith("<"):
        return "an HTML page"
    return text.strip()[:120] or "an empty answer"


def _reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return str(reason) if reason else type(exc).__name__


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


def stored_names(countries: Iterable[dict]) -> dict[str, int]:
    """Destination names from the FAS API's list as stored (`soypace fetch --source fas` once), which
    spell out what data/countries.csv abbreviates; AgTransport's names match them case-insensitively."""
    out: dict[str, int] = {}
    for c in countries:
        for key in ("name", "api_name"):
            name = str(c.get(key) or "").strip()
            if name and isinstance(c.get("code"), int):
                out.setdefault(name.casefold(), c["code"])
    return out
