"""The draft corpus: its index, the scorer, and the held-out figures against the targets.

The corpus articles were written for eventstudy in our own words; their answers
were worked out by hand (tests/data/articles/expected/). The scorer is
validation/draft_corpus.py; its rules are in its module docstring.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from eventstudy.draft import draft_study

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("draft_corpus", ROOT / "validation/draft_corpus.py")
assert _spec is not None and _spec.loader is not None
dc = importlib.util.module_from_spec(_spec)
sys.modules["draft_corpus"] = dc  # dataclasses look their module up
_spec.loader.exec_module(dc)

#: the issue's targets, on the held-out half
TARGET_DATES, TARGET_ATTRIBUTION = 0.95, 0.90


@pytest.fixture(scope="module")
def heldout():
    total, _ = dc.score_split("heldout")
    return total


def test_corpus_index_split_and_answers():
    corpus = dc.load_corpus()
    assert len(corpus) >= 25
    splits = [s for _, s, _ in corpus]
    # "sealed": a round written blind and committed (possibly still growing), not yet
    # scored: neither tuned on nor scored; the lead flips it to "heldout" to score it once
    assert set(splits) <= {"tune", "heldout", "sealed"} and splits.count("tune") >= 12
    # between rounds (a held-out half just scored and folded into tuning, the next one
    # not yet merged) there is no held-out half; otherwise it has at least 12 articles
    assert splits.count("heldout") == 0 or splits.count("heldout") >= 12
    window = (dt.date(2017, 10, 1), dt.date(2019, 3, 31))
    for name, _, exp in corpus:
        assert (dc.ARTICLES / name).is_file()
        assert window[0] <= exp["dateline"]["date"] <= window[1], name
        ids = {e["id"] for e in exp["events"]}
        for c in exp["claims"]:
            events = c["event"] if isinstance(c["event"], list) else [c["event"]]
            assert set(events) <= ids, name  # every claim points at an answer event


def test_scorer_counts_a_hand_built_case():
    text = ("date 2018-09-19 Test Wire\n\nTariffs were imposed on Monday.\n"
            "US stocks fell on Tuesday on the tariffs. Soybeans rose.\n")
    draft = draft_study(text)
    expected = {
        "dateline": {"date": dt.date(2018, 9, 19), "publisher": "Test Wire"},
        "events": [
            {"id": "tariffs", "when": dt.date(2018, 9, 17), "cues": ["Tariffs were imposed"]},
            {"id": "other", "when": dt.date(2018, 9, 18), "cues": ["not in the text"]},
        ],
        "claims": [
            {"subject": "us_stocks", "direction": "down", "window": [0, 1], "event": "tariffs",
             "cues": ["US stocks fell"]},
            {"subject": "soybeans", "direction": "down", "window": [0, 1], "event": "other",
             "cues": ["Soybeans rose"]},
        ],
        "assets": ["^GSPC", "ZZZ"],
    }
    sc = dc.score_article("hand.txt", expected, draft)
    # by hand: 1 drafted event matches 'tariffs' with the right date, 'other' is missing;
    # both claims match; soybeans' event is wrong (no 'other' drafted) and its direction
    # too; ZZZ is missing: 1 + 1 + 1 + 1 = 4 fixes
    assert (sc.events_drafted, sc.events_matched, sc.dates_right) == (1, 1, 1)
    assert (sc.claims_drafted, sc.claims_matched, sc.claims_attributed) == (2, 2, 1)
    assert sc.datelines_right == 1 and sc.fixes == 4
    r = sc.ratios()
    assert r["event_recall"] == 0.5 and r["attributed_right"] == 0.5


def test_scorer_splits_attribution_by_the_drafts_review_mark():
    # "US stocks fell ... on the tariffs" names its cause (the tariffs told the sentence
    # before): not marked. "Soybeans rose." names none: the draft keeps the previous
    # claim's event and marks it for review. A third claim (Deere)'s cause names the protest,
    # which the article dates: not marked.
    text = ("date 2018-09-19 Test Wire\n\nTariffs were imposed on Monday. Farmers "
            "protested on Tuesday.\nUS stocks fell on Tuesday on the tariffs. Soybeans rose. "
            "Deere rose on Tuesday after the farmers' protest.\n")
    draft = draft_study(text)
    by_subject = {c.subject.subject.key: c for c in draft.claims if c.move}
    assert not by_subject["us_stocks"].attribution_flagged
    assert by_subject["soybeans"].attribution_flagged
    assert any("cause is not named" in q for q in by_subject["soybeans"].review)
    expected = {
        "dateline": {"date": dt.date(2018, 9, 19), "publisher": "Test Wire"},
        "events": [
            {"id": "tariffs", "when": dt.date(2018, 9, 17), "cues": ["Tariffs were imposed"]},
            {"id": "protest", "when": dt.date(2018, 9, 18), "cues": ["Farmers protested"]},
        ],
        "claims": [
            # right, not flagged
            {"subject": "us_stocks", "direction": "down", "window": [0, 1], "event": "tariffs",
             "cues": ["US stocks fell"]},
            # flagged; the answer says the protest, the draft keeps the tariffs: wrong
            {"subject": "soybeans", "direction": "up", "window": [0, 1], "event": "protest",
             "cues": ["Soybeans rose"]},
            # wrong on purpose, not flagged: the answer names the tariffs
            {"subject": "deere", "direction": "up", "window": [0, 1], "event": "tariffs",
             "cues": ["Deere rose"]},
        ],
        "assets": [],
    }
    assert not by_subject["deere"].attribution_flagged
    sc = dc.score_article("hand.txt", expected, draft)
    # by hand: 3 claims matched, 1 right (US stocks); flagged: soybeans only (wrong);
    # not flagged: US stocks (right) and Deere (wrong) -> 1/2 right unflagged, 0/1 flagged
    assert (sc.claims_matched, sc.claims_attributed) == (3, 1)
    assert (sc.claims_flagged, sc.flagged_attributed) == (1, 0)
    r = sc.ratios()
    assert r["attributed_right_unflagged"] == 1 / 2
    assert r["attributed_right_flagged"] == 0.0
    assert r["flagged_share"] == 1 / 3
    assert "claims attributed right, not flagged | 50.0% (1/2)" in dc.table({"x": sc})


def test_same_instant_in_two_zones_is_the_same_date():
    exp = {"when": "2018-07-06T00:01", "timezone": "America/New_York"}
    assert dc._same_when(exp, "2018-07-06T12:01", "Asia/Shanghai")
    assert not dc._same_when(exp, "2018-07-06T12:01", "America/New_York")
    assert not dc._same_when(exp, dt.date(2018, 7, 6), None)


@pytest.fixture(scope="module")
def tune_scored():
    return dc.score_split("tune")


@pytest.fixture(scope="module")
def tune(tune_scored):
    return tune_scored[0]


@pytest.fixture(scope="module")
def tune_rounds(tune_scored):
    """The tune half's scores summed by the held-out round each article was in."""
    return dc.by_round(tune_scored[1])


