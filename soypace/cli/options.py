"""Every command-line option, defined once, and what turns their values into library objects:
a Query (what to pace), projection Options (how the methods run) and an Output (where data goes).

Shared options are added by decorators (as sqlite-utils' ``output_options`` does): each rewrites
the command's signature so that Typer sees the options, and hands the command one built object.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soypace import UsageError
from soypace.cli.output import Format, Output
from soypace.cli.params import (
    AsOfOpt,
    Basis,
    BasisOpt,
    BomOpt,
    CountryOpt,
    DeadlineOpt,
    ExcludeOpt,
    FormatOpt,
    KnownOnOpt,
    MethodOpt,
    NowcastOpt,
    SeedOpt,
    SimulationsOpt,
    StartOpt,
    TargetMtOpt,
    TargetOpt,
    TargetsFileOpt,
    UnknownShareOpt,
    WindowOpt,
    WithUnknownOpt,
    YearsOpt,
)
from soypace.model.methods import DEFAULT_SEED, DEFAULT_SIMULATIONS, DEFAULT_WINDOW, METHOD_NAMES, Options

if typing.TYPE_CHECKING:
    from soypace.model.window import Query
    from soypace.views.session import Session


def parse_tonnage(text: str, option: str) -> int:
    """Metric tons as people write them, 5000000, 5,000,000 or 5e6, or a usage error that says so."""
    from soypace.data.guard import MAX_TONNAGE_MT

    value = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(value) if any(c in value for c in ".eE") else int(value)
    except (ValueError, OverflowError):
        number = None
    if number is None or number != number or not float(number).is_integer():
        raise UsageError(
            f"{option} {text!r} is not a tonnage: write whole metric tons, as 5000000, 5,000,000 or 5e6"
        )
    if number <= 0:
        raise UsageError(f"{option} {text!r}: the tonnage must be a positive number of metric tons")
    if number > MAX_TONNAGE_MT:
        raise UsageError(f"{option} {text!r} is beyond any sale (at most {MAX_TONNAGE_MT:,} MT)")
    return int(number)


def check_market_year(year: int, option: str, today: dt.date) -> int:
    """A marketing year as the API names it (by its end year), within the years ESR can have."""
    if not 1990 <= year <= today.year + 2:
        raise UsageError(
            f"{option} {year} is out of range (the API names a marketing year by its end year, "
            "e.g. 2026 for 2025/26)"
        )
    return year


def destinations(country: list[str] | None, all_countries: bool) -> tuple[int, ...] | None:
    """The destinations a fetch asks for: those named, every one (None), or China and unknown."""
    from soypace.data.codes import resolve_country
    from soypace.data.fetch import DEFAULT_COUNTRIES

    if all_countries and country:
        raise UsageError("give --country or --all-countries, not both")
    if all_countries:
        return None
    return tuple(resolve_country(c) for c in country) if country else DEFAULT_COUNTRIES


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value, or a usage error naming the option."""
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-01-08)"
        ) from None
    from soypace.data.guard import FIRST_DAY, LAST_DAY

    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{option} {day} is out of range ({FIRST_DAY} to {LAST_DAY})")
    return day


@dataclass(frozen=True)
class QueryArgs:
    """The query options as given, checked; ``build`` makes the Query once the Session can say
    which destination codes the API knows."""

    target: str | None = None
    targets_file: Path | None = None
    as_of: dt.date | None = None
    basis: Basis = Basis.commitments
    country: str = "china"
    custom: tuple[int, dt.date, dt.date] | None = None
    unknown_share: float | None = None
    nowcast: bool = False
    known_on: dt.date | None = None

    def build(self, session: Session, options: Options | None = None) -> Query:
        """The Query these options ask for; a bad destination or target is a UsageError."""
        from soypace.data.codes import resolve_country
        from soypace.model.targets import custom_target, load_targets
        from soypace.model.window import Query

        if self.custom is not None:
            chosen = custom_target(*self.custom)
        else:
            chosen = load_targets(self.targets_file).get(self.target)
        return Query(
            target=chosen,
            country=resolve_country(self.country, session.country_codes()),
            basis=self.basis.value,
            as_of=self.as_of,
            unknown_share=self.unknown_share,
            nowcast=self.nowcast,
            today=session.today,
            options=options or Options(),
            known_on=self.known_on,
        )


