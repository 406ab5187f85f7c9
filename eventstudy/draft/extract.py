"""Candidate claims and their attribution to events.

Rules (all keyword rules; documented in docs/draft.md)
-------------------------------------------------------
Move sentences
    A sentence is a *move sentence* when it contains a market-move word
    (:data:`~eventstudy.draft.moves.UP_WORDS`, ``DOWN_WORDS``). Each subject
    named in it (see :mod:`eventstudy.draft.assets`) is paired with move words:
    each move word takes the nearest subject before it, else the nearest after
    it ("boosted US stocks"); a subject left over takes the nearest move word
    after it, else before it. The clause of the move word decides its window
    and negation.
Claims
    One claim per (subject, move word), dropping repeats of the same subject,
    direction, window and event (a headline and its story; a headline claim is
    kept only when the story has none for that subject and direction).
    Direction ``up``/``down`` from the word, ``any`` (marked) when negated.
    Window ``[0, 1]``; ``[-10, -1]`` for a pre-event run-up or sell-off
    ("recently", "ahead of", ...), attributed to the event of the same
    subject's post-event move in that sentence; ``[k, k]`` for a move made in
    anticipation of a happening still ahead, with no other cause: a pre-event
    claim on it (:mod:`eventstudy.draft.anticipation`).
Attribution
    The event each move is drafted against: :mod:`eventstudy.draft.attribute`
    (:class:`~eventstudy.draft.attribute.EventIndex`,
    :func:`~eventstudy.draft.attribute.attribute`), split from this module after round
    25; the rules are in its docstring and docs/draft.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventstudy.draft.anticipation import REACTION, RUN_UP, Waits, run_up_window, unfound
from eventstudy.draft.assets import Subject, SubjectMatch
from eventstudy.draft.attribute import MOVE_WORDS, EventIndex, attribute
from eventstudy.draft.carry import (
    carried_event,
    index_carries,
    opposite,
    other_sector,
    own_cause,
    recap,
    sector_carries,
    unmapped_news,
    volatility_carried,
)
from eventstudy.draft.clauses import clause_at
from eventstudy.draft.compared import beat_market
from eventstudy.draft.dated import given_back
from eventstudy.draft.doubts import subject_calendar
from eventstudy.draft.events import DraftEvent, is_headline
from eventstudy.draft.moves import market_clause, moves
from eventstudy.draft.nounmoves import described_noun_move, noun_subject_move
from eventstudy.draft.pairs import LED_BY, pair_moves
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import (
    BROADER,
    ELSEWHERE,
    dated_ahead,
    described_move,
    stated_record,
)
from eventstudy.draft.roundup import mixed_roundup
from eventstudy.draft.sessions import (
    earlier_path_day,
    earlier_session_move,
    record_date,
)
from eventstudy.draft.talk import opens_quote
from eventstudy.draft.text import Sentence
from eventstudy.draft.words import NEGATION, UniqueIds, cause_span, clause_span, slug, words

_MARKET_WIDE = re.compile(r"\b(?:stocks|shares|markets?|equities)\b", re.IGNORECASE)
_NOBODY = Subject("market", (), (), "index")


@dataclass(frozen=True)
class DraftClaim:
    """A candidate claim: a subject's move, attributed to an event."""

    id: str
    subject: SubjectMatch
    move: str
    direction: str
    window: tuple[int, int]
    event: DraftEvent | None
    sentence: Sentence
    review: tuple[str, ...] = ()
    #: whether ``review`` holds a doubt about the *event* the claim is attributed to (as
    #: opposed to its direction): the calibration figure of validation/draft_corpus.py
    attribution_flagged: bool = False


@dataclass(frozen=True)
class Orphan:
    """A move sentence whose subject is not in the mapping."""

    sentence: Sentence
    move: str


