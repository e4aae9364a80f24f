"""A hand-made three-week series of China and unknown destinations, shared by the tests of the
unknown-destinations model and views: week 2 holds a switch of 300,000 MT (unknown falls by
300,000 while China rises by 400,000, 100,000 of it new China sales); week 3 both rise."""

import datetime as dt

from soypace.data.dataset import Coverage, Dataset
from soypace.data.records import WeekRecord

D = dt.date
W1, W2, W3 = D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15)


def rec(country, week, net, outstanding):
    return WeekRecord(801, country, 2026, week, 0, 0, outstanding, None, net, outstanding, 0, 0)


def switched_dataset() -> Dataset:
    records = [
        rec(9990, W1, 500_000, 500_000),
        rec(5700, W1, 100_000, 100_000),
        rec(9990, W2, -300_000, 200_000),
        rec(5700, W2, 400_000, 500_000),
        rec(9990, W3, 50_000, 250_000),
        rec(5700, W3, 10_000, 510_000),
    ]
    return Dataset(records, [Coverage(801, 2026, None, W1, W3)], "hand-made", "test")
