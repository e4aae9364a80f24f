"""The projection methods by name, what each assumes, and how they run (Options, with defaults).

Kept free of numpy so that the command line can offer and check methods without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SIMULATIONS = 10_000
BACKTEST_SIMULATIONS = 2_000  # a replay runs the bootstrap once per week, so fewer paths
DEFAULT_SEED = 20251030  # fixed, so that the same data gives the same report byte for byte
DEFAULT_WINDOW = 4
DEFAULT_BLOCK = 3
# The levels every method with a range reports its totals at: the deciles (the PIT histogram's edges
# and the pinball loss's levels) and the quartiles (P25-P75).
QUANTILE_LEVELS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9)
DECILES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SEASON_PATHS, ANALOG, AUTO = "season-paths", "analog", "auto"
# the methods auto blends, each by its central projection, with weights from data/calibration.toml
AUTO_MEMBERS = ("run-rate", "since-start", "seasonal", "bootstrap", SEASON_PATHS, ANALOG)
CALIBRATED_METHODS = (SEASON_PATHS, ANALOG, AUTO)  # fitted on past seasons' cases (the history backtest)

ASSUMES = {
    "run-rate": "the mean of the last N weeks continues to every deadline",
    "since-start": "the mean weekly pace since the window opened continues",
    "seasonal": "the remaining weeks follow the shape of past marketing years (each year's remaining/elapsed "
    "ratio applied to this year's count); the range is the spread across those years",
    "bootstrap": "the remaining weeks look like blocks of weeks already seen (plus past years' same season, "
    "rescaled, where history exists); P10-P90 is the spread of resampling, not a forecast probability",
    SEASON_PATHS: "the remaining weeks follow one whole past season's path over the same weeks, every past "
    "season equally likely (what resampling whole seasons converges to), its tonnage rescaled toward this "
    "year's level by (this year's count / that season's)^alpha, both plus the seasons' mean count, alpha "
    "from the history backtest; P10-P90 is the spread across seasons",
    ANALOG: "the remaining weeks bring what past seasons brought in the same weeks, each season weighted by "
    "how close its count so far was to this year's (bandwidth from the history backtest); the range is "
    "the errors this rule made on other seasons' cases, scaled to the tonnage those weeks usually bring",
    AUTO: "the outcome lies where the other methods' central projections point, blended with the weights "
    "that erred least on other seasons' cases (history backtest, data/calibration.toml), give or take the "
    "errors that blend made there, scaled to the tonnage the remaining weeks usually bring",
}
METHOD_NAMES = tuple(ASSUMES)  # in the order every output lists them (auto after its members)
# the methods that draw on past years
HISTORY_METHODS = frozenset({"seasonal", "bootstrap", SEASON_PATHS, ANALOG, AUTO})


@dataclass(frozen=True)
class Options:
    """How the methods run; the defaults make every output reproducible."""

    methods: tuple[str, ...] = METHOD_NAMES
    window: int = DEFAULT_WINDOW
    simulations: int = DEFAULT_SIMULATIONS
    seed: int = DEFAULT_SEED
    block: int = DEFAULT_BLOCK
    years: tuple[int, ...] | None = None  # past marketing years (end year) for seasonal/bootstrap
    exclude_years: tuple[int, ...] = ()

    def method_kwargs(self) -> dict:
        """The keyword arguments every method function takes."""
        return {
            "window": self.window,
            "simulations": self.simulations,
            "seed": self.seed,
            "block": self.block,
        }
