"""What an API's answer means: its JSON, or the one error that says what went wrong and what the user
can do. Every word a server sends passes through soypace.data.guard before it is quoted.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import requests

from soypace import SoypaceError
from soypace.data import guard, transport

KEY_SIGNUP = "https://api.data.gov/signup/"
DEMO_LIMITS = "30 requests an hour and 50 a day per IP address"
SERVICE = "USDA's ESR API"


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


def transport_failure(
    exc: requests.exceptions.RequestException,
    path: str,
    *,
    where: str,
    base_url: str,
    seconds: float,
    limit: str,
) -> ApiError:
    """The ApiError for a request that got no usable answer (refused redirect, too large, too slow,
    unreachable); ``where`` is the API's address fit to print."""
    if isinstance(exc, transport.CrossHostRedirect):
        return ApiError(
            f"{SERVICE} redirected {path} to another host ({origin(exc.location)}); soypace sends the API "
            f"key only to {origin(base_url)}, so it did not follow. If the API has moved, set "
            "SOYPACE_API_URL to its new address"
        )
    if isinstance(exc, transport.TooLarge):
        return BadAnswer(
            f"{path} answered more than {exc.limit // 2**20:,} MB (decompressed); refused: an ESR answer "
            "is a few MB"
        )
    if isinstance(exc, transport.OutOfTime):
        return ServiceDown(
            f"{SERVICE} did not finish answering {path} within {seconds:g} s ({limit}); try again later"
        )
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return BadAnswer(f"{path} was redirected more than {transport.MAX_REDIRECTS} times")
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BadAnswer(f"{path} answered a compressed body that does not decompress")
    if isinstance(exc, requests.exceptions.RetryError):
        return ServiceDown(f"{SERVICE} kept failing at {path} ({_reason(exc)}); try again later")
    if isinstance(exc, requests.exceptions.Timeout):
        return ServiceDown(_too_slow(path))
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return ServiceDown(f"the connection broke while {SERVICE} answered {path}; try again later")
    if isinstance(exc, requests.exceptions.ConnectionError):
        if "timed out" in _reason(exc).lower():
            return ServiceDown(_too_slow(path))
        return ServiceDown(
            f"cannot reach {SERVICE} at {where} (no network, or the service is down); try again later"
        )
    return ServiceDown(f"request to {path} failed: {type(exc).__name__}")


def read_answer(path: str, answer: transport.Answer, *, key_origin: str, demo: bool) -> object:
    """The JSON of a 200 answer, or the ApiError its status and body call for."""
    status = answer.status
    text = guard.body_text(answer.body)
    body = _json(text)
    detail = guard.server_text(_error_detail(body, text))
    if status == 200:
        if body is _TOO_DEEP:
            raise BadAnswer(
                f"{path} answered JSON nested deeper than {guard.MAX_JSON_DEPTH} levels; not an ESR answer"
            )
        if body is _NOT_JSON:
            raise BadAnswer(
                f"{path} answered with {_kind(text)} instead of JSON; the service may be under maintenance"
            )
        return body
    if status in (401, 403):
        code = _error_code(body)
        which = "DEMO_KEY (api.data.gov's shared key)" if demo else f"the key in {key_origin}"
        if code == "API_KEY_MISSING":
            problem = "no API key reached USDA"
        else:
            problem = f"USDA refused {which}" + (f" ({code})" if code else "")
        raise AuthError(f"{problem}: {detail}. Get a free key at {KEY_SIGNUP} and set SOYPACE_API_KEY")
    if status == 429:
        raise RateLimited(rate_limited(answer.headers.get("Retry-After"), demo=demo))
    if status == 404:
        raise BadAnswer(f"{path} is not an ESR endpoint (404): {detail}")
    if status >= 500:
        raise ServiceDown(f"{SERVICE} failed on {path} with HTTP {status}: {detail}; try again later")
    raise BadAnswer(f"{path} answered HTTP {status}: {detail}")


def rate_limited(header: str | None, *, demo: bool) -> str:
    """A 429 in words: when to try again, in seconds whatever form the server's Retry-After took."""
    wait = guard.retry_after_seconds(header, time.time())
    if wait is not None:
        when = f"retry after {wait} seconds"
    elif header is not None:
        when = "retry in an hour (its Retry-After header was not understood)"
    else:
        when = "retry in an hour"
    limits = f" (DEMO_KEY allows {DEMO_LIMITS}; a personal key 1,000 an hour)" if demo else ""
    return f"rate limited by api.data.gov{limits}: {when}"


def origin(url: str) -> str:
    """scheme://host:port of a URL, without user, path or query: all a message needs to say where."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "an unparsable address"
    return guard.server_text(f"{parts.scheme}://{host}{port}", 80)


def _too_slow(path: str) -> str:
    return f"{SERVICE} did not answer {path} in time (after retries); try again later"


def _kind(text: str) -> str:
    if text.lstrip().startswith("<"):
        return "an HTML page"
    if text.startswith("a binary answer of"):
        return text
    return "text that is not valid JSON (truncated?)"


_NOT_JSON = object()
_TOO_DEEP = object()


def _json(text: str) -> object:
    """The parsed JSON; _TOO_DEEP before the parser meets hostile nesting, _NOT_JSON when it fails."""
    if guard.json_too_deep(text):
        return _TOO_DEEP
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _error_code(body: object) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = body["error"].get("code")
        return guard.server_text(str(code), 40) if code else None
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
    if body is _TOO_DEEP:
        return "deeply nested JSON"
    if body is _NOT_JSON:
        return "an HTML page" if text.lstrip().startswith("<") else (text.strip() or "an empty answer")
    return str(body)


def _reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    return guard.server_text(str(reason)) if reason else type(exc).__name__