def find_claims(
    sentences: list[Sentence],
    mentions: dict[int, list[SubjectMatch]],
    events: list[DraftEvent],
    dateline: dt.date,
    refs: dict[int, list[TimeRef]],
) -> tuple[list[DraftClaim], list[Orphan]]:
    """Candidate claims and the move sentences without a known subject."""
    index = EventIndex(events)
    # a name that is part of a market's name ("China" of "China stocks") names no news
    index.market_names = words(" ".join(a for subs in mentions.values() for sm in subs
                                        for a in sm.subject.aliases))
    event_refs = {id(r) for e in events for _, r in (e.mentions or ((e.sentence, e.ref),))}
    ids = UniqueIds()
    claims: list[DraftClaim] = []
    headline: list[DraftClaim] = []
    orphans: list[Orphan] = []
    seen: set[tuple] = set()
    agents: set[int] = set()  # subjects paired as agents of a causative verb
    last: tuple[int, dt.date, DraftEvent | None] = (-10, dateline, None)
    last_dir = last_key = ""  # the direction and subject of the claim just before
    last_own = False  # whether its event is a company's own news read for an uncaused move
    firm: set[str] | None = None  # the tickers of a company whose move's cause was named
    market_event: DraftEvent | None = None  # of the last market-wide move ("Stocks rallied")
    market_dir = ("", -1)  # (its direction and sentence)
    lead: tuple[int, dt.date, DraftEvent | None] | None = None  # the story's first claim
    waits = Waits(index.events, index.postings, index.by_sentence,  # pre-event claims
                  frozenset(s.index for s in sentences if opens_quote(s.text)))
    told_of: dict[str, DraftEvent] = {}  # each subject's first claimed event
    by_direction: dict[str, DraftEvent] = {}  # the last claim's event in each direction
    company: tuple[int, str, DraftEvent] | None = None  # an unmapped company's move, news
    by_calendar: dict[str | None, dict[str, DraftEvent]] = {}  # by_direction per exchange
    last_cal: str | None = None  # the exchange of the claim just before
    title = 0 if is_headline(sentences) else -1
    by_index = {s.index: s for s in sentences}
    index.move_sentences = [s.index for s in sentences if mentions.get(s.index) and moves(s.text)]
    for sent in sentences:
        subjects = mentions.get(sent.index, [])
        if BROADER.match(sent.text) and cause_span(sent.text, 0) is None:
            # "The broader market was mixed.": the story turns from the company to the
            # market, whose moves do not inherit the company's news
            last, market_event, waits.last = (last[0], last[1], None), None, None
        mvs = tuple(m for m in moves(sent.text) if not stated_record(sent.text, m[0])
                    and not described_move(sent.text, m[0])
                    and not noun_subject_move(sent.text, m)
                    and not described_noun_move(sent.text, m))
        mvs = tuple(m for i, m in enumerate(mvs)
                    if not earlier_session_move(sent.text, m, mvs[i - 1][1] if i else -1))
        if not mvs:
            beside = beat_market(sent.text) if subjects and sent.index != title else None
            if beside is not None and (beside[1], last_dir) in (("out", "up"), ("under", "down")):
                # "Bank stocks outperformed the broader market as investors positioned for
                # ...": no move told, but a wait the moves after it carry (anticipation.py)
                sm0 = subjects[0]
                waits.beside_market(sent, beside[0], last_dir, subject_calendar(sm0),
                                    last[1] if sent.index - last[0] <= 2 else dateline,
                                    words(" ".join(sm0.subject.aliases)) | MOVE_WORDS)
            continue
        if not subjects:
            market = [m for m in mvs if market_clause(sent.text, clause_span(sent.text, m[0]), [])]
            news = None if market else unmapped_news(index.events, sent.index, sent.text,
                                                      mvs[0][0])
            if news is not None:  # "Macy's plunged after the chain cut its forecast"
                company = (sent.index, mvs[0][3], news)
            if market:
                orphans.append(Orphan(sent, market[0][2]))
                cs, ce = clause_span(sent.text, market[0][0])
                if sent.index != title and _MARKET_WIDE.search(sent.text, cs, ce):
                    own_refs = [r for r in refs.get(sent.index, []) if id(r) not in event_refs
                                and cs <= r.start - sent.start < ce
                                and not given_back(sent.text, r, sent.start)]
                    day = own_refs[0].first if own_refs else dateline
                    market_event, _ = attribute(index, sent, market[0][0], _NOBODY, day,
                                                 bool(own_refs), last[2])
                    last, last_key = (sent.index, day, market_event), ""
                    market_dir = (market[0][3], sent.index)
                    waits.market(sent.text, sent.index, market[0][0], market[0][3], day)
            continue
        move_refs = [r for r in refs.get(sent.index, []) if id(r) not in event_refs
                     and not record_date(sent.text, r.start - sent.start)
                     and not earlier_path_day(sent.text, r.start - sent.start)
                     and not dated_ahead(sent.text, r.start - sent.start)
                     and not given_back(sent.text, r, sent.start)]
        drafted: list[DraftClaim] = []
        paired = pair_moves(subjects, mvs, sent.start, sent.text, agents)
        # "Japan's Nikkei fell and Shanghai slipped, while Hong Kong edged up": suggested only
        roundup = sent.index != title and mixed_roundup(
            sent.text, paired, subject_calendar,
            subject_calendar(claims[0].subject) if claims else None)
        for sm, move in paired:
            direction = move[3]
            review: list[str] = []
            cs, ce = clause_span(sent.text, move[0])
            if NEGATION.search(sent.text[cs: move[0]]):
                review.append(
                    f"'{move[2]}' looks negated; direction set to 'any' -- choose up or down")
                direction = "any"
            if sm.subject.kind == "volatility":
                review.append("a volatility index moves opposite to stocks: check the direction")
            # a move over a range ("have rallied this week") is dated by its end, at the latest
            # the dateline
            own = next((min(r.last, dateline) if r.is_range else r.first for r in move_refs
                        if cs <= r.start - sent.start < ce), None)
            if own is None:  # "On Thursday, the Nasdaq rose ...": the move's own clause
                mc = clause_at(sent.text, move[0])
                own = next((r.first for r in move_refs if not r.is_range
                            and mc.start <= r.start - sent.start < move[0]), None)
            near = sent.index - last[0] <= 2 and sent.index != title
            move_date = own or (last[1] if near else dateline)
            # (a company's news that lifted its shares did not sink the market either)
            flip = (last_key not in ("", sm.subject.key) and direction != last_dir != "any"
                    and direction != "any" and sm.subject.kind != "volatility" and last_own)
            # (a move the other way from the claim just before carries the last same-way
            # claim's event: carry.carried_event; a volatility index moves against stocks)
            calendar = subject_calendar(sm)
            previous = None if flip else volatility_carried(
                last[2], last_dir, direction, by_direction,
                None if last_cal == calendar else by_calendar.get(calendar, {})
            ) if sm.subject.kind == "volatility" else carried_event(
                last[2], last_dir, direction, by_direction)
            if market_event is not None and (sm.subject.kind == "index" and index_carries(
                    market_dir, direction, sent.index, by_direction) or other_sector(sm, firm)):
                previous = market_event
            company_news = sector_carries(sm, direction, sent.index, sent.text, move[0],
                                          company)
            if company_news is not None:
                previous = company_news
            leader = next((told_of[o.subject.key] for o in subjects if o is not sm
                           and o.subject.key in told_of and LED_BY.search(
                               sent.text, max(0, o.start - sent.start - 30),
                               o.start - sent.start)), None)
            if leader is not None:
                # "The Nasdaq fell 3%, led by Apple" after Apple's own news: that news
                previous = leader
            if lead is not None and ELSEWHERE.match(sent.text):
                # "Elsewhere in Asia, the Shanghai Composite fell 0.9%": the lead's driver
                move_date, previous = own or lead[1], lead[2]
            # a move told as made ahead of a happening still ahead, with no other cause: a
            # pre-event claim on it (anticipation.py); a move without a cause of its own
            # right after one, the same way on the same session, waits for it too
            pre, ahead_of = waits.claim(
                sent, move[0], direction, calendar, move_date,
                words(" ".join(sm.subject.aliases)) | MOVE_WORDS,
                sent.index != title and sm.subject.kind != "volatility")
            if pre is None and ahead_of is None and sm.subject.kind == "volatility":
                pre = waits.fear_gauge(sent.text, move[0], direction, calendar, move_date)
            event: DraftEvent | None
            if pre is not None:
                event, why, window = pre.event, list(pre.review), pre.window
            else:
                nxt = by_index.get(sent.index + 1)
                event, why = attribute(index, sent, move[0], sm.subject, move_date,
                                        own is not None, previous, calendar,
                                        nxt.text if nxt is not None else None,
                                        last[2] if flip else None)
                if ahead_of is not None:
                    why.append(unfound(sent.text, ahead_of))
                window = run_up_window(sent.text, move[0], move[1], own is not None, event,
                                       calendar, move_date)
            review.extend(why)
            if roundup:
                review.append("a round-up of other markets moving both ways, told without a "
                              "cause: suggested only -- draft a claim if the story's news "
                              "moved this market")
                drafted.append(DraftClaim("", sm, "", "any", window, event, sent,
                                          tuple(review), bool(why)))
            else:
                drafted.append(DraftClaim("", sm, move[2], direction, window, event, sent,
                                          tuple(review), bool(why)))
            if sent.index != title:
                waits.drafted(sent.index, direction, move_date, None if roundup else pre,
                              sm.subject.kind)
            if sent.index != title and not recap(sent.text, move[0], own, dateline):
                last, last_dir, last_key = (sent.index, move_date, event), direction, sm.subject.key
                if sm.subject.kind == "volatility":  # (the fear gauge stands for stocks' move
                    # the other way: "The VIX fell" is told of a day stocks rose)
                    last_dir = opposite(direction)
                if event is not None and sm.subject.kind != "volatility":
                    by_direction[direction] = event
                    by_calendar.setdefault(calendar, {})[direction] = event
                last_cal = calendar
                firm = {t for t, _ in sm.subject.tickers} if sm.subject.kind == "stock" and (
                    cause_span(sent.text, move[0])) else None
                last_own = (sm.subject.kind == "stock" and not why
                            and not cause_span(sent.text, move[0]))
                lead = lead or last
                if event is not None and sm.subject.key not in told_of:
                    told_of[sm.subject.key] = event
                if sm.subject.kind == "index":
                    market_event, market_dir = event, (direction, sent.index)
        # a pre-event move is "recent" relative to the post-event move of the same sentence
        post = {c.subject.subject.key: c for c in drafted if c.window == (0, 1)}
        for i, c in enumerate(drafted):
            partner = post.get(c.subject.subject.key)
            if c.window == RUN_UP and partner is not None:
                drafted[i] = DraftClaim(c.id, c.subject, c.move, c.direction, c.window,
                                        partner.event, c.sentence, partner.review,
                                        partner.attribution_flagged)
        (headline if sent.index == title else claims).extend(drafted)
    out: list[DraftClaim] = []
    # an agent's own move told elsewhere ("Apple slumped 5 percent after ...") replaces it
    told = {c.subject.subject.key for c in claims if id(c.subject) not in agents}
    claims = [c for c in claims if id(c.subject) not in agents
              or c.subject.subject.key not in told]
    told_at: dict[tuple, int] = {}  # (subject, direction, window) -> sentence last told
    waited: dict[tuple, int] = {}  # (subject, direction) -> sentence of a pre-event claim
    for c in claims or headline:  # a headline sums up its story: used only without one
        key = (c.subject.subject.key, c.direction, c.window, c.event.id if c.event else None)
        if key in seen:  # a headline and its story often report the same move: keep one
            continue
        told_key = (c.subject.subject.key, c.direction, c.window)
        if (c.direction != "any" and 0 < c.sentence.index - told_at.get(told_key, -10) <= 2
                and not own_cause(c)):
            # the same move told again with its figures, no cause of its own: one claim
            continue
        waited_key = (c.subject.subject.key, c.direction)
        if (c.window == REACTION and 0 < c.sentence.index - waited.get(waited_key, -99) <= 6
                and not own_cause(c)):
            # the move just told as made ahead of a happening, told again with its figures
            # (within six sentences: a story's first paragraphs)
            continue
        if c.window[0] == c.window[1] < 0:
            waited[waited_key] = c.sentence.index
        told_at[told_key] = c.sentence.index
        seen.add(key)
        cid = ids(f"{slug(c.subject.subject.key)}-{c.direction}")
        out.append(DraftClaim(cid, c.subject, c.move, c.direction, c.window, c.event,
                              c.sentence, c.review, c.attribution_flagged))
    return out, orphans
