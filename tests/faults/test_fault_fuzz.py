"""Fuzzing the readers of outside data: the record parser and the answer checks, the targets reader and
the flash-CSV reader either accept what they are given or refuse it with their own error, never with
anything else; and the guard's cleaning always gives one printable, short, secret-free line."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soypace import UsageError
from soypace.data import guard
from soypace.data.answers import check_answer
from soypace.data.codes import COMMODITIES
from soypace.data.ledger import decode_ledger, read_ledger_csv
from soypace.data.records import API_FIELDS, RecordError, parse_records
from soypace.model.targets import read_targets_file

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2026, 11, 27)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2026-09-10T00:00:00", "2026-09-09T00:00:00", "9999-12-31", "0001-01-01", ""]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries({key: scalars for key in API_FIELDS})


@FUZZ
@given(rows=st.one_of(json_values, st.lists(st.one_of(records, json_values), max_size=6)))
def test_the_record_parser_and_the_answer_check_refuse_only_with_a_record_error(rows):
    for year in (2026, 2027):
        try:
            parsed = parse_records(rows, year, commodity=801)
            check_answer(parsed, commodity=801, country=5700, market_year=year, start_month=9, today=TODAY)
        except RecordError as exc:
            assert str(exc)


@FUZZ
@given(rows=st.lists(records, min_size=1, max_size=5))
def test_a_record_that_passes_every_check_fits_the_store(rows):
    try:
        parsed = check_answer(
            parse_records(rows, 2027, commodity=801),
            commodity=801, country=None, market_year=2027, start_month=9, today=TODAY,
        )  # fmt: skip
    except RecordError:
        return
    for record in parsed:
        assert 0 < record.country <= 99_999
        for attr in ("net_sales", "weekly_exports", "outstanding_sales"):
            value = getattr(record, attr)
            assert value is None or abs(value) <= guard.MAX_TONNAGE_MT


toml_values = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).map(json.dumps),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.sampled_from(["801", "999", '"abc"', "[]", "[1, 2]", "{ name = 1 }", "1.5", "nan", "inf"]),
)


@st.composite
def targets_files(draw) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(f"default = {draw(toml_values)}")
    for i in range(draw(st.integers(0, 2))):
        lines.append(f"[targets.t{i}]")
        for key in ("tonnage_mt", "start", "commodity", "title", "counts", "market_year"):
            if draw(st.booleans()):
                lines.append(f"{key} = {draw(toml_values)}")
        deadlines = draw(st.lists(st.tuples(toml_values, toml_values), max_size=2))
        if deadlines or draw(st.booleans()):
            items = ", ".join(f"{{ name = {n}, date = {d} }}" for n, d in deadlines)
            lines.append(f"deadlines = [{items}]")
    return "\n".join(lines) + "\n"


@FUZZ
@given(body=st.one_of(targets_files().map(str.encode), st.binary(max_size=200)))
def test_the_targets_reader_refuses_only_with_a_usage_error(body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_bytes(body)
        try:
            targets, default = read_targets_file(path)
        except UsageError as exc:
            assert str(exc).startswith(("targets file", "cannot read targets file"))
            return
    for target in targets.values():
        assert target.commodity in COMMODITIES and 0 < target.tonnage_mt <= guard.MAX_TONNAGE_MT
        assert guard.FIRST_DAY <= target.start < target.last_deadline <= guard.LAST_DAY
    assert default is None or default in targets


csv_cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["2026-01-06", "2026-01-05", "9999-12-31", "0001-01-01", "336000", "99", "²", "china"]),
    st.sampled_from(["unknown", "2025/2026", "2025/26", "2026", "٢٠٢٦", "²²²²", str(2**70), "weekly-total"]),
)
COLUMNS = ["sale_or_report_date", "announced", "quantity_mt", "marketing_year", "destination", "kind"]


@st.composite
def ledgers(draw) -> bytes:
    header = draw(st.permutations(COLUMNS).map(lambda c: c[: draw(st.integers(2, len(COLUMNS)))]))
    rows = draw(st.lists(st.lists(csv_cells, min_size=len(header), max_size=len(header)), max_size=4))
    text = "\n".join([",".join(header)] + [",".join(json.dumps(c) for c in row) for row in rows])
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig"])), errors="replace")


@FUZZ
@given(body=st.one_of(ledgers(), st.binary(max_size=300)))
def test_the_flash_csv_reader_refuses_only_with_a_usage_error(body):
    try:
        sales = read_ledger_csv(decode_ledger(body, "f.csv"), TODAY, "f.csv")
    except UsageError as exc:
        assert str(exc)
        return
    for sale in sales:
        assert 0 < sale.quantity_mt <= guard.MAX_TONNAGE_MT
        assert guard.FIRST_DAY <= sale.dated <= TODAY


@FUZZ
@given(text=st.text(), limit=st.integers(50, 500))
def test_a_cleaned_line_is_one_printable_short_line(text, limit):
    line = guard.printable(text, limit)
    assert "\n" not in line and line.isprintable() and len(line) <= limit + 60


@FUZZ
@given(before=st.text(max_size=40), after=st.text(max_size=40))
def test_a_registered_secret_never_survives_cleaning(before, after):
    secret = "sk-FUZZ-secret-0123456789"
    guard.register_secret(secret)
    assert secret not in guard.clean(before + secret + after)
    assert secret not in guard.clean(repr(before + secret + after))


@FUZZ
@given(value=json_values)
def test_the_nesting_check_agrees_with_the_parser(value):
    text = json.dumps(value)

    def depth(v) -> int:
        if isinstance(v, list):
            return 1 + max(map(depth, v), default=0)
        if isinstance(v, dict):
            return 1 + max(map(depth, v.values()), default=0)
        return 0

    assert guard.json_too_deep(text, limit=2) == (depth(value) > 2)
