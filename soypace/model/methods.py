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

ASSUMES = {
    "run-rate": "the mean of the last N weeks continues to every deadline",
    "since-start": "the mean weekly pace since the window opened continues",
    "seasonal": "the remaining weeks follow the shape of past marketing years (each year's remaining/elapsed "
    "ratio applied to this year's count); the range is the spread across those years",
    "bootstrap": "the remaining weeks look like blocks of weeks already seen (plus past years' same season, "
    "rescaled, where history exists); P10-P90 is the spread of resampling, not a forecast probability",
}
METHOD_NAMES = tuple(ASSUMES)  # in the order every output lists them
HISTORY_METHODS = frozenset({"seasonal", "bootstrap"})  # the methods that draw on past years


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
