import datetime as dt

import pytest

from soypace import UsageError
from soypace.model.targets import custom_target, load_targets, read_targets_file

D = dt.date


def test_shipped_targets_match_the_deal():
    book = load_targets()
    assert book.default == "truce-2025"
    truce = book.get(None)
    assert truce.tonnage_mt == 12_000_000 and truce.start == D(2025, 10, 30)
    assert [(d.name, d.date) for d in truce.deadlines] == [
        ("original", D(2025, 12, 31)),
        ("january", D(2026, 1, 31)),
        ("extended", D(2026, 2, 28)),
    ]
    for year in (2026, 2027, 2028):
        t = book.get(f"calendar-{year}")
        assert t.tonnage_mt == 25_000_000 and t.start == D(year, 1, 1) and t.last_deadline == D(year, 12, 31)


def test_unknown_target_names_the_known_ones():
    with pytest.raises(UsageError, match="unknown target 'nope'.*truce-2025"):
        load_targets().get("nope")


def test_user_file_adds_and_can_become_default(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text(
        'default = "mine"\n[targets.mine]\ntonnage_mt = 5_000_000\nstart = 2026-01-01\n'
        'deadlines = [{ name = "june", date = 2026-06-30 }]\n'
    )
    book = load_targets(f)
    assert book.default == "mine" and "truce-2025" in book.targets
    assert book.get(None).deadlines[0].date == D(2026, 6, 30)


@pytest.mark.parametrize(
    "body, words",
    [
        (
            "[targets.x]\ntonnage_mt = -5\nstart = 2026-01-01\ndeadlines = [{date = 2026-02-01}]\n",
            "targets.x.tonnage_mt",
        ),
        ("[targets.x]\ntonnage_mt = 5\nstart = 2026-01-01\n", "targets.x.deadlines: missing"),
        (
            '[targets.x]\ntonnage_mt = 5\nstart = "soon"\ndeadlines = [{date = 2026-02-01}]\n',
            "targets.x.start",
        ),
        (
            "[targets.x]\ntonnage_mt = 5\nstart = 2026-01-01\ndeadlines = [{date = 2025-02-01}]\n",
            "deadlines[0].date",
        ),
        ("[targets.x\ntonnage_mt = 5\n", "line 1"),
        (
            'default = "y"\n[targets.x]\ntonnage_mt = 5\nstart = 2026-01-01\n'
            "deadlines = [{date = 2026-02-01}]\n",
            "default",
        ),
    ],
)
def test_a_malformed_targets_file_says_which_key_or_line(tmp_path, body, words):
    f = tmp_path / "bad.toml"
    f.write_text(body)
    with pytest.raises(UsageError) as err:
        read_targets_file(f)
    assert words in str(err.value) and str(f) in str(err.value)


def test_custom_target_checks_its_dates():
    assert custom_target(1, D(2026, 1, 1), D(2026, 2, 1)).name == "custom"
    with pytest.raises(UsageError, match="after --start"):
        custom_target(1, D(2026, 2, 1), D(2026, 1, 1))
