"""The shipped calibration (``data/calibration.toml``): what the history backtest fitted on past
seasons (season-paths' alpha, analog's bandwidth, auto's weights, both ranges' past errors), which
method it ranks best for status, how each method scored, and the fits without each season set a
shipped target touches (what `soypace backtest` replays it with). Written by ``make calibration``
(scripts/calibrate.py), read here; never tuned by hand, and cheap to read (status reads it).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from soypace import SoypaceError
from soypace.data.paths import data_dir

CALIBRATION_FILE = "calibration.toml"
CHINA_SCOPE, ALL_SCOPE = "china", "all-destinations"
SCOPES = (CHINA_SCOPE, ALL_SCOPE)  # what the history backtest fits: China's seasons and the control's


@dataclass(frozen=True)
class ScopeCalibration:
    """What was fitted on one scope's cases (for a scored season: on the other seasons' cases only)."""

    alpha: float  # season-paths: how far a past season's path is rescaled toward this year's level
    bandwidth: float  # analog: how fast a season's weight falls with its distance (inf: all alike)
    analog_errors: tuple[float, ...]  # analog's scaled past errors, as residuals.ERROR_POINTS quantiles
    weights: tuple[tuple[str, float], ...]  # auto: each member method's weight
    auto_errors: tuple[float, ...]  # auto's scaled past errors
    cases: int  # the cases it was fitted on
    seasons: tuple[int, ...]  # the marketing years (end year) of those cases


@dataclass(frozen=True)
class HeldOutFit:
    """One scope's fit on every season but ``left_out``, replayed with ``simulations`` paths and ``seed``."""

    left_out: frozenset[int]  # the marketing years (end year) a target's window touches
    simulations: int
    seed: int
    fit: ScopeCalibration


@dataclass(frozen=True)
class MethodScore:
    """How one method did in the history backtest on one scope's cases (each scored with parameters
    fitted on other seasons), the figures the report and status quote."""

    method: str
    cases: int
    mae_p50_mt: int
    run_rate_mae_mt: int  # the 4-week run-rate's on the same cases
    pinball_mt: int
    coverage_p10_p90: float | None = None  # None: a method without a range
    coverage_p25_p75: float | None = None


@dataclass(frozen=True)
class Calibration:
    """The whole file: the method status uses, the rule that chose it, and per scope the fit and scores."""

    status_method: str
    rule: str
    data: str
    scopes: tuple[tuple[str, ScopeCalibration], ...]
    scores: tuple[tuple[str, tuple[MethodScore, ...]], ...]
    held_out: tuple[tuple[str, HeldOutFit], ...] = ()  # scope -> a fit without a target's seasons

    def scope(self, name: str) -> ScopeCalibration | None:
        return dict(self.scopes).get(name)

    def score(self, scope: str, method: str) -> MethodScore | None:
        return next((s for s in dict(self.scores).get(scope, ()) if s.method == method), None)

    def without(
        self, scope: str, seasons: frozenset[int], simulations: int, seed: int
    ) -> ScopeCalibration | None:
        """The shipped fit of ``scope`` without exactly ``seasons``, at these options; None if none ships."""
        wanted = (scope, seasons, simulations, seed)
        found = (h.fit for s, h in self.held_out if (s, h.left_out, h.simulations, h.seed) == wanted)
        return next(found, None)

    def fitted_on(self, source: str, basis: str) -> bool:
        """Whether the file was fitted on data of this source (captures included) and on this basis."""
        return self.data.startswith(f"{source}; ") and self.data.endswith(f"; {basis} basis")


def calibration_path() -> Path:
    return data_dir() / CALIBRATION_FILE


def read_calibration(path: Path) -> Calibration:
    """Parse a calibration file, or a SoypaceError naming what is wrong with it."""
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        scopes, scores, held_out = [], [], []
        for name, body in doc["scopes"].items():
            scopes.append((name, _scope(body)))
            scores.append((name, tuple(MethodScore(**s) for s in body.get("scores", []))))
            held_out += [(name, _held_out(b)) for b in body.get("without", {}).values()]
        return Calibration(
            doc["status_method"], doc["rule"], doc["data"], tuple(scopes), tuple(scores), tuple(held_out)
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise SoypaceError(f"{path}: not a calibration file ({type(exc).__name__}: {exc})") from None


def _scope(body: dict) -> ScopeCalibration:
    return ScopeCalibration(
        alpha=float(body["alpha"]),
        bandwidth=float(body["bandwidth"]),
        analog_errors=tuple(map(float, body["analog_errors"])),
        weights=tuple((k, float(v)) for k, v in body["weights"].items()),
        auto_errors=tuple(map(float, body["auto_errors"])),
        cases=int(body["cases"]),
        seasons=tuple(map(int, body["seasons"])),
    )


def _held_out(body: dict) -> HeldOutFit:
    left_out = frozenset(map(int, body["left_out"]))
    return HeldOutFit(left_out, int(body["simulations"]), int(body["seed"]), _scope(body))


@lru_cache(maxsize=1)
def shipped_calibration() -> Calibration | None:
    """The shipped file, read once per process; None when it is not there (auto is then left out)."""
    path = calibration_path()
    return read_calibration(path) if path.exists() else None


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "inf" if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, tuple | list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} to TOML")


def to_toml(cal: Calibration, header: str) -> str:
    """The file's text: ``header`` as comments, then the fields, one table per scope (and per season
    set a held-out fit leaves out, ``[scopes.NAME.without."2026"]``)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["", f"status_method = {_value(cal.status_method)}", f"rule = {_value(cal.rule)}"]
    lines.append(f"data = {_value(cal.data)}")
    scores = dict(cal.scores)
    for name, s in cal.scopes:
        lines += _fit_lines(f"scopes.{name}", s)
        for score in scores.get(name, ()):
            lines += ["", f"[[scopes.{name}.scores]]"]
            lines += [f"{k} = {_value(v)}" for k, v in vars(score).items() if v is not None]
        for h in (h for scope, h in cal.held_out if scope == name):
            left_out = sorted(h.left_out)
            table = f'scopes.{name}.without."{"-".join(map(str, left_out))}"'
            extra = [f"left_out = {_value(left_out)}", f"simulations = {h.simulations}", f"seed = {h.seed}"]
            lines += _fit_lines(table, h.fit, extra)
    return "\n".join(lines) + "\n"


def _fit_lines(table: str, s: ScopeCalibration, extra: list[str] | None = None) -> list[str]:
    """One fit as a TOML table (``extra`` lines first) and its weights' sub-table."""
    lines = ["", f"[{table}]", *(extra or []), f"cases = {s.cases}", f"seasons = {_value(s.seasons)}"]
    lines += [f"alpha = {_value(s.alpha)}", f"bandwidth = {_value(s.bandwidth)}"]
    lines += [f"analog_errors = {_value(s.analog_errors)}", f"auto_errors = {_value(s.auto_errors)}"]
    return lines + ["", f"[{table}.weights]"] + [f'"{k}" = {_value(w)}' for k, w in s.weights]