#: each folded round's floor under today's rules: (articles, datelines right, dates right,
#: events matched, claims attributed, claims matched, max fixes or None). Its blind score,
#: taken once while it was held out, is in the comment (docs/draft.md).
FOLDED_ROUNDS = {
    # round 5: blind dates 25/31, attribution 22/30; after the round-5 rules 41/41, 31/32
    "heldout-5": (13, 13, 41, 41, 31, 32, None),
    # round 6 (80-93, written blind): blind datelines 12/14, dates 32/39, attribution
    # 22/30, 51 fixes; after the round-6 rules 14/14, 48/48, 33/33, 10 fixes
    "heldout-6": (14, 14, 48, 48, 33, 33, 10),
    # round 7 (94-107, written blind): blind (post-round-6 rules) 11/14, 28/35, 21/27, 54
    # fixes; after the clause reader and the round-7 rules 14/14, 46/46, 35/36, 5 fixes.
    # Lowered after round 9 to 13/14, 43/43, 32/33, 12 fixes: article 94's wire dateline
    # ("TOKYO, Jan 4 (Reuters) -") names no year and its text names none, so the draft now
    # asks for --date instead of taking the latest year before the clock's (a draft must
    # not change with the day it is run; Jan 4 is a Friday in 2019 and again in 2030); after
    # the round-13 rules (rule table after round 12) 13/14, 43/43, 33/33, 11 fixes
    "heldout-7": (14, 13, 43, 43, 33, 33, 11),
    # round 8 (108-121, written blind): blind (clause reader, post-round-7 rules) 8/14,
    # 41/46, 14/24, 77 fixes; after the round-8 rules 14/14, 63/64, 29/29, 10 fixes;
    # after the round-9 rules 14/14, 65/65, 29/29, 8 fixes
    # after the post-round-22 rules (tuner24): 14/14, 65/65, 30/30, 7 fixes
    "heldout-8": (14, 14, 65, 65, 30, 30, 7),
    # round 9 (122-135, written blind): blind (post-round-8 rules) 10/14, 56/66, 16/24, 65
    # fixes; after the round-9 rules (docs/draft-rules.md, rule table after round 9) 14/14,
    # 72/77, 21/25, 39 fixes; after the round-10 rules 14/14, 73/78, 21/25, 38 fixes;
    # after the round-13 rules (docs/draft-rules.md, rule table after round 12) 14/14, 73/78,
    # 22/25, 37 fixes; after the round-14 rules (rule table after round 13) 14/14, 74/79,
    # 22/25, 36 fixes; after the post-round-20 rules (rule table after round 20 (tuner22))
    # 14/14, 75/79, 22/25, 35 fixes
    # after the post-round-26 rules (tuner28): 14/14, 75/79, 24/26, 33 fixes
    "heldout-9": (14, 14, 75, 79, 24, 26, 33),
    # round 10 (136-149, written blind, sealed): blind (post-round-9 rules) 6/14, 35/38
    # (38 of 87 answer events matched), 8/18, 98 fixes; after the round-10 rules
    # (docs/draft-rules.md, rule table after round 10) 11/14, 66/68 (68 of 87 matched),
    # 15/32, 55 fixes; after the round-13 rules (rule table after round 12) 11/14, 66/68,
    # 18/32, 49 fixes; after the round-14 rules (rule table after round 13) 11/14, 66/68,
    # 18/32, 48 fixes
    # after the post-round-21 rules (rule table after round 21 (tuner23)) 12/14, 66/68,
    # 18/32, 47 fixes
    # (137's zone-less date-line clock takes its story's New York market)
    # 48 fixes after tuner28's answer correction of 139 (the yields' climb, a second cause
    # the text gives, now an answer event the post-round-25 rules do not draft)
    # after the post-round-26 rules (tuner28): 12/14, 67/69, 18/32, 47 fixes
    "heldout-10": (14, 12, 67, 69, 18, 32, 47),
    # round 11 (150-163, written blind, sealed): blind (post-round-10 rules) 3/14, 18/31
    # (31 of 73 answer events matched), 10/17, 96 fixes -- folded as its floor; after the
    # round-12 rules (docs/draft-rules.md, rule table after round 11: last-resort stamp reader,
    # newsroom table, stacked clock line, "first published at", a lead told "overnight",
    # news a move shrugged off) 9/14, 24/38 (38 of 73 matched), 13/21, 84 fixes; with "it
    # forecast in April" dating that forecast 9/14, 23/38, 15/21, 84 (article 162: its two
    # claims now take the results, but the results' event is the text's "Wednesday
    # afternoon, after the markets closed" at 16:00 where the answer has no time); after the
    # round-13 rules (rule table after round 12) 9/14, 23/38, 17/22, 80 fixes; after the
    # round-14 rules (rule table after round 13) 9/14, 23/38, 17/22, 79 fixes; after the
    # post-round-20 rules (rule table after round 20 (tuner22)) 9/14, 28/39, 18/22, 73 fixes
    # after the post-round-21 rules (rule table after round 21 (tuner23)) 10/14, 28/39,
    # 18/22, 72 fixes
    # after the post-round-26 rules (tuner28): 10/14, 29/40, 18/22, 71 fixes
    "heldout-11": (14, 10, 29, 40, 18, 22, 71),
    # round 12 (164-177, written blind, sealed): blind (post-round-11 rules) 5/14, 21/27
    # (27 of 58 answer events matched), 6/19, 92 fixes -- folded as its floor; after the
    # round-13 rules (docs/draft-rules.md, rule table after round 12: mastheads the newsroom table
    # does not know, news that did not reach the move, remarks and a market's own path that
    # draw no claim, ...) 11/14, 21/27, 14/19, 71 fixes; after the round-14 rules (rule table
    # after round 13) 11/14, 22/27, 14/19, 66 fixes; after the post-round-20 rules (rule table
    # after round 20 (tuner22)) 11/14, 26/28, 15/19, 59 fixes
    # after the post-round-22 rules (tuner24): 11/14, 26/28, 15/19, 56 fixes
    "heldout-12": (14, 11, 26, 28, 15, 19, 56),
    # round 13 (178-191, written blind, sealed; the eight newsrooms): blind
    # (post-round-12 rules) 14/14, 52/64 (64 of 96 answer events matched), 22/26, 73 fixes
    # -- folded as its floor; after the round-14 rules (docs/draft-rules.md, rule table after round
    # 13: spans that begin on a day, "the same day", a doer's clock, closures as ranges,
    # claims not drafted twice, ...) 14/14, 61/66, 24/27, 51 fixes; raised by the
    # post-round-15 rules (rule table after round 15) to 14/14, 61/66, 25/27, 49 fixes; by the
    # post-round-20 rules (tuner22) to 14/14, 62/67, 26/27, 45 fixes
    # after the post-round-22 rules (tuner24): 14/14, 62/67, 27/27, 42 fixes
    "heldout-13": (14, 14, 62, 67, 27, 27, 42),
    # round 14 (192-205, written blind, sealed; the eight newsrooms): blind
    # (post-round-13 rules) 12/14, 37/54 (54 of 90 answer events matched), 11/17, 104 fixes
    # -- folded as its floor; raised by the post-round-15 rules (docs/draft-rules.md, rule table
    # after round 15) to 12/14, 39/54, 12/17, 96 fixes; by the post-round-20 rules (rule table
    # after round 20 (tuner22)) to 12/14, 40/54, 12/17, 92 fixes
    # after the post-round-22 rules (tuner24): 12/14, 40/54, 12/17, 91 fixes
    "heldout-14": (14, 12, 40, 54, 12, 17, 91),
    # round 15 (206-214, written blind, sealed; nine of the fourteen planned): blind
    # (post-round-14 rules) 7/9, 31/36 (36 of 52 answer events matched), 14/32, 59 fixes
    # -- folded as its floor; raised by the post-round-15 rules (docs/draft-rules.md, rule table
    # after round 15: a named doer's "as" clause, recent news told above, a call or a
    # company's results named back, a report dated as reported, background dates, a turn to
    # the broader market or another region, "lagged", ...) to 7/9, 36/38 (38 of 52 answer
    # events matched), 30/32, 29 fixes; 8/9 datelines once 213's answer names the publisher
    # its "CNBC.com" line names (corrected by the lead after the fold: corpus.yaml, "answer
    # corrections"); 28 fixes after the post-round-20 rules (tuner22); 29 after tuner28's
    # answer correction of 206 (the yields' rise the banks' sentence gives, an answer event)
    # after the post-round-26 rules (tuner28): 8/9, 37/39, 30/32, 28 fixes
    "heldout-15": (9, 8, 37, 39, 30, 32, 28),
    # round 16 (215-224, written blind, sealed): blind (post-round-15 rules) 9/10, 46/63 (63
    # of 91 answer events matched), 20/29, 74 fixes -- folded as its floor; raised by the
    # post-round-16 rules (docs/draft-rules.md, rule table after round 16: a clock's "local time"
    # and "N minutes later", a home-city doer's market, the New Year holiday, a company's
    # own news, an early path after "from", a schedule's listed day, a closure told by its
    # reopening, the same teller "also" saying, ...) to 9/10, 52/65 (65 of 91 answer events
    # matched), 21/29, 61 fixes; 10/10 datelines, 60 fixes with "GMT+8" read as an offset;
    # after the post-round-20 rules (rule table after round 20 (tuner22)) 10/10, 58/68 (68 of
    # 91 answer events matched), 23/30, 51 fixes
    "heldout-16": (10, 10, 58, 68, 23, 30, 51),
    # round 17 (225-238, written blind, sealed; the eight newsrooms): blind
    # (post-round-16 rules) 12/14, 47/71 (71 of 104 answer events matched), 16/27, 94 fixes
    # -- folded as its floor; 14/14 datelines once 233's and 236's answers name the publisher
    # their footer / "CNBC.com" line names (corpus.yaml, "answer corrections"); raised by the
    # post-round-17 rules (docs/draft-rules.md, rule table after round 17: a statistics office's
    # release clock in its home zone, "the weekend settlement", ...) to 14/14, 49/71, 16/27,
    # 90 fixes; after the post-round-20 rules (rule table after round 20 (tuner22)) 14/14,
    # 54/76 (76 of 104 answer events matched), 19/27, 82 fixes; 83 fixes once 233's Nikkei
    # claim is a pre-event claim on the Fed's decision, [-1, -1] (an answer correction, not
    # a rule: corpus.yaml, "answer corrections (2026-12-06, anticipation)"); raised by the
    # anticipation rules (docs/draft-rules.md, "Anticipation moves (2026-12-06)") to 20/27, 81 fixes
    # and with the post-round-22 rules (tuner24) to 14/14, 54/76, 20/27, 79 fixes
    # after the post-round-26 rules (tuner28): 14/14, 59/80, 20/27, 74 fixes
    "heldout-17": (14, 14, 59, 80, 20, 27, 74),
    # round 18 (239-252, written blind, sealed; the eight newsrooms): blind
    # (post-round-17 rules) 12/14, 39/50 (50 of 72 answer events matched), 32/61, 99 fixes
    # -- folded as its floor; 13/14 datelines, 98 fixes once 244's answer names the
    # publisher its copyright footer names (corpus.yaml, "answer corrections"); after the
    # post-round-20 rules (rule table after round 20 (tuner22)) 13/14, 43/52 (52 of 72 answer
    # events matched), 46/63, 72 fixes; after the post-round-21 rules (rule table after
    # round 21 (tuner23)) 14/14, 43/52, 47/63, 71 fixes; 73 fixes once 249's two bank claims
    # are pre-event claims on the banks' reports, [-1, -1] (an answer correction, not a rule:
    # corpus.yaml, "answer corrections (2026-12-06, anticipation)"); raised by the
    # anticipation rules (docs/draft-rules.md, "Anticipation moves (2026-12-06)") to 14/14, 44/53,
    # 48/63, 70 fixes (242's Apple results drafted, its move a pre-event claim on them) and
    # with the post-round-22 rules (tuner24) to 68 fixes
    "heldout-18": (14, 14, 44, 53, 48, 63, 68),
    # round 19 (253-262, written blind, sealed; the eight newsrooms, Reuters and
    # Bloomberg twice): blind (post-round-18 rules) 8/10, 30/40 (40 of 51 answer events
    # matched), 22/32, 53 fixes -- folded as its floor; raised by the post-round-19 rules
    # (docs/draft-rules.md, rule table after round 19 (tuner21): a "--With assistance from" footer
    # names Bloomberg, "the central bank's" act is the named bank's, an index move does not
    # carry an earlier move the other way, a pluperfect session lends nothing, ...) to 10/10,
    # 32/41 (41 of 51 answer events matched), 32/32, 36 fixes; after the post-round-20 rules
    # (rule table after round 20 (tuner22)) 10/10, 34/42, 32/32, 34 fixes
    # after the post-round-22 rules (tuner24): 10/10, 34/42, 32/32, 33 fixes
    # after the post-round-26 rules (tuner28): 10/10, 35/42, 32/32, 31 fixes
    "heldout-19": (10, 10, 35, 42, 32, 32, 31),
    # round 20 (263-278, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-19 rules, tuner21) 16/16, 70/92 (92 of 121 answer events
    # matched), 44/67, 119 fixes -- folded as its floor; raised by the post-round-20 rules
    # (docs/draft-rules.md, rule table after round 20 (tuner22): 'expect X to' reads ahead, a
    # since-clause's own news, the VIX against its own market's stocks, a sector after an
    # unmapped company's news, "Hours later" past a session's day, a named doer's clock,
    # "in its Nth day", another market's day of moves, a long headline, ...) to 16/16, 83/97
    # (97 of 121 answer events matched), 56/70, 85 fixes; after the post-round-21 rules
    # (rule table after round 21 (tuner23)) 16/16, 83/97, 56/70, 84 fixes
    # after the post-round-22 rules (tuner24): 16/16, 83/97, 56/70, 75 fixes
    # after the post-round-26 rules (tuner28): 16/16, 85/99, 58/70, 70 fixes
    "heldout-20": (16, 16, 85, 99, 58, 70, 70),
    # round 21 (279-294, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-20 rules, tuner22) 14/16, 52/67 (67 of 104 answer events
    # matched), 28/55, 113 fixes -- folded as its floor; raised by the post-round-21 rules
    # (docs/draft-rules.md, rule table after round 21 (tuner23): a clock's GMT twin in brackets,
    # "hours after the close", a new doer's clock, what a report showed, a contributor's
    # byline, a zone-less date line's market, "materials companies", ...) to 15/16, 57/69
    # (69 of 104 answer events matched), 31/56, 100 fixes; 104 fixes once 292's and 294's
    # moves told as anticipation are pre-event claims ([-2, -2], [-1, -1]; an answer
    # correction, not a rule: corpus.yaml, "answer corrections (2026-12-06, anticipation)");
    # raised by the anticipation rules (docs/draft-rules.md, "Anticipation moves (2026-12-06)") to
    # 33/56, 97 fixes, and with the post-round-22 rules (tuner24) to 15/16, 57/69, 33/56, 92
    "heldout-21": (16, 15, 57, 69, 33, 56, 92),
    # round 22 (295-310, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-21 rules, tuner23) 9/16 (two year-less wire datelines ask for
    # --date), 38/47 (47 of 65 answer events matched), 17/32, 98 fixes -- folded as its floor;
    # answer corrections (corpus.yaml): 13/16 datelines once 299/300 name the Associated
    # Press and 301/302 give WSJ's footer no publisher, as the corpus's other answers do; 304's
    # and 308's moves told as anticipation made pre-event claims (308's drafted claim was right
    # only through the list of acceptable events the correction narrowed); raised by the
    # post-round-22 rules (docs/draft-rules.md, rule table after round 22 (tuner24): a year run
    # into a scraped clock, "before trading began", a move against the market's, a record
    # the mover set, a day set as a deadline, a named doer's clock, a hearing held, "as
    # investors digested", a mixed round-up of other markets, ...) and the anticipation rules
    # ("Anticipation moves (2026-12-06)") to 14/16, 47/49 (49 of 65 answer events matched),
    # 30/33, 60 fixes; raised by the post-round-23 rules (rule table after round 23 (tuner25):
    # a weekend's dinner folded into its Saturday) to 31/33, 58 fixes
    "heldout-22": (16, 14, 47, 49, 31, 33, 58),
    # round 23 (311-326, written blind, sealed, the first round written under the
    # anticipation convention; the eight newsrooms twice each): blind (post-round-22
    # rules: tuner24 and the anticipation rules) 13/16 (one year-less wire dateline asks for
    # --date), 39/45 (45 of 62 answer events matched), 17/36, 98 fixes -- folded as its floor;
    # raised by the post-round-23 rules (docs/draft-rules.md, rule table after round 23 (tuner25))
    # to 15/16, 42/46 (46 of 62 matched), 30/37, 65 fixes (anticipation claims drafted right,
    # event and window: 2 -> 17 of 18); 31/37, 63 fixes by the STOXX calendar (a data fix);
    # 31/38, 61 fixes by the post-round-24 rules (an erased gain named with its size is no
    # move: one more answer claim matched)
    # after the post-round-26 rules (tuner28): 15/16, 42/46, 31/38, 60 fixes
    # after the post-round-27 rules (tuner29): 15/16, 43/46, 31/38, 60 fixes
    "heldout-23": (16, 15, 43, 46, 31, 38, 60),
    # round 24 (327-342, written blind, sealed, under the anticipation convention; the
    # issue's eight newsrooms twice each): blind (post-round-23 rules, tuner25) 15/16 (one
    # year-less wire dateline asks for --date), 34/51 (51 of 70 answer events matched),
    # 20/33, 92 fixes -- folded as its floor; raised by the post-round-24 rules
    # (docs/draft-rules.md, rule table after round 24 (tuner26)) to 15/16, 39/51, 27/33, 75 fixes
    # after the post-round-26 rules (tuner28): 15/16, 40/52, 28/33, 71 fixes
    "heldout-24": (16, 15, 40, 52, 28, 33, 71),
    # round 25 (343-358, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-24 rules, tuner26) 15/16 (345's draft crashed -- IndexError, a bug
    # -- and is scored as stopped), 42/49 (49 of 60 answer events matched), 15/24, 62 fixes
    # -- folded as its floor; 16/16, 46/53, 16/26, 59 fixes once a clause resumed after a
    # relative keeps its marker (the crash fixed; a bug, not a rule); raised by the
    # post-round-25 rules (docs/draft-rules.md, rule table after round 25 (tuner27)) to 16/16,
    # 47/54, 21/26, 48 fixes (5 of its 7 anticipation claims right, from 0 blind)
    # after the post-round-26 rules (tuner28): 16/16, 49/55, 22/27, 44 fixes
    "heldout-25": (16, 16, 49, 55, 22, 27, 44),
    # round 26 (359-374, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-25 rules, tuner27) 13/16 (one year-less wire dateline asks for
    # --date), 24/37 (37 of 48 answer events matched), 18/27, 71 fixes -- folded as its
    # floor
    # after the post-round-26 rules (tuner28; docs/draft-rules.md, rule table after round 26):
    # 13/16, 32/40, 25/28, 41 fixes (blind: 13/16, 24/37, 18/27, 71 fixes);
    # its anticipation claims 7 of 7 right in event and window (blind 1 of 7)
    "heldout-26": (16, 13, 32, 40, 25, 28, 41),
    # round 27 (375-390, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-26 rules, tuner28) 14/16 (a year-less wire dateline and an AP
    # story with no date at all ask for --date), 18/24 (24 of 35 answer events matched),
    # 13/20, 47 fixes -- folded as its floor
    # after the post-round-27 rules (tuner29; docs/draft-rules.md, rule table after round
    # 27): 14/16, 24/27, 20/20, 23 fixes (blind: 14/16, 18/24, 13/20, 47 fixes)
    "heldout-27": (16, 14, 24, 27, 20, 20, 23),
    # round 28 (391-406, written blind, sealed; the eight newsrooms twice each):
    # blind (post-round-27 rules, tuner29; two lines of its round paragraph had been seen
    # by that tuner, corpus.yaml) 14/16 (two year-less wire datelines ask for --date),
    # 30/33 (33 of 47 answer events matched), 14/20, 52 fixes -- folded as its floor
    "heldout-28": (16, 14, 30, 33, 14, 20, 52),
}


