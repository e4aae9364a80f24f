"""The calibration chart: PNG or SVG, the same bytes for the same figures, other formats refused."""

import pytest

from soypace import UsageError
from soypace.render.calibration import CalibrationChart, MethodCalibration, calibration_picture

EVEN = (0.1,) * 10
CHART = CalibrationChart(
    "a title",
    (
        MethodCalibration("analog", 647, EVEN, ((4, 0.8), (5, 0.75)), ((4, 0.5), (5, 0.45))),
        MethodCalibration("bootstrap", 729, (0.3,) + (0.05,) * 8 + (0.3,), ((4, 0.5),), ((4, 0.3),)),
    ),
    "analog",
    "Source: a test",
)


def test_the_picture_is_png_or_svg_and_repeats_byte_for_byte():
    png = calibration_picture(CHART, "png")
    assert png.startswith(b"\x89PNG") and png == calibration_picture(CHART, "png")
    svg = calibration_picture(CHART, "svg").decode()
    assert "<svg" in svg and "analog (647 cases)" in svg and "P10-P90 held the outcome" in svg


def test_another_format_is_a_usage_error():
    with pytest.raises(UsageError, match=r"\.png or \.svg"):
        calibration_picture(CHART, "gif")
