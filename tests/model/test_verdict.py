"""The verdict rule, by hand."""

import datetime as dt

from soypace.model.pacing import pace
from soypace.model.projections import Projection
from soypace.model.verdict import AT_RISK, LIKELY_MET, LIKELY_MISSED, MET, MISSED, NO_CALL, verdict

D = dt.date
START, DEADLINE = D(2026, 1, 1), D(2026, 2, 26)
WEEKS = [(D(2026, 1, 1), 100), (D(2026, 1, 8), 100)]


def open_pace(target=1_000):
    return pace(WEEKS, target, START, DEADLINE, D(2026, 1, 8))


def proj(method, mt, reach=None):
    return Projection(method, "d", DEADLINE, mt, prob_reach=reach)


def test_a_judged_deadline_is_met_or_missed_with_its_margin():
    judged = pace(WEEKS, 150, START, D(2026, 1, 8), D(2026, 1, 8))
    assert (verdict(judged, []).word, verdict(judged, []).margin_mt) == (MET, 50)
    judged = pace(WEEKS, 300, START, D(2026, 1, 8), D(2026, 1, 8))
    assert (verdict(judged, []).word, verdict(judged, []).margin_mt) == (MISSED, -100)


def test_an_open_deadline_is_called_from_the_reach_share_and_the_median():
    # median of 900, 1,100, 1,300 = 1,100 >= 1,000 and reach 85%: likely met, margin +100
    v = verdict(open_pace(), [proj("run-rate", 900), proj("seasonal", 1_300), proj("bootstrap", 1_100, 0.85)])
    assert (v.word, v.margin_mt, v.median_mt, v.reach) == (LIKELY_MET, 100, 1_100, 0.85)
    # median (800 + 950) / 2 = 875 < 1,000 and reach 10%: likely missed, short by 125
    v = verdict(open_pace(), [proj("run-rate", 800), proj("bootstrap", 950, 0.10)])
    assert (v.word, v.margin_mt) == (LIKELY_MISSED, -125)
    # the straight line alone never decides: a high run-rate with a 22% reach share is at risk
    v = verdict(
        open_pace(), [proj("run-rate", 1_300), proj("since-start", 1_200), proj("bootstrap", 900, 0.22)]
    )
    assert v.word == AT_RISK and v.median_mt == 1_200


def test_already_reached_before_the_deadline_is_met_and_nothing_to_project_is_no_call():
    assert verdict(open_pace(target=150), []).word == MET
    assert verdict(open_pace(), []).word == NO_CALL


def test_the_ranked_methods_p50_and_reach_share_decide_and_set_the_margin():
    ranked = Projection("analog", "d", DEADLINE, 1_050, p10_mt=900, p50_mt=1_050, prob_reach=0.6)
    # the methods' median (900, 1,050, 1,300) is 1,050 either way; analog's P50 1,050 reaches 1,000 but
    # its reach share 60% is short of 80%: at risk, over by 50; the bootstrap's 85% is not asked
    found = [proj("run-rate", 900), proj("bootstrap", 1_300, 0.85), ranked]
    v = verdict(open_pace(), found, reach_method="analog")
    assert (v.word, v.margin_mt, v.reach) == (AT_RISK, 50, 0.6)
    assert (v.central_mt, v.central_method) == (1_050, "analog")
    sure = Projection("analog", "d", DEADLINE, 1_150, p50_mt=1_150, prob_reach=0.9)
    assert verdict(open_pace(), [proj("run-rate", 900), sure], reach_method="analog").word == LIKELY_MET
    # where the ranked method has no projection, the methods' median sets the margin
    v = verdict(open_pace(), [proj("run-rate", 800), proj("bootstrap", 950, 0.1)], reach_method="analog")
    assert (v.word, v.margin_mt, v.central_method, v.reach) == (AT_RISK, -125, None, None)