def test_no_tune_article_crashes_the_draft(tune_scored):
    # the scorer counts a crashing draft as stopped, so that a blind score can be taken
    # once; on the tune half a crash is a bug to fix, never a figure
    crashed = [name for name, sc in tune_scored[1].items()
               if any("CRASHED" in n for n in sc.notes)]
    assert crashed == []


@pytest.mark.parametrize("was", sorted(FOLDED_ROUNDS))
def test_folded_round_does_not_regress(tune_rounds, was):
    articles, datelines, dates, matched, attributed, claims, fixes = FOLDED_ROUNDS[was]
    r = tune_rounds[was]
    assert r.articles == articles and r.datelines_right == datelines
    assert r.dates_right >= dates and r.events_matched >= matched
    assert r.claims_attributed >= attributed and r.claims_matched >= claims
    if fixes is not None:
        assert r.fixes <= fixes


def test_tune_does_not_regress(tune):
    # the tune half (135 articles: rounds 1-9) with the post-round-8 rules (docs/draft.md):
    # datelines 131/135, dates 389/401 matched, attribution 278/293 matched, 102 fixes
    # (rounds 1-8 alone: 121/121, 333/335, 262/269, 37). Lowered to 130, 386, 275, 109
    # when the year of a year-less wire dateline stopped coming from the clock (article
    # 94 now asks for --date; see FOLDED_ROUNDS["heldout-7"]); raised by the round-9
    # rules to 134/135, 404/410, 280/291, 81 fixes (rounds 1-8 alone: 120/121, 332/333,
    # 259/266, 42 -- better than before but for article 94)
    # + round 10 folded (its blind figures: 6/14, 35/38, 8/18, 98 fixes): 149 articles,
    # 140/149, 439/448, 288/309, 179 fixes; raised by the round-10 rules (docs/draft.md, rule
    # table after round 10) to 145/149, 471/479, 295/323, 135 fixes (rounds 1-9 alone:
    # 134/135, 405/411, 280/291, 80 -- round 9 gains one date, nothing else moves)
    # + round 11 folded (its blind figures: 3/14, 18/31, 10/17, 96 fixes): 163 articles,
    # 148/163, 489/510, 305/340, 231 fixes; raised by the round-12 rules (docs/draft.md, rule
    # table after round 11) to 154/163, 495/517, 308/344, 219 fixes (rounds 1-10 alone
    # unchanged: every other folded round's figures are the same); then 494 dates, 310
    # attribution: one right date lost to a time the text gives and the answer does not
    # (article 162, see FOLDED_ROUNDS["heldout-11"]), two claims gained
    # + round 12 folded (its blind figures: 5/14, 21/27, 6/19, 92 fixes): 177 articles,
    # 159/177, 515/544, 316/363, 311 fixes; raised by the round-13 rules (docs/draft.md, rule
    # table after round 12) to 165/177, 515/544, 331/364, 278 fixes
    # + round 13 folded (its blind figures: 14/14, 52/64, 22/26, 73 fixes): 191 articles,
    # 179/191, 567/608, 353/390, 351 fixes; raised by the round-14 rules (docs/draft.md, rule
    # table after round 13) to 179/191, 578/611, 355/391, 321 fixes (unflagged attributions
    # right 171/177)
    # + round 14 folded (its blind figures: 12/14, 37/54, 11/17, 104 fixes): 205 articles,
    # 191/205, 615/665, 366/408, 425 fixes (unflagged attributions right 176/183); raised by
    # the post-round-14 rules (docs/draft-rules.md, rule table after round 14: a past clock not on a
    # day ahead, a happening called off reads forward, the mover's earlier session and the
    # week's sum draw no claim, a second cause marks the attribution) to 191/205, 617/665,
    # 366/408, 420 fixes (claims drafted 451; unflagged attributions right 176/182)
    # + round 15 folded (its blind figures: 7/9, 31/36, 14/32, 59 fixes): 214 articles,
    # 198/214, 648/701, 380/440, 479 fixes (claims drafted 488; unflagged attributions right
    # 180/188, so the calibration floor drops from 0.965 to 0.955 until the next rules);
    # raised by the post-round-15 rules (docs/draft-rules.md, rule table after round 15) to
    # 198/214, 653/703, 397/440, 446 fixes (claims drafted 484; unflagged attributions right
    # 184/189, so the calibration floor is back at 0.965)
    # + round 16 folded (its blind figures: 9/10, 46/63, 20/29, 74 fixes): 224 articles,
    # 207/224, 699/766, 417/469, 520 fixes (claims drafted 522; unflagged attributions right
    # 0.970); then 208/224, 709/766, 509 fixes once ten answers dated news told "before the
    # bell" / "after the close" at the market's open / close as the issue asks (they gave the
    # day) and 213's names its publisher (corpus.yaml, "answer corrections"); raised by the
    # post-round-16 rules (docs/draft-rules.md, rule table after round 16) to 208/224, 715/768,
    # 418/469, 496 fixes (claims drafted 518; unflagged attributions right 207/213, 0.972;
    # rounds 1-15 alone unchanged); with "GMT+8" read as an offset (the lead, same table)
    # 209/224 datelines, 495 fixes
    # + round 17 folded (its blind figures: 12/14, 47/71, 16/27, 94 fixes): 238 articles,
    # 221/238, 762/839, 434/496, 589 fixes (claims drafted 551; unflagged attributions right
    # 0.959, so the calibration floor drops from 0.965 to 0.955 until the next rules); 223/238
    # datelines, 587 fixes with 233's and 236's publishers named (corpus.yaml); raised by the
    # post-round-17 rules (docs/draft-rules.md, rule table after round 17) to 223/238, 765/839,
    # 434/496, 584 fixes (claims drafted 551); a cause the text neither dates nor names
    # marked for review: unflagged attributions right 209/217, 0.963, so the calibration
    # floor rises from 0.955 to 0.96
    # + round 18 folded (its blind figures: 12/14, 39/50, 32/61, 99 fixes; 244's publisher
    # named after): 252 articles, 236/252, 804/889, 466/557, 682 fixes (claims drafted 627);
    # unflagged attributions right 0.943 -- round 18's unflagged were right 5 of 10, so the
    # calibration floor drops from 0.96 to 0.94 until the next rules; six answers timed at
    # the market's open / close (corpus.yaml, answer corrections after round 18); raised by
    # the post-round-18 rules (docs/draft-rules.md, rule table after round 18 (tuner20)) to
    # 236/252, 816/898, 483/558, 644 fixes (claims drafted 626; unflagged attributions
    # right 213/219, 0.973, so the calibration floor rises from 0.94 to 0.965)
    # + round 19 folded (its blind figures: 8/10, 30/40, 22/32, 53 fixes): 262 articles,
    # 244/262, 846/938, 505/590, 697 fixes (claims drafted 670; unflagged attributions
    # right 223/230, 0.970 -- round 19's unflagged were right 10 of 11, the floor holds);
    # raised by the post-round-19 rules (docs/draft-rules.md, rule table after round 19 (tuner21))
    # to 246/262, 848/939, 515/590, 678 fixes (claims drafted 668; unflagged attributions
    # right 224/230, 0.974, so the calibration floor rises from 0.965 to 0.97)
    # + round 20 folded (its blind figures: 16/16, 70/92, 44/67, 119 fixes): 278 articles,
    # 262/278, 918/1031, 559/657, 797 fixes (claims drafted 762; unflagged attributions
    # right 235/243, 0.967 -- round 20's unflagged were right 11 of 13, so the calibration
    # floor drops from 0.97 to 0.965 until the next rules); raised by the post-round-20 rules
    # (docs/draft-rules.md, rule table after round 20 (tuner22)) to 262/278, 937/1041, 576/662, 748
    # fixes (claims drafted 762; unflagged attributions right 243/249, 0.976, so the
    # calibration floor rises from 0.965 to 0.975)
    # + round 21 folded (its blind figures: 14/16, 52/67, 28/55, 113 fixes): 294 articles,
    # 276/294, 989/1108, 604/717, 861 fixes (claims drafted 828; unflagged attributions
    # right 251/261, 0.962 -- round 21's unflagged were right 8 of 12, so the calibration
    # floor drops from 0.975 to 0.96 until the next rules); raised by the post-round-21
    # rules (docs/draft-rules.md, rule table after round 21 (tuner23)) to 280/294, 994/1110,
    # 608/718, 844 fixes (claims drafted 829: one more, and matched -- "materials
    # companies"; unflagged attributions right 252/261, 0.966, so the calibration floor
    # rises from 0.96 to 0.965)
    # + round 22 folded (its blind figures: 9/16, 38/47, 17/32, 98 fixes): 310 articles,
    # 289/310, 1032/1157, 625/750, 942 fixes (claims drafted 888; unflagged attributions
    # right 256/268, 0.955 -- round 22's unflagged were right 4 of 7, so the calibration
    # floor drops from 0.965 to 0.955 until the next rules)
    # answer corrections (2026-12-06; corpus.yaml): moves told as made in anticipation of a
    # happening still ahead are pre-event claims [k, k] on it, and the happening ahead is
    # dropped where the text gives a cause that reached the market (624/750 attribution, 953
    # fixes with the post-round-21 rules); 299/300 name the Associated Press and 301/302 give
    # WSJ's "Write to" footer no publisher, as the corpus's other answers do (+4 datelines).
    # Raised by the anticipation rules (docs/draft-rules.md, "Anticipation moves (2026-12-06)") and
    # the post-round-22 rules (rule table after round 22 (tuner24)) to 294/310, 1042/1160,
    # 644/752, 872 fixes (claims drafted 873; unflagged attributions right 0.960: the
    # calibration floor holds at 0.955). (Anticipation alone: 289/310, 1033/1158, 629/750,
    # 938 fixes; tuner24 alone: 294/310, 1041/1159, 640/752, 876 fixes.)
    # + round 23 folded (its blind figures: 13/16, 39/45, 17/36, 98 fixes): 326 articles,
    # 307/326, 1081/1205, 661/788, 970 fixes (claims drafted 920; unflagged attributions
    # right 0.957 -- round 23's unflagged were right 5 of 6: the floor holds at 0.955).
    # Raised by the post-round-23 rules (docs/draft-rules.md, rule table after round 23 (tuner25):
    # wait cues as a class, the awaited happening drafted from the wait's words, the fear
    # gauge and an unmapped market carrying the wait, ...) to 309/326, 1084/1206, 675/789,
    # 935 fixes (claims drafted 921, one more matched claim; unflagged attributions right
    # 269/280, 0.961: the calibration floor rises from 0.955 to 0.96)
    # + round 24 folded (its blind figures: 15/16, 34/51, 20/33, 92 fixes): 342 articles,
    # 324/342, 1118/1257, 695/822, 1027 fixes (claims drafted 970; unflagged attributions
    # right 0.942 -- round 24's unflagged were right 9 of 15, so the calibration floor drops
    # from 0.96 to 0.94 until the next rules); 697/822 attribution, 1024 fixes once the
    # EURO STOXX indices close at the cash market's 17:30 CET, not Eurex's 22:00 (calendar
    # "STOXX", docs/data.md: a data fix, not a rule -- rounds 9 and 23 gain one each).
    # Raised by the post-round-24 rules (docs/draft-rules.md, rule table after round 24 (tuner26):
    # a clock in a named place's time, a figure's month in a reported "that" clause, a wait
    # carried past an aside, one central bank's act told ahead twice, an undated report
    # told again with its day, ...) to 324/342, 1123/1257, 704/823, 1005 fixes (claims
    # drafted 969; unflagged attributions right 281/294, 0.956: the calibration floor rises
    # from 0.94 to 0.955)
    # + round 25 folded (its blind figures: 15/16, 42/49, 15/24, 62 fixes): 358 articles,
    # 339/358, 1165/1306, 719/847, 1067 fixes (claims drafted 1003; unflagged attributions
    # right 0.954 -- round 25's unflagged were right 9 of 10, but the floor drops from 0.955
    # to 0.95 until the next rules); 340/358, 1169/1310, 720/849, 1064 fixes (claims drafted
    # 1006) once 345 no longer crashes (a clause resumed after a relative keeps its marker).
    # Raised by the post-round-25 rules (docs/draft-rules.md, rule table after round 25 (tuner27):
    # a wait told of a mover beating the market carried to the moves after it, a wait's
    # own after-the-close happening before the only other one ahead) to 340/358,
    # 1170/1311, 725/849, 1053 fixes (claims drafted 1006; unflagged attributions right
    # 291/305, 0.954: the calibration floor holds at 0.95)
    # + round 26 folded (its blind figures: 13/16, 24/37, 18/27, 71 fixes): 374 articles,
    # 353/374, 1194/1348, 743/876, 1124 fixes (claims drafted 1043; unflagged attributions
    # right 301/318, 0.947 -- round 26's unflagged were right 10 of 13, so the calibration
    # floor drops from 0.95 to 0.945 until the next rules). Two answer corrections by
    # tuner28 (139 and 206: the yields' move a sentence gives as a cause, corpus.yaml): 1126
    # fixes. Raised by the post-round-26 rules (docs/draft-rules.md, rule table after round 26
    # (tuner28): a happening told ahead read forward and waited for, "before" with a present
    # verb, a week that includes its happenings, another thing's move as a cause, an index
    # named back by "It", ...) to 353/374, 1216/1362, 755/879, 1071 fixes (claims drafted
    # 1041; unflagged attributions right 312/328, 0.951: the calibration floor rises from
    # 0.945 to 0.95)
    # + round 27 folded (its blind figures: 14/16, 18/24, 13/20, 47 fixes): 390 articles,
    # 367/390, 1234/1386, 768/899, 1118 fixes (claims drafted 1066; unflagged attributions
    # right 0.949 -- round 27's unflagged were right 6 of 7, but the floor drops from 0.95
    # to 0.945 until the next rules). Raised by the post-round-27 rules (docs/draft-rules.md,
    # rule table after round 27 (tuner29): a clock "a little after" the hour, a remark's day
    # not the day of what it is about, a session given back, a when-clause's news, a
    # weekend's news folded by its acronym, a happening promised for its day or told as due
    # after it, a place's clock, the news of a move undone, markets shut ahead, a quarter's
    # sum, ...) to 367/390, 1241/1389, 775/899, 1094 fixes (claims drafted 1062; unflagged
    # attributions right 321/337, 0.953: the calibration floor rises from 0.945 to 0.95)
    # + round 28 folded (its blind figures: 14/16, 30/33, 14/20, 52 fixes): 406 articles,
    # 381/406, 1271/1422, 789/919, 1146 fixes (claims drafted 1094; unflagged attributions
    # right 328/347, 0.945 -- round 28's unflagged were right 7 of 10, so the calibration
    # floor drops from 0.95 to 0.945 until the next rules)
    assert tune.articles == 406 and tune.datelines_right >= 381
    assert tune.dates_right >= 1271 and tune.claims_attributed >= 789
    assert tune.fixes <= 1146 and tune.claims_drafted <= 1094
    r = tune.ratios()
    assert r["attributed_right_unflagged"] >= 0.945  # the calibration of the review marks