def _query_args(
    target: str | None = None,
    targets_file: Path | None = None,
    as_of: str | None = None,
    known_on: str | None = None,
    basis: Basis = Basis.commitments,
    country: str = "china",
    target_mt: str | None = None,
    start: str | None = None,
    deadline: str | None = None,
    unknown_share: float | None = None,
    with_unknown: bool = False,
    nowcast: bool = False,
) -> QueryArgs:
    """Option values -> QueryArgs; every bad combination becomes a UsageError naming the option."""
    custom = None
    given = (target_mt, start, deadline)
    if any(v is not None for v in given):
        if target_mt is None or start is None or deadline is None:
            raise UsageError("--target-mt, --start and --deadline go together; give all three")
        if target:
            raise UsageError("give either --target or --target-mt/--start/--deadline, not both")
        first, last = parse_date(start, "--start"), parse_date(deadline, "--deadline")
        assert first is not None and last is not None
        custom = (parse_tonnage(target_mt, "--target-mt"), first, last)
    if with_unknown:
        if unknown_share not in (None, 1.0):
            raise UsageError("--with-unknown means --unknown-share 1; give one of them")
        unknown_share = 1.0
    if unknown_share is not None and not 0.0 <= unknown_share <= 1.0:
        raise UsageError(f"--unknown-share {unknown_share:g} is not between 0 and 1")
    if as_of is not None and known_on is not None:
        raise UsageError("give --as-of (hindsight) or --known-on (what was published then), not both")
    return QueryArgs(
        target, targets_file, parse_date(as_of, "--as-of"), basis, country, custom, unknown_share, nowcast,
        parse_date(known_on, "--known-on"),
    )  # fmt: skip


def _extend_signature(
    func: Callable[..., Any],
    receiver: str,
    added: list[tuple[str, object, object]],
    build: Callable[..., Any],
) -> Callable[..., Any]:
    """A wrapper of ``func`` whose signature (what Typer reads) has the ``added`` parameters in
    front instead of ``receiver``; ``build(**their values)`` makes the one value ``func`` gets as
    ``receiver``. Decorators built on it stack."""
    hints = typing.get_type_hints(func, include_extras=True)
    own = [
        p.replace(annotation=hints.get(p.name, p.annotation), kind=inspect.Parameter.KEYWORD_ONLY)
        for p in inspect.signature(func).parameters.values()
        if p.name != receiver
    ]
    names = [name for name, _, _ in added]
    params = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, annotation, default in added
    ] + own

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        value = build(**{name: kwargs.pop(name) for name in names})
        return func(**kwargs, **{receiver: value})

    wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    del wrapper.__wrapped__  # Typer must read the new signature, not the original's
    return wrapper


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def query_options(
    *, custom: bool = True, as_of: bool = True, unknown: bool = False, nowcast: bool = False
) -> Decorator:
    """Adds the target, destination and basis options (and, as asked, --as-of, a one-off
    --target-mt target, the unknown-destinations view and the nowcast) and hands the command
    the checked QueryArgs as ``query``."""
    added: list[tuple[str, object, object]] = [
        ("target", TargetOpt, None),
        ("targets_file", TargetsFileOpt, None),
    ]
    if as_of:
        added += [("as_of", AsOfOpt, None), ("known_on", KnownOnOpt, None)]
    added += [("basis", BasisOpt, Basis.commitments), ("country", CountryOpt, "china")]
    if custom:
        added += [
            ("target_mt", TargetMtOpt, None),
            ("start", StartOpt, None),
            ("deadline", DeadlineOpt, None),
        ]
    if unknown:
        added += [("unknown_share", UnknownShareOpt, None), ("with_unknown", WithUnknownOpt, False)]
    if nowcast:
        added.append(("nowcast", NowcastOpt, False))
    return lambda func: _extend_signature(func, "query", added, _query_args)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --format and --bom and hands the command an Output as ``out``."""
    return _extend_signature(func, "out", [("fmt", FormatOpt, Format.table), ("bom", BomOpt, False)], Output)


def _year_list(text: str | None, option: str) -> tuple[int, ...] | None:
    if text is None:
        return None
    try:
        return tuple(int(y) for y in text.split(",") if y.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a comma-separated list of years like 2020,2021") from None


def projection_options(
    method: list[str] | None,
    window: int,
    simulations: int,
    seed: int,
    years: str | None,
    exclude_years: str | None,
) -> Options:
    """Option values -> projection Options, refusing unknown methods and malformed year lists."""
    methods = tuple(method) if method else METHOD_NAMES
    unknown = [m for m in methods if m not in METHOD_NAMES]
    if unknown:
        raise UsageError(f"unknown method {unknown[0]!r}; choose from {', '.join(METHOD_NAMES)}")
    return Options(
        methods=methods,
        window=window,
        simulations=simulations,
        seed=seed,
        years=_year_list(years, "--years"),
        exclude_years=_year_list(exclude_years, "--exclude-years") or (),
    )


def method_options(simulations: int = DEFAULT_SIMULATIONS) -> Decorator:
    """Adds the projection-method options (--method, --window, --simulations, --seed, --years,
    --exclude-years) and hands the command the built Options as ``options``."""
    added: list[tuple[str, object, object]] = [
        ("method", MethodOpt, None),
        ("window", WindowOpt, DEFAULT_WINDOW),
        ("simulations", SimulationsOpt, simulations),
        ("seed", SeedOpt, DEFAULT_SEED),
        ("years", YearsOpt, None),
        ("exclude_years", ExcludeOpt, None),
    ]
    return lambda func: _extend_signature(func, "options", added, projection_options)
