"""Purchase targets (tonnage, start, named deadlines, source) read from TOML files.

Targets are data: the shipped ``data/targets.toml`` plus any file the user names, so a new deal
or a moved deadline needs no code change.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from soypace import UsageError
from soypace.data.codes import COMMODITIES, SOYBEANS
from soypace.data.guard import FIRST_DAY, LAST_DAY, MAX_TONNAGE_MT
from soypace.data.paths import data_dir
from soypace.model.pacing import judged_week

CUSTOM = "custom"
# How a target counts purchases (its ``counts`` key): every sale in the window, whatever marketing
# year it is for (current-MY plus next-MY net sales), or only one marketing year's own sales.
WINDOW, MARKET_YEAR = "window", "market-year"


@dataclass(frozen=True)
class Deadline:
    name: str
    date: dt.date
    source: str = ""

    @property
    def judged_week(self) -> dt.date:
        """The weekly report a deadline is judged on: the last week ending on or before it."""
        return judged_week(self.date)


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    tonnage_mt: int
    start: dt.date
    deadlines: tuple[Deadline, ...]
    source: str = ""
    commodity: int = 801
    market_year: int | None = None  # counts = "market-year": only this year's sales (API's numbering)

    @property
    def counts(self) -> str:
        return WINDOW if self.market_year is None else MARKET_YEAR

    @property
    def last_deadline(self) -> dt.date:
        return max(d.date for d in self.deadlines)


@dataclass(frozen=True)
class TargetBook:
    """Every known target, and which one a bare ``soypace status`` uses."""

    targets: dict[str, Target]
    default: str

    def get(self, name: str | None) -> Target:
        name = name or self.default
        try:
            return self.targets[name]
        except KeyError:
            known = ", ".join(sorted(self.targets))
            raise UsageError(
                f"unknown target {name!r}; known targets: {known} (see `soypace targets`)"
            ) from None


def _fail(path: Path, key: str, problem: str) -> UsageError:
    return UsageError(f"targets file {path}: {key}: {problem}")


def _date(path: Path, key: str, value: object) -> dt.date:
    """A date from the file, within the years soypace's calendar reasons about."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, dt.date):
        raise _fail(path, key, f"{value!r} is not a date (write it as YYYY-MM-DD, without quotes)")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise _fail(path, key, f"{value} is out of range ({FIRST_DAY} to {LAST_DAY})")
    return value


def _commodity(path: Path, key: str, value: object) -> int:
    """An ESR commodity code soypace knows (its marketing year is data), else an error naming them."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in COMMODITIES:
        known = ", ".join(f"{c.code} ({c.name})" for c in COMMODITIES.values())
        raise _fail(path, key, f"{value!r} is not an ESR commodity code soypace knows: {known}")
    return value


def _market_year(path: Path, where: str, body: dict) -> int | None:
    """The counting rule: ``counts = "market-year"`` needs ``market_year`` (e.g. 2026 for 2025/26)."""
    counts = body.get("counts", WINDOW)
    if counts not in (WINDOW, MARKET_YEAR):
        raise _fail(path, f"{where}.counts", f"{counts!r} is not {WINDOW!r} or {MARKET_YEAR!r}")
    year = body.get("market_year")
    if counts == WINDOW:
        if year is not None:
            raise _fail(path, f"{where}.market_year", 'only a target with counts = "market-year" has one')
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 3000:
        raise _fail(path, f"{where}.market_year", f"{year!r} is not a marketing year like 2026 (for 2025/26)")
    return year


def _target(path: Path, name: str, body: object) -> Target:
    where = f"targets.{name}"
    if not isinstance(body, dict):
        raise _fail(path, where, "expected a table of keys (tonnage_mt, start, deadlines)")
    for key in ("tonnage_mt", "start", "deadlines"):
        if key not in body:
            raise _fail(path, f"{where}.{key}", "missing")
    tonnage = body["tonnage_mt"]
    if isinstance(tonnage, bool) or not isinstance(tonnage, int) or not 0 < tonnage <= MAX_TONNAGE_MT:
        raise _fail(
            path,
            f"{where}.tonnage_mt",
            f"{tonnage!r} is not a whole number of metric tons from 1 to {MAX_TONNAGE_MT:,}",
        )
    start = _date(path, f"{where}.start", body["start"])
    raw_deadlines = body["deadlines"]
    if not isinstance(raw_deadlines, list) or not raw_deadlines:
        raise _fail(path, f"{where}.deadlines", "expected a list of { name = ..., date = YYYY-MM-DD }")
    deadlines = []
    for i, item in enumerate(raw_deadlines):
        key = f"{where}.deadlines[{i}]"
        if not isinstance(item, dict) or "date" not in item:
            raise _fail(path, key, "expected { name = ..., date = YYYY-MM-DD }")
        date = _date(path, f"{key}.date", item["date"])
        if date <= start:
            raise _fail(path, f"{key}.date", f"{date} is not after the start {start}")
        deadlines.append(
            Deadline(str(item.get("name") or f"deadline-{i + 1}"), date, str(item.get("source", "")))
        )
    names = [d.name for d in deadlines]
    if len(set(names)) != len(names):
        raise _fail(path, f"{where}.deadlines", "deadline names must differ")
    commodity = _commodity(path, f"{where}.commodity", body.get("commodity", SOYBEANS))
    return Target(
        market_year=_market_year(path, where, body),
        name=name,
        title=str(body.get("title", name)),
        tonnage_mt=tonnage,
        start=start,
        deadlines=tuple(sorted(deadlines, key=lambda d: d.date)),
        source=str(body.get("source", "")),
        commodity=commodity,
    )


def read_targets_file(path: Path) -> tuple[dict[str, Target], str | None]:
    """One TOML file's targets and its ``default`` key; errors name the file and the key or line."""
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"targets file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"targets file {path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"targets file {path} is not UTF-8 text, as TOML must be") from None
    except RecursionError:
        raise UsageError(f"targets file {path} nests arrays or tables too deeply") from None
    except OSError as exc:
        raise UsageError(f"cannot read targets file {path}: {exc.strerror}") from None
    table = doc.get("targets")
    if not isinstance(table, dict) or not table:
        raise _fail(path, "targets", "expected at least one [targets.NAME] table")
    targets = {name: _target(path, name, body) for name, body in table.items()}
    default = doc.get("default")
    if default is not None and (not isinstance(default, str) or default not in targets):
        raise _fail(path, "default", f"{default!r} is not one of this file's targets")
    return targets, default


def load_targets(extra: Path | None = None) -> TargetBook:
    """The shipped targets, plus (replacing same-named ones) those of a user's file."""
    targets, default = read_targets_file(data_dir() / "targets.toml")
    if extra is not None:
        more, their_default = read_targets_file(Path(extra))
        targets.update(more)
        default = their_default or default
    return TargetBook(targets, default or next(iter(targets)))


def custom_target(tonnage_mt: int, start: dt.date, deadline: dt.date) -> Target:
    """A one-off target from the command line (``--target-mt --start --deadline``)."""
    if not 0 < tonnage_mt <= MAX_TONNAGE_MT:
        raise UsageError(f"--target-mt must be from 1 to {MAX_TONNAGE_MT:,} metric tons, got {tonnage_mt:,}")
    if deadline <= start:
        raise UsageError(f"--deadline {deadline} must be after --start {start}")
    return Target(
        name=CUSTOM,
        title=f"{tonnage_mt:,} MT from {start} to {deadline}",
        tonnage_mt=tonnage_mt,
        start=start,
        deadlines=(Deadline("deadline", deadline, "given on the command line"),),
        source="command line",
    )
