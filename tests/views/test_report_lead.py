"""The report's lead (soypace.views.report.lead) and the chart's source line (soypace.views.chart), on
the shipped real data: the verdict and its figures come first, from the same window as the tables."""

import datetime as dt

from matplotlib.backends.backend_agg import FigureCanvasAgg

from soypace.model.methods import Options
from soypace.model.targets import load_targets
from soypace.model.window import Query, resolve
from soypace.render.chart import figure
from soypace.render.document import Lead, Table, html
from soypace.views.chart import chart_data
from soypace.views.common import meta, mmt
from soypace.views.report import build_report, lead
from soypace.views.status import status_result
from soypace.views.verdicts import headline

D = dt.date
BOOK = load_targets()
FAST = Options(simulations=500)


def window(snapshot, name, as_of=None, **kw):
    return resolve(snapshot, Query(BOOK.get(name), 5700, as_of=as_of, options=FAST, **kw))


def test_every_verdict_comes_before_the_first_table(snapshot):
    both = [window(snapshot, "truce-2025", D(2026, 1, 8)), window(snapshot, "calendar-2026", D(2026, 1, 8))]
    doc, _ = build_report(both)
    first_table = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Table))
    leads = [i for i, b in enumerate(doc.blocks) if isinstance(b, Lead)]
    assert leads == [0, 1] and leads[-1] < first_table
    assert [b.title for b in doc.blocks if isinstance(b, Lead)] == [w.target.title for w in both]
    page = html(doc)
    assert page.index('class="glance"') < page.index("<table")


def test_an_open_deadline_leads_with_bought_path_needed_and_reach_share(snapshot):
    w = window(snapshot, "truce-2025", D(2026, 1, 8))
    got = lead(w)
    assert got.text == headline(w)
    name, pace = next((n, p) for n, p in w.paces if not p.is_past)  # the deadline the headline speaks of
    [row] = [r for r in status_result(w).rows if r["deadline_name"] == name]
    labels = [f.label for f in got.facts]
    assert labels == ["verdict", "bought", "needed a week", "analog reach share"]  # data/calibration.toml
    call, bought, needed, share = got.facts
    assert (call.value, call.detail) == (row["verdict"], f"short {-row['verdict_margin_mt'] / 1e6:.2f} MMT")
    assert bought.value == mmt(pace.cumulative_mt) and f"of {mmt(pace.target_mt)}" in bought.detail
    assert (
        needed.value == mmt(pace.needed_weekly_mt or 0)
        and f"for {pace.reports_left} more weeks" in needed.detail
    )
    assert (
        share.value == f"{row['prob_reach']:.0%}" and mmt(row["p50_mt"]) in share.detail
    )  # the status columns' run


def test_a_finished_target_leads_with_its_outcome(snapshot):
    w = window(snapshot, "truce-2025")
    got = lead(w)
    name, pace = w.paces[-1]
    margin = pace.cumulative_mt - pace.target_mt
    bought, outcome, *reached = got.facts
    assert bought.value == mmt(pace.cumulative_mt) and f"by the {name} deadline" in bought.detail
    assert outcome.label == ("met by" if margin >= 0 else "missed by") and outcome.value == mmt(abs(margin))
    assert [f.value for f in reached] == ([str(w.reached_week)] if w.reached_week else [])


def test_the_chart_says_what_it_stands_on(snapshot):
    w = window(snapshot, "truce-2025", D(2026, 1, 8))
    m, source = meta(w), chart_data(w).source
    assert source.startswith(f"Source: {m['source']}.")
    assert f"Latest week in the data {m['latest_week']}" in source and "commitments basis" in source
    assert m["mode_note"] in source and "hindsight" in source
    assert "latest: every week in the data" in chart_data(window(snapshot, "calendar-2026")).source


def test_the_real_calendar_chart_fits_its_picture(snapshot):
    fig = figure(chart_data(window(snapshot, "calendar-2026")))
    FigureCanvasAgg(fig).draw()
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    assert drawn.x0 >= 0 and drawn.y0 >= 0
    assert drawn.x1 <= fig.get_figwidth() + 0.01 and drawn.y1 <= fig.get_figheight() + 0.01
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")) if t.get_visible()]
    assert "year-end\nDec 31" in texts
