"""data/calibration.toml: written by scripts/calibrate.py, read cheaply by status; round trips exactly."""

import math

import pytest

from soypace import SoypaceError
from soypace.data.calibration import (
    Calibration,
    HeldOutFit,
    MethodScore,
    ScopeCalibration,
    read_calibration,
    shipped_calibration,
    to_toml,
)
from soypace.model.methods import AUTO_MEMBERS, METHOD_NAMES

SCOPE = ScopeCalibration(
    alpha=0.25,
    bandwidth=math.inf,
    analog_errors=(-1.5, 0.0, 2.25),
    weights=tuple(zip(AUTO_MEMBERS, (0.1, 0.0, 0.3, 0.0, 0.0, 0.6), strict=True)),
    auto_errors=(-1.0, 0.5),
    cases=647,
    seasons=(2018, 2019),
)
SCORES = (
    MethodScore("run-rate", 729, 5_258_286, 5_258_286, 2_629_143),
    MethodScore("analog", 647, 1, 2, 3, 0.8, 0.5),
)


def test_a_calibration_round_trips_through_its_file(tmp_path):
    held_out = (("china", HeldOutFit(frozenset({2026, 2027}), 2000, 7, SCOPE)),)
    cal = Calibration(
        "analog", 'a rule with "quotes"', "some data", (("china", SCOPE),), (("china", SCORES),), held_out
    )
    path = tmp_path / "calibration.toml"
    path.write_text(to_toml(cal, "a header\nof two lines"))
    assert path.read_text().startswith("# a header\n# of two lines\n")
    assert '[scopes.china.without."2026-2027"]' in path.read_text()
    assert read_calibration(path) == cal
    assert read_calibration(path).without("china", frozenset({2026, 2027}), 2000, 7) == SCOPE
    assert read_calibration(path).without("china", frozenset({2026, 2027}), 2000, 8) is None  # another seed
    assert read_calibration(path).without("china", frozenset({2026}), 2000, 7) is None  # other seasons
    assert read_calibration(path).score("china", "run-rate").coverage_p10_p90 is None  # no range, no coverage


def test_a_broken_file_is_one_clear_error(tmp_path):
    path = tmp_path / "calibration.toml"
    path.write_text('status_method = "analog"\n')
    with pytest.raises(SoypaceError, match="not a calibration file"):
        read_calibration(path)


def test_the_shipped_file_names_a_method_with_a_calibrated_range_for_china():
    """The issue's bar, on the figures the history backtest wrote: P10-P90 held 70-90% of China's
    cases, and the P50's mean absolute error is at least 30% below the 4-week run-rate's on them."""
    shipped = shipped_calibration()
    assert shipped is not None and shipped.status_method in METHOD_NAMES
    score = shipped.score("china", shipped.status_method)
    assert score is not None and score.cases >= 300
    assert score.coverage_p10_p90 is not None and 0.7 <= score.coverage_p10_p90 <= 0.9
    assert score.mae_p50_mt <= 0.7 * score.run_rate_mae_mt
    for scope in ("china", "all-destinations"):
        fitted = shipped.scope(scope)
        assert fitted is not None and math.isclose(sum(w for _, w in fitted.weights), 1.0)
        assert len(fitted.analog_errors) == len(fitted.auto_errors) == 100
        assert list(fitted.analog_errors) == sorted(fitted.analog_errors)
