import datetime as dt

import pytest

from soypace.data.sources import choose_dataset, covers_start, stale_note
from soypace.data.store import Batch, Store, store_path

D = dt.date


def test_stale_only_once_usda_should_have_published_a_newer_week():
    # the week ending Jan 8 2026 is published Thursday Jan 15 at 8:30 a.m. Eastern
    assert stale_note(D(2026, 1, 1), dt.datetime(2026, 1, 15, 8, 0)) is None
    note = stale_note(D(2026, 1, 1), dt.datetime(2026, 1, 15, 8, 31))
    assert "ends with the week ending 2026-01-01" in note and "the week ending 2026-01-08" in note
    assert stale_note(D(2026, 1, 8), dt.datetime(2026, 1, 15, 8, 31)) is None


def test_thanksgiving_moves_the_release_to_friday():
    # the week ending Nov 19 2026 comes out on Friday Nov 27 (Thanksgiving is Thursday Nov 26)
    assert stale_note(D(2026, 11, 12), dt.datetime(2026, 11, 26, 12, 0)) is None
    assert stale_note(D(2026, 11, 12), dt.datetime(2026, 11, 27, 9, 0)) is not None


def test_the_store_is_used_only_when_it_holds_the_targets_start(snapshot):
    assert choose_dataset(None, 801, 5700, D(2025, 10, 30))[0].kind == "snapshot"  # no store yet
    records = [r for r in snapshot.all_records() if r.country == 5700 and r.market_year == 2027]
    with Store(store_path()) as store:
        store.save_fetch(
            "t",
            [Batch(801, 2027, 5700, records, tuple(r.week_ending for r in records))],
            requests=1,
            release=None,
            started_at="t",
        )
        stored, notes = choose_dataset(store, 801, 5700, D(2026, 9, 10))
        assert stored.kind == "store" and notes == []
        fallback, notes = choose_dataset(store, 801, 5700, D(2025, 10, 30))
        assert fallback.kind == "snapshot" and "has no data for country 5700 from 2025-10-30" in notes[0]
        # a store that holds only other destinations is named too
        _, notes = choose_dataset(store, 801, 1220, D(2026, 9, 10))
        assert "has no data for country 1220 from 2026-09-10" in notes[0]
    assert covers_start(snapshot, 801, 5700, D(2025, 10, 30))
    assert not covers_start(stored, 801, 5700, D(2025, 10, 30))


def test_only_the_destination_and_its_companions_are_loaded(snapshot):
    dataset, _ = choose_dataset(None, 801, 5700, D(2025, 10, 30))
    assert dataset.destinations == {5700, 9990}
    assert {r.country for r in dataset.all_records()} == {5700, 9990}
    alone, _ = choose_dataset(None, 801, 1220, D(2025, 10, 30), companions=())
    assert {r.country for r in alone.all_records()} == {1220}
    with pytest.raises(LookupError, match="not 5700"):
        alone.covered(801, 5700, 2026, D(2025, 10, 30))
