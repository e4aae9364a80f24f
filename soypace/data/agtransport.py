"""USDA AMS AgTransport's copy of the weekly export sales (Socrata dataset wnn7-29tu): a second live
source that needs no key, answering in the same checked WeekRecords as the FAS API client, over the
same bounded transport (soypace.data.transport) and retries (soypace.data.retry).

An optional Socrata app token (SOYPACE_SOCRATA_APP_TOKEN) raises the rate limit; it travels only in
the ``X-App-Token`` header and only to the configured host: never in a URL, a log line, the store or
an error message (soypace.data.guard scrubs anything a server echoes).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
from collections.abc import Callable, Mapping

import requests

from soypace import UsageError
from soypace.data import guard, transport
from soypace.data.agtransport_rows import COMMODITY_NAMES, names_for, parse_rows, soql_where
from soypace.data.client import (
    CONNECT_TIMEOUT_S,
    READ_TIMEOUT_S,
    ApiError,
    ApiKey,
    AuthError,
    BadAnswer,
    RateLimited,
    Release,
    ServiceDown,
    checked_url,
)
from soypace.data.codes import commodity as commodity_info
from soypace.data.http import JsonClient
from soypace.data.records import RecordError, WeekRecord
from soypace.data.replies import origin
from soypace.data.retry import BACKOFF_FACTOR, MAX_WAIT_S, TOTAL_S

DEFAULT_URL = "https://agtransport.usda.gov/resource/wnn7-29tu.json"
URL_VAR = "SOYPACE_AGTRANSPORT_URL"
TOKEN_VAR = "SOYPACE_SOCRATA_APP_TOKEN"
SERVICE = "USDA AMS AgTransport"
PAGE_SIZE = 1000  # Socrata's default page; every page is asked for explicitly
MAX_ROWS = 200_000  # far beyond any one marketing year of every destination: a runaway answer


class AgTransportClient(JsonClient):
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
        request_seconds: float = guard.REQUEST_S,
        fetch_seconds: float = guard.FETCH_S,
        max_bytes: int = guard.MAX_BODY_BYTES,
        page_size: int = PAGE_SIZE,
        names: Mapping[str, int] | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ):
        super().__init__(
            checked_url(url, URL_VAR) if url else DEFAULT_URL,
            timeout=timeout, backoff_factor=backoff_factor, max_wait=max_wait, total_seconds=total_seconds,
            request_seconds=request_seconds, fetch_seconds=fetch_seconds, max_bytes=max_bytes, now=now,
        )  # fmt: skip
        self.token = token
        guard.register_secret(token.value if token else None)
        self.page_size = page_size
        self.names = dict(names or {})

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] = os.environ, names: Mapping[str, int] | None = None
    ) -> AgTransportClient:
        """The client as the environment configures it: SOYPACE_AGTRANSPORT_URL, the optional
        SOYPACE_SOCRATA_APP_TOKEN, and the same SOYPACE_HTTP_TIMEOUT, SOYPACE_HTTP_BACKOFF,
        SOYPACE_HTTP_DEADLINE and SOYPACE_FETCH_DEADLINE as the FAS client, so a cron job sets them
        once for both sources."""
        text = environ.get(TOKEN_VAR, "").strip()
        if text and (not (text.isascii() and text.isprintable()) or " " in text):
            raise UsageError(
                f"{TOKEN_VAR} holds characters an HTTP header cannot carry (spaces, control or "
                "non-ASCII characters); set it to the app token exactly as Socrata issued it"
            )
        read = _seconds(environ, "SOYPACE_HTTP_TIMEOUT", READ_TIMEOUT_S, positive=True)
        return cls(
            (environ.get(URL_VAR) or "").strip() or DEFAULT_URL,
            ApiKey(text, TOKEN_VAR) if text else None,
            timeout=(min(CONNECT_TIMEOUT_S, read), read),
            backoff_factor=_seconds(environ, "SOYPACE_HTTP_BACKOFF", BACKOFF_FACTOR, positive=False),
            request_seconds=_seconds(environ, "SOYPACE_HTTP_DEADLINE", guard.REQUEST_S, positive=True),
            fetch_seconds=_seconds(environ, "SOYPACE_FETCH_DEADLINE", guard.FETCH_S, positive=True),
            names=names,
        )

    # --- what a source gives (soypace.data.fetch.WeeklySource) ------------------------------------

    def release_dates(self) -> list[Release]:
        """None: the dataset publishes no release stamps (fetching re-reads recent weeks instead)."""
        return []

    def countries(self) -> list[dict]:
        """None: the dataset names destinations and has no code list (names map through codes)."""
        return []

    def exports(self, commodity: int, country: int, market_year: int) -> list[WeekRecord]:
        """One destination's weekly records for a marketing year; [] when nothing is published."""
        rows = self._rows(soql_where(commodity, market_year, names_for(country, self.names)))
        return self._records(rows, commodity, country, market_year)

    def exports_all(self, commodity: int, market_year: int) -> list[WeekRecord]:
        """Every destination's weekly records for a marketing year; a name that cannot be mapped to
        an ESR code refuses the whole answer rather than guess."""
        rows = self._rows(soql_where(commodity, market_year))
        return self._records(rows, commodity, None, market_year)

    def _records(self, rows: list, commodity: int, country: int | None, market_year: int) -> list[WeekRecord]:
        """Parse the rows as FAS rows are parsed, then check the answer against its request with the
        FAS client's own check (soypace.data.answers); any problem refuses it whole."""
        from soypace.calendar import now_eastern
        from soypace.data.answers import check_answer

        try:
            records = parse_rows(
                rows, commodity, COMMODITY_NAMES[commodity], market_year, country, self.names
            )
            return check_answer(
                records,
                commodity=commodity,
                country=country,
                market_year=market_year,
                start_month=commodity_info(commodity).market_year_start_month,
                today=(self.now or now_eastern)().date(),
            )
        except RecordError as exc:
            raise RecordError(guard.clean(str(exc))) from None

    # --- queries and transport -------------------------------------------------------------------

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
        url = requests.Request("GET", self.base_url, params=params).prepare().url or self.base_url
        seconds, limit = self._budget(f"{SERVICE} again")
        headers = {"X-App-Token": self.token.value} if self.token else {}
        try:
            answer = transport.get(
                self.session,
                url,
                headers=headers,
                timeout=self.timeout,
                watchdog=self.watchdog,
                seconds=seconds,
                max_bytes=self.max_bytes,
            )
        except requests.exceptions.RequestException as exc:
            raise self._failure(exc, seconds, limit) from None
        return self._answer(answer)

    def _failure(self, exc: requests.exceptions.RequestException, seconds: float, limit: str) -> ApiError:
        """The ApiError for a request that got no usable answer, in AgTransport's name."""
        if isinstance(exc, transport.CrossHostRedirect):
            return ApiError(
                f"{SERVICE} redirected to another host ({origin(exc.location)}); soypace did not follow "
                f"(a token goes only to {origin(self.base_url)}). If the dataset has moved, set {URL_VAR}"
            )
        if isinstance(exc, transport.TooLarge):
            return BadAnswer(f"{SERVICE} answered more than {exc} (decompressed) for one page; refused")
        if isinstance(exc, transport.OutOfTime):
            return ServiceDown(
                f"{SERVICE} did not finish answering within {seconds:g} s ({limit}); try again later"
            )
        if isinstance(exc, requests.exceptions.TooManyRedirects | requests.exceptions.ContentDecodingError):
            return BadAnswer(f"{SERVICE}'s answer could not be read ({type(exc).__name__})")
        reason = _reason(exc)
        if isinstance(exc, requests.exceptions.RetryError):
            if "429" in reason or "Retry-After" in reason:
                return RateLimited(f"rate limited by {SERVICE} ({reason}); {self._patience()}")
            return ServiceDown(f"{SERVICE} kept failing ({reason}); try again later")
        if isinstance(exc, requests.exceptions.Timeout) or "timed out" in reason.lower():
            return ServiceDown(f"{SERVICE} did not answer in time (after retries); try again later")
        if isinstance(exc, requests.exceptions.ConnectionError):
            return ServiceDown(
                f"cannot reach {SERVICE} at {origin(self.base_url)} (no network, or the service is down); "
                "try again later"
            )
        return ServiceDown(f"the request to {SERVICE} failed: {type(exc).__name__}")

    def _answer(self, answer: transport.Answer) -> object:
        """The JSON of a 200 answer, or the ApiError its status and body call for."""
        status, text = answer.status, guard.body_text(answer.body)
        body: object = _NOT_JSON
        if guard.json_too_deep(text):
            body = _TOO_DEEP
        else:
            try:
                body = json.loads(text)
            except (ValueError, RecursionError):
                pass
        if status == 200:
            if body is _TOO_DEEP:
                raise BadAnswer(f"{SERVICE} answered JSON nested deeper than {guard.MAX_JSON_DEPTH} levels")
            if body is _NOT_JSON:
                html = text.lstrip().startswith("<")
                kind = "an HTML page" if html else "text that is not JSON (truncated?)"
                raise BadAnswer(
                    f"{SERVICE} answered with {kind} instead of JSON; the service may be under maintenance"
                )
            return body
        detail = guard.server_text(_detail(body, text))
        if status == 429:
            wait = guard.retry_after_seconds(answer.headers.get("Retry-After"), time.time())
            when = f"retry after {wait} seconds" if wait is not None else "retry in a few minutes"
            raise RateLimited(f"rate limited by {SERVICE}: {when}; {self._patience()}")
        if status in (401, 403):
            whose = f"the app token in {TOKEN_VAR}" if self.token else "the request"
            raise AuthError(f"{SERVICE} refused {whose} (HTTP {status}): {detail}")
        if status == 404:
            raise BadAnswer(f"{SERVICE} has no dataset at {guard.redact_url(self.base_url)} (404): {detail}")
        if status >= 500:
            raise ServiceDown(f"{SERVICE} failed with HTTP {status}: {detail}; try again later")
        raise BadAnswer(f"{SERVICE} refused the query (HTTP {status}): {detail}")

    def _patience(self) -> str:
        if self.token:
            return "the app token's limit is reached; try again later"
        return f"set {TOKEN_VAR} to a free Socrata app token for a higher limit"


_NOT_JSON, _TOO_DEEP = object(), object()


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
    return guard.server_text(str(reason)) if reason else type(exc).__name__


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
