"""What soypace trusts and what it lets out: the limits it holds the network to, the secrets it never
repeats, and the one cleaning every line passes through before it reaches a terminal or the store.

Light on purpose (no requests, no calendar): the command line imports it for every message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

# --- limits ------------------------------------------------------------------------------------

REQUEST_S = 300.0  # one request, retries and the whole body included (SOYPACE_HTTP_DEADLINE)
FETCH_S = 1800.0  # one fetch, every request included (SOYPACE_FETCH_DEADLINE)
MAX_SECONDS = 86_400.0  # the most any duration setting may say: a day
MAX_BODY_BYTES = 64 * 1024 * 1024  # decompressed; an all-destinations year is about 4 MB
MAX_JSON_DEPTH = 32  # an ESR answer is 2 deep
SERVER_TEXT_CHARS = 200  # how much of a server's own words a message quotes
ANSWER_PROBLEM_CHARS = 600  # how long a refusal of an answer may be (it names up to five records)
LINE_CHARS = 4000  # the longest line soypace prints or stores (its own; a server's words are cut shorter)
MAX_TONNAGE_MT = 1_000_000_000  # more than twice the world's soybean crop: beyond any real figure
MAX_SQLITE_INT = 2**63 - 1  # SQLite's INTEGER; an id or count past it cannot exist
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # any date soypace reasons about
SECRET_MIN_CHARS = 4  # shorter "secrets" are not scrubbed: they would mangle every message
REDACTED = "***"

# --- secrets -----------------------------------------------------------------------------------

KEY_VARIABLES = ("SOYPACE_API_KEY", "DATA_GOV_API_KEY")  # the FAS key, in the order it is looked for
URL_VARIABLE = "SOYPACE_API_URL"
SECRET_VARIABLES = (*KEY_VARIABLES, "SOYPACE_SOCRATA_APP_TOKEN")  # every source's key or token
URL_VARIABLES = (URL_VARIABLE, "SOYPACE_AGTRANSPORT_URL")  # every source's address (a password in it)
PUBLIC_KEYS = frozenset({"DEMO_KEY"})  # api.data.gov's shared key is printed by name on purpose
_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret (a key or password given to a client in code), so scrub() removes it too."""
    if value and value not in PUBLIC_KEYS and len(value) >= SECRET_MIN_CHARS:
        _registered.add(value)


def url_password(url: str) -> str | None:
    """The password in a URL's user-info part (``http://user:password@host``), if any."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None


def secrets(environ: Mapping[str, str] = os.environ) -> set[str]:
    """Every secret soypace knows of: the API keys and URL password in the environment, and those
    registered by a client, so that an error path needs no client at hand to scrub."""
    found = set(_registered)
    for name in SECRET_VARIABLES:
        found.add(environ.get(name, "").strip())
    for name in URL_VARIABLES:
        found.add(url_password(environ.get(name, "")) or "")
    return {s for s in found if s and s not in PUBLIC_KEYS and len(s) >= SECRET_MIN_CHARS}


def _forms(secret: str) -> Iterable[str]:
    """A secret as it may appear in text: itself, quoted inside a repr, percent-encoded."""
    from urllib.parse import quote

    yield secret
    yield repr(secret)[1:-1]
    yield quote(secret, safe="")


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """The text with every known secret (and ``extra``) replaced by ***: the one place that makes a
    message or a stored line safe, whatever a server echoed into it."""
    for secret in sorted(secrets() | {s for s in extra if s and len(s) >= SECRET_MIN_CHARS}, key=len)[::-1]:
        for form in _forms(secret):
            if form:
                text = text.replace(form, REDACTED)
    return text


def redact_url(url: str) -> str:
    """A URL fit to print: any user name and password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unparsable URL)"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{REDACTED}@{host}").geturl()


# --- text from outside -------------------------------------------------------------------------

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _safe_char(ch: str) -> str:
    if ch in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029" or unicodedata.category(ch) == "Zs":
        return " "  # tabs, line breaks and wide spaces: one line of plain spaces
    if ch.isprintable() and unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    return "?"


def printable(text: str, limit: int = LINE_CHARS) -> str:
    """One line a terminal shows as it is: line breaks and tabs become spaces, escape sequences,
    control and direction-changing characters become ?, and it is cut to ``limit`` characters."""
    if text.isascii() and text.isprintable():
        line = text
    else:
        line = "".join(_safe_char(ch) for ch in text)
    line = line.strip()
    if len(line) > limit:
        line = line[: max(limit - 40, 1)].rstrip() + f"... (cut: {len(line):,} characters in all)"
    return line


def clean(text: str, limit: int = LINE_CHARS) -> str:
    """What every printed or stored message goes through: secrets scrubbed, then made printable."""
    return printable(scrub(text), limit)


def server_text(text: str, limit: int = SERVER_TEXT_CHARS) -> str:
    """A server's own words, fit to quote in one of ours: cleaned and kept short."""
    return clean(text, limit)


def body_text(body: bytes) -> str:
    """An answer's bytes as text to quote: described instead when it is binary."""
    if b"\x00" in body[:4096]:
        return f"a binary answer of {len(body):,} bytes"
    text = body.decode("utf-8", errors="replace")
    sample = text[:4096]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch.isspace()) or ch == "\ufffd")
    if sample and odd * 10 > len(sample):
        return f"a binary answer of {len(body):,} bytes"
    return text


# --- JSON --------------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text nests arrays and objects deeper than ``limit``, judged before parsing so
    that a hostile answer never reaches the parser's recursion."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


# --- Retry-After -------------------------------------------------------------------------------


def retry_after_seconds(value: str | None, now_epoch: float) -> int | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date); None when it
    is absent or not understood."""
    import email.utils

    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"[0-9]{1,12}", text):
        return int(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    try:
        return max(0, round(when.timestamp() - now_epoch))
    except (OverflowError, ValueError, OSError):
        return None
