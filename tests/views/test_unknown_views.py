"""The unknown-destinations views (--unknown-share, --with-unknown) of status and weeks, on a
hand-made series and on the shipped real data."""

import datetime as dt

import pytest
from handmade import W1, W3, switched_dataset

from soypace import UsageError
from soypace.model.targets import custom_target, load_targets
from soypace.model.window import Query, resolve
from soypace.views.status import status_result
from soypace.views.weeks import weeks_result

D = dt.date
TARGET = custom_target(1_000_000, W1, D(2026, 2, 26))


@pytest.fixture
def switched():
    return switched_dataset()


def status_row(dataset, share):
    [row] = status_result(resolve(dataset, Query(TARGET, 5700, as_of=W3, unknown_share=share))).rows
    return row


def test_no_total_counts_a_switch_twice(switched):
    row = status_row(switched, 1.0)
    assert row["cumulative_mt"] == 510_000  # China's own net sales: 100,000 + 400,000 + 10,000
    assert row["unknown_outstanding_mt"] == 250_000
    # everything sold to China or unknown (thousands): 500 + 100 - 300 + 400 + 50 + 10 = 760, the
    # switched 300 once
    assert row["with_unknown_mt"] == 760_000
    weeks = weeks_result(resolve(switched, Query(TARGET, 5700, as_of=W3))).rows
    assert [w["likely_switch_mt"] for w in weeks] == [None, 300_000, None]
    assert "possible switch of 300,000 MT" in weeks[1]["note"]


def test_share_zero_equals_confirmed_and_one_equals_with_unknown(switched):
    zero, one, half = (status_row(switched, share) for share in (0.0, 1.0, 0.5))
    assert zero["with_unknown_mt"] == zero["cumulative_mt"] == 510_000
    assert one["with_unknown_mt"] == 510_000 + 250_000
    assert half["with_unknown_mt"] == 510_000 + 125_000


def test_the_confirmed_view_leaves_the_unknown_columns_empty(switched):
    row = status_row(switched, None)
    assert row["cumulative_mt"] == 510_000
    assert row["unknown_outstanding_mt"] is None and row["with_unknown_mt"] is None


def test_adding_unknown_destinations_to_themselves_is_a_usage_error(switched):
    window = resolve(switched, Query(TARGET, 9990, as_of=W3, unknown_share=1.0))
    with pytest.raises(UsageError, match="drop --country unknown"):
        status_result(window)


def test_worked_example_as_of_january_8(snapshot):
    query = Query(load_targets().get("truce-2025"), 5700, as_of=D(2026, 1, 8), unknown_share=1.0)
    extended = next(
        r for r in status_result(resolve(snapshot, query)).rows if r["deadline_name"] == "extended"
    )
    assert extended["cumulative_mt"] == 8_116_647
    assert extended["unknown_outstanding_mt"] == 3_011_100  # unknown destinations, week ending 2026-01-08
    assert extended["with_unknown_mt"] == 11_127_747
