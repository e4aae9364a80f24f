import datetime as dt

import pytest

from soypace.data.records import API_FIELDS, RecordError, parse_record, parse_records


def raw(**changes):
    row = {
        "commodityCode": 801,
        "countryCode": 5700,
        "weeklyExports": 0,
        "accumulatedExports": 0,
        "outstandingSales": 232000,
        "grossNewSales": 232000,
        "currentMYNetSales": 232000,
        "currentMYTotalCommitment": 232000,
        "nextMYOutstandingSales": 0,
        "nextMYNetSales": 0,
        "unitId": 1,
        "weekEndingDate": "2025-10-30T00:00:00",
    }
    row.update(changes)
    return row


def test_a_valid_row_becomes_a_record_and_round_trips_to_the_api_shape():
    rec = parse_record(raw(), 2026)
    assert rec.week_ending == dt.date(2025, 10, 30)
    assert rec.market_year == 2026 and rec.net_sales == 232000
    assert rec.to_api() == raw()
    assert list(rec.to_api()) == list(API_FIELDS)


def test_negative_net_sales_are_legal():
    assert parse_record(raw(currentMYNetSales=-100000), 2026).net_sales == -100000


def test_null_tonnage_stays_unknown_not_zero():
    rec = parse_record(raw(nextMYNetSales=None), 2026)
    assert rec.next_my_net_sales is None


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"weekEndingDate": "2025-10-29T00:00:00"}, ["2025-10-29", "Wednesday", "weekEndingDate"]),
        ({"currentMYNetSales": "232000"}, ["currentMYNetSales", "'232000'", "2025-10-30"]),
        ({"unitId": 2}, ["unitId"]),
        ({"weeklyExports": 1.5}, ["weeklyExports"]),
        ({"weekEndingDate": "not a date"}, ["weekEndingDate"]),
        ({"countryCode": None}, ["countryCode"]),
    ],
)
def test_a_bad_field_is_named_with_its_week(changes, words):
    with pytest.raises(RecordError) as err:
        parse_record(raw(**changes), 2026)
    for word in words:
        assert word in str(err.value)


def test_a_missing_field_is_named():
    row = raw()
    del row["outstandingSales"]
    with pytest.raises(RecordError, match="missing field.*outstandingSales"):
        parse_record(row, 2026)


def test_a_wrong_commodity_is_refused():
    with pytest.raises(RecordError, match="commodityCode is 401, expected 801"):
        parse_record(raw(commodityCode=401), 2026, commodity=801)


def test_parse_records_names_every_bad_record_and_drops_nothing_silently():
    rows = [raw(), raw(weekEndingDate="2025-11-05T00:00:00"), raw(currentMYNetSales="x")]
    with pytest.raises(RecordError) as err:
        parse_records(rows, 2026)
    assert "2 of 3 records are invalid" in str(err.value)
    assert "2025-11-05" in str(err.value)


def test_parse_records_wants_an_array():
    with pytest.raises(RecordError, match="JSON array"):
        parse_records({"message": "An error has occurred."}, 2026)