def test_heldout_does_not_regress(heldout):
    # round 28 (articles 391-406, written blind, sealed) scored once, by the lead, on
    # 2026-12-06 with the post-round-27 rules (rule table after round 27 (tuner29)):
    # datelines 14/16, dates 30/33 matched (47 answer events), attribution 14/20 matched
    # (22 answer claims), 52 fixes; then folded (FOLDED_ROUNDS["heldout-28"]). (Round 27,
    # post-round-26 rules: 14/16, 18/24, 13/20, 47; round 26,
    # post-round-25 rules: 13/16, 24/37, 18/27, 71; round 25,
    # post-round-24 rules: 15/16 (one draft crashed, scored as stopped), 42/49, 15/24, 62;
    # round 24, post-round-23 rules: 15/16, 34/51, 20/33,
    # 92; round 23,
    # post-round-22 rules: 13/16, 39/45, 17/36, 98;
    # round 22, post-round-21 rules: 9/16, 38/47, 17/32, 98;
    # round 21,
    # post-round-20 rules: 14/16, 52/67, 28/55, 113; round 20,
    # post-round-19 rules: 16/16, 70/92, 44/67, 119; round 19,
    # post-round-18 rules: 8/10, 30/40, 22/32, 53; round 18,
    # post-round-17 rules: 12/14, 39/50, 32/61, 99; round 17, post-round-16 rules:
    # 12/14, 47/71, 16/27, 94; round 16, post-round-15 rules:
    # 9/10, 46/63, 20/29, 74; round 15, post-round-14 rules: 7/9, 31/36, 14/32, 59; round
    # 14, post-round-13 rules:
    # 12/14, 37/54, 11/17, 104; round 13: 14/14, 52/64, 22/26, 73; round 12: 5/14, 21/27,
    # 6/19, 92; round 11: 3/14, 18/31, 10/17, 96.) Between rounds there is no held-out half.
    if not heldout.articles:
        pytest.skip("no held-out half between rounds (the last one folded into tuning)")
    # a held-out half is a whole round, every article drafted or counted as stopped
    held = dc.load_corpus("heldout")
    assert heldout.articles == len(held) >= 9
    assert heldout.events_matched <= sum(len(exp["events"]) for _, _, exp in held)


@pytest.mark.xfail(strict=True, reason="issue 14 targets not met on the held-out half "
                   "(round 28: dates right 91% (30/33) of matched events, claims attributed "
                   "right 70% (14/20), datelines 14/16; round 27: 75% / 65%; "
                   "round 26: 65% / 67%; "
                   "round 25: 86% / 63%; "
                   "round 24: 67% / 61%; "
                   "round 23: 87% / 47%; "
                   "round 22: 81% / 53%; "
                   "round 21: 78% / 51%; "
                   "round 20: 76% / 66%; round 19: "
                   "75% / 69%; round 18: "
                   "78% / 52%; round 17: "
                   "66% / 59%; round 16: "
                   "73% / 69%; round 15: "
                   "86% / 44%; round 14: "
                   "69% / 65%; round 13: "
                   "81% / 85%; round 12: "
                   "78% / 32%; round 11: 58% / 59%); see docs/draft.md")
def test_heldout_meets_the_targets(heldout):
    if not heldout.articles:  # between rounds: the next held-out half is not scored yet
        pytest.skip("no held-out half to score until the sealed round is flipped")
    r = heldout.ratios()
    assert r["dates_right"] >= TARGET_DATES
    assert r["attributed_right"] >= TARGET_ATTRIBUTION
