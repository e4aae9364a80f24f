"""ESR codes (soypace.data.codes): destinations by name, code or alias; commodities and their
marketing years, from the shipped data/countries.csv and the COMMODITIES table."""

import pytest

from soypace import UsageError
from soypace.data.codes import (
    CHINA,
    SOYBEANS,
    UNKNOWN,
    all_countries,
    commodity,
    country_name,
    resolve_country,
)


@pytest.mark.parametrize("text", ["China", "china", "  CHINA ", "prc", "PRC", "5700", 5700])
def test_china_by_name_api_name_alias_or_code(text):
    assert resolve_country(text) == CHINA == 5700


@pytest.mark.parametrize(
    "text, code",
    [
        ("unknown", UNKNOWN),
        ("Unknown destinations", UNKNOWN),
        ("korea", 5800),  # an alias
        ("KOR REP", 5800),  # the API's own short name
        ("South Korea", 5800),
        ("C RICA", 2230),
        ("1220", 1220),
    ],
)
def test_every_spelling_the_list_gives(text, code):
    assert resolve_country(text) == code


@pytest.mark.parametrize("text", ["atlantis", "chin", "", "China!"])
def test_an_unknown_name_is_a_usage_error(text):
    with pytest.raises(UsageError, match="unknown country"):
        resolve_country(text)


def test_an_unknown_code_is_a_usage_error_unless_the_apis_list_knows_it():
    with pytest.raises(UsageError, match="unknown country code 1234"):
        resolve_country("1234")
    assert resolve_country("1234", more_codes={1234}) == 1234


def test_names_for_codes():
    assert country_name(CHINA) == "China" and country_name(UNKNOWN) == "Unknown destinations"
    assert country_name(1234) == "country 1234"
    codes = [c.code for c in all_countries()]
    assert codes == sorted(codes) and {CHINA, UNKNOWN, 5800} <= set(codes)


def test_marketing_years_start_in_the_month_usda_uses():
    assert commodity(SOYBEANS).market_year_start_month == 9  # soybeans: September
    meal = commodity(901)
    assert meal.name == "soybean cake & meal" and meal.market_year_start_month == 10  # October
    assert commodity(902).market_year_start_month == 10  # soybean oil
    assert commodity(107).market_year_start_month == 6  # wheat: June


def test_an_unknown_commodity_is_a_usage_error_naming_the_known_ones():
    with pytest.raises(UsageError, match=r"unknown commodity code 999; known: 801 \(soybeans\)"):
        commodity(999)
