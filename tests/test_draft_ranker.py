"""The attribution ranker experiment: candidate features and the conditional-logit fit.

The features are checked on a short article written for this test (our own text,
the values read off it by hand); the fit against an independent maximisation of
the conditional log-likelihood written out in numpy (scipy's optimiser). The
corpus is not read.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from eventstudy.draft import draft_study
from eventstudy.draft.doubts import subject_calendar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "validation"))
from ranker_features import FEATURES, MoveContext, candidate_features, flag_kind, lead_event  # noqa: E402

_spec = importlib.util.spec_from_file_location("attribution_ranker",
                                               ROOT / "validation/attribution_ranker.py")
assert _spec is not None and _spec.loader is not None
ar = importlib.util.module_from_spec(_spec)
sys.modules["attribution_ranker"] = ar  # dataclasses look their module up
_spec.loader.exec_module(ar)

ARTICLE = """\
date 2018-09-19 Test Wire

Stocks slide as tariff start looms

The White House said on Monday, Sept. 17, that new tariffs on Chinese goods would start on Sept. 24.
Apple said on Tuesday it would hold an event next month.
US stocks fell on Tuesday after the White House tariff announcement.
"""


def _features() -> tuple[list, dict[str, np.ndarray]]:
    d = draft_study(ARTICLE, source_name="ranker_features.txt")
    c = next(c for c in d.claims if c.move and c.subject.subject.key == "us_stocks")
    pos = c.sentence.text.index(c.move)
    # the move's date, as the rules read it: "on Tuesday", Sept. 18
    ctx = MoveContext(c.sentence, pos, dt.date(2018, 9, 18), subject_calendar(c.subject),
                      tuple(c.subject.subject.aliases), c.event.id, c.attribution_flagged,
                      None, c.subject.subject.kind, c.review)
    X = candidate_features(d.events, ctx)
    by_id = {e.id: X[i] for i, e in enumerate(d.events)}
    return list(d.events), {e: {f: row[j] for j, f in enumerate(FEATURES)}
                            for e, row in by_id.items()}


def test_candidate_features_read_off_the_article():
    events, f = _features()
    # sentence 0 is the headline; the White House news and the tariffs' start are told
    # in sentence 1, Apple's announcement and its event next month in 2, the move in 3
    assert {e.id: e.ref.first.isoformat() for e in events} == {
        "tariffs-announced-2018-09-17": "2018-09-17",
        "tariffs-2018-09-24": "2018-09-24",
        "apple-hold-announced-2018-09-18": "2018-09-18",
        "apple-hold-2018-10-01": "2018-10-01",
    }
    ann, start, apple, hold = (f["tariffs-announced-2018-09-17"], f["tariffs-2018-09-24"],
                               f["apple-hold-announced-2018-09-18"], f["apple-hold-2018-10-01"])
    # the rules' choice: the announcement, not flagged (the cause names it)
    assert (ann["rules"], ann["rules_unflagged"], start["rules"], apple["rules"]) == (1, 1, 0, 0)
    assert ann["rules_carry"] == ann["rules_latest"] == ann["rules_tie"] == 0
    # two sentences back for the tariff news, one for Apple's; none is told after
    assert ann["log_dist"] == start["log_dist"] == pytest.approx(math.log(3))
    assert apple["log_dist"] == hold["log_dist"] == pytest.approx(math.log(2))
    assert ann["only_after"] == start["only_after"] == apple["only_after"] == 0
    assert apple["nearest_before"] == hold["nearest_before"] == 1
    assert ann["nearest_before"] == 0
    # not told in the move's sentence, so not in its cause span either
    assert ann["same_sentence"] == ann["in_cause"] == 0
    # the cause "after the White House tariff announcement" shares white, house, tariff
    # and (an announcement's own word) announcement with the announcement; the first
    # three with the tariffs' start; White and House are names; nothing with Apple's
    assert ann["overlap"] == pytest.approx(math.log1p(4))
    assert start["overlap"] == pytest.approx(math.log1p(3))
    assert ann["overlap_names"] == start["overlap_names"] == pytest.approx(math.log1p(2))
    assert ann["top_overlap"] == 1 and start["top_overlap"] == apple["top_overlap"] == 0
    assert apple["overlap"] == 0 and ann["overlap_no_cue"] == 0
    # the move is Tuesday Sept 18: Monday's news and Tuesday's announcement reached it
    # (day 0 on the NYSE calendar, the subject's: no time given, so the day itself); the Sept 24
    # start and the October event did not
    assert [x["reached"] for x in (ann, start, apple, hold)] == [1, 0, 1, 0]
    assert [x["after_move"] for x in (ann, start, apple, hold)] == [0, 1, 0, 1]
    assert ann["log_days"] == pytest.approx(math.log(2)) and apple["log_days"] == 0
    assert apple["same_day"] == 1 and ann["same_day"] == 0
    assert apple["latest_reached"] == 1 and ann["latest_reached"] == 0
    # "would start on Sept. 24", "would hold an event next month": told ahead
    assert [x["future_clause"] for x in (ann, start, apple, hold)] == [0, 1, 0, 1]
    assert [x["schedule"] for x in (ann, start, apple, hold)] == [0, 1, 0, 1]
    assert [x["announcement"] for x in (ann, start, apple, hold)] == [1, 0, 1, 0]
    assert [x["is_range"] for x in (ann, start, apple, hold)] == [0, 0, 0, 1]  # next month
    assert ann["lead"] == 1 and ann["lead_market"] == 1 and apple["lead"] == 0
    assert ann["early"] == apple["early"] == 1
    assert ann["subject_named"] == 0 and ann["move_told"] == 0
    assert ann["log_mentions"] == 0 and ann["implied"] == 0 and ann["previous"] == 0


def test_lead_event_and_flag_kind():
    events, _ = _features()
    assert lead_event(events) == "tariffs-announced-2018-09-17"
    assert lead_event([]) is None
    assert flag_kind([]) == ""
    assert flag_kind(["the cause is not named; drafted against 'x', the event of the claim "
                      "just before (in this move's direction) -- check"]) == "carry"
    assert flag_kind(["the cause is not named (no words shared with any event sentence); "
                      "attributed to the latest event on or before the move's date"]) == "latest"
    assert flag_kind(["'a' and 'b' share as many words with the cause; the later date chose "
                      "'a' -- check"]) == "tie"
    assert flag_kind(["'x' is 10 days before the move: check"]) == "other"


def _choice_sets() -> list:
    """Hand-made candidate sets on two features (the others zero), not separable."""
    rows = [
        ([[1, 0], [0, 1], [0, 0]], [1, 0, 0]),
        ([[1, 1], [0, 1], [1, 0]], [0, 1, 0]),
        ([[0, 2], [1, 0]], [1, 0]),
        ([[1, 0], [0, 0], [0, 1], [1, 1]], [0, 0, 0, 1]),
        ([[0, 1], [1, 0], [0, 0]], [0, 0, 1]),
        ([[1, 2], [0, 1], [1, 0]], [1, 0, 0]),
        ([[0, 0], [1, 1], [0, 2]], [0, 1, 1]),  # two acceptable answer events
        ([[1, 0], [0, 1]], [0, 1]),
        ([[2, 0], [0, 0]], [0, 1]),
    ]
    j = [FEATURES.index("overlap"), FEATURES.index("log_dist")]
    out = []
    for x, y in rows:
        X = np.zeros((len(y), len(FEATURES)))
        X[:, j] = x
        out.append(ar.ClaimSet(1, "hand", "c", X, np.array(y, dtype=float), 0, False))
    return out, j


def _brute_force(sets: list, j: list[int], alpha: float) -> np.ndarray:
    """Maximise the conditional log-likelihood written out over every subset (numpy)."""
    def nll(b: np.ndarray) -> float:
        total = 0.0
        for s in sets:
            u = s.X[:, j] @ b
            k = int(s.y.sum())
            num = u[s.y == 1].sum()
            den = np.log(sum(np.exp(u[list(c)].sum())
                             for c in itertools.combinations(range(len(u)), k)))
            total += num - den
        return -total + alpha * len(sets) / 2 * b @ b
    return minimize(nll, np.zeros(len(j)), method="Nelder-Mead",
                    options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 10000}).x


@pytest.mark.parametrize("alpha", [0.0, 0.1])
def test_conditional_logit_fit_matches_brute_force(alpha):
    sets, j = _choice_sets()
    design = ar.Design("two features", ("overlap", "log_dist"), alpha)
    beta = ar.fit(sets, design)
    assert beta == pytest.approx(_brute_force(sets, j, alpha), abs=1e-4)


def test_choice_probability_and_tie_to_the_rules():
    sets, _ = _choice_sets()
    design = ar.Design("two features", ("overlap", "log_dist"))
    beta = np.array([1.0, -0.5])
    s = sets[0]  # utilities 1, -0.5, 0
    k, p = ar.choose(s, design, beta)
    u = np.array([1.0, -0.5, 0.0])
    assert k == 0 and p == pytest.approx(math.exp(1) / np.exp(u).sum())
    # all candidates equal: the rules' choice (row 2 here) wins the tie
    tie = ar.ClaimSet(1, "hand", "c", np.zeros((3, len(FEATURES))), np.array([0.0, 0, 1]),
                      2, True)
    assert ar.choose(tie, design, beta) == (2, pytest.approx(1 / 3))
