import csv
import datetime as dt
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from soypace.render.formats import Result, csv_cell, render

D = dt.date


def result(rows=None):
    rows = (
        rows
        if rows is not None
        else [
            {"name": "a", "when": D(2026, 1, 8), "mt": -1234567, "pct": 67.6, "none": None},
            {"name": '=HYPERLINK("x")', "when": D(2026, 1, 15), "mt": 5, "pct": 0.0, "none": None},
        ]
    )
    meta = {
        "source": "test source",
        "latest_week": D(2026, 1, 15),
        "basis": "commitments",
        "target": "t",
        "target_title": "T",
        "country": 5700,
        "country_name": "China",
    }
    return Result("Title", ["name", "when", "mt", "pct", "none"], rows, meta, notes=["a note"])


def rendered(fmt, res=None, tty=False):
    out = io.StringIO()
    render(res or result(), fmt, out, tty=tty)
    return out.getvalue()


def test_csv_has_stable_header_iso_dates_plain_numbers_and_empty_nulls():
    rows = list(csv.reader(io.StringIO(rendered("csv"))))
    assert rows[0] == ["name", "when", "mt", "pct", "none"]
    assert rows[1] == ["a", "2026-01-08", "-1234567", "67.6", ""]


def test_csv_neutralises_formula_text_but_never_numbers():
    assert csv_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert csv_cell("-oops") == "'-oops"
    assert csv_cell(-5) == "-5"
    assert csv_cell("\tx") == "'\tx"


def test_json_has_meta_and_rows_with_nulls():
    doc = json.loads(rendered("json"))
    assert doc["meta"]["source"] == "test source" and doc["meta"]["latest_week"] == "2026-01-15"
    assert doc["rows"][0] == {"name": "a", "when": "2026-01-08", "mt": -1234567, "pct": 67.6, "none": None}


def test_markdown_is_a_table_with_provenance():
    text = rendered("markdown")
    assert "| name | when | mt | pct | none |" in text
    assert "| a | 2026-01-08 | -1,234,567 | 67.6 |  |" in text
    assert "Source: test source" in text


def test_plain_table_has_no_escape_codes_and_says_what_it_stands_on():
    text = rendered("table")
    assert "\x1b[" not in text
    assert "-1,234,567" in text and "Source: test source" in text and "latest week 2026-01-15" in text


def test_rich_table_on_a_terminal_honours_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[3" not in rendered("table", tty=True)


@given(st.lists(st.tuples(st.integers(-(10**9), 10**9), st.text(max_size=20)), max_size=8))
def test_formats_agree_on_every_value(pairs):
    res = Result("T", ["n", "s"], [{"n": n, "s": s} for n, s in pairs], {"source": "x"})
    doc = json.loads(rendered("json", res))
    table = list(csv.reader(io.StringIO(rendered("csv", res), newline="")))
    assert [r["n"] for r in doc["rows"]] == [n for n, _ in pairs] == [int(r[0]) for r in table[1:]]
    assert [r["s"] for r in doc["rows"]] == [s for _, s in pairs]


def test_a_narrow_terminal_hides_the_droppable_columns_first():
    from soypace.render.formats import fit_columns

    res = result()
    res.drop_order = ["pct", "when"]
    shown, hidden = fit_columns(res, 1000)
    assert hidden == [] and [c for c, _ in shown] == ["name", "when", "mt", "pct", "none"]
    shown, hidden = fit_columns(res, 40)
    assert hidden == ["pct", "when"] and [c for c, _ in shown] == ["name", "mt", "none"]
    assert [c for c, _ in res.display or [(c, c) for c in res.columns]] == [
        "name",
        "when",
        "mt",
        "pct",
        "none",
    ]
