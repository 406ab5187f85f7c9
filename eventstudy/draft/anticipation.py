"""Moves made in anticipation of a happening still ahead: pre-event claims (docs/draft.md).

The convention
--------------
A move is attributed to the news that reached the market before it: a happening still
ahead is never the *cause of a reaction* (:mod:`eventstudy.draft.extract`). A move told
as made in anticipation of a scheduled happening still ahead of it ("Bank shares climbed
on Thursday as investors positioned for the Fed's verdict, due after the closing bell";
"... fell as investors braced for tariffs due at the end of the week"; "Apple shed 1.6%
ahead of its results"), whose cause the sentence does not otherwise give, is a
*pre-event claim* on that happening: event = the happening, window = ``[k, k]`` with
``k < 0`` the move's session counted from the happening's day 0 on the subject's exchange
calendar. Day 0 follows the close-after rule of :func:`eventstudy.calendar.align` (news
after the close, or on a weekend or holiday, has day 0 on the next session): results due
at 16:30 on a Thursday have day 0 on Friday, so a Thursday move ahead of them is
``[-1, -1]``; a Thursday move ahead of a Saturday summit is ``[-2, -2]`` (Thursday,
Friday, then Monday's day 0). Such a claim tests the move the story tells, not the
reaction after the happening.

When the sentence also gives a cause that reached the market ("rose as a pullback in
bond yields eased concerns ahead of Powell's testimony"; "had gained on Wednesday ahead
of the report, as tech shares rallied after the Fed said ..."), that cause is the move's
event with ``[0, 1]``, as for any reaction -- a report *of* the happening ahead ("a boost
from news of the upcoming talks") included.

A move with no cause of its own told right after a pre-event claim, the same way and on
the same session ("JPMorgan gained 1.6%." after the banks' move ahead of the verdict),
is told of the same wait: it carries the happening, with ``k`` counted on its own
calendar (:func:`carried`).

When the happening named cannot be found among the drafted events still ahead, the move
keeps its ordinary attribution and is marked for review (``TODO(human)``).

One mechanism with the run-up window
------------------------------------
"ahead of" and "in the run-up to" also tell a *run-up* told before a later move of the
same subject ("had been beaten down recently by worries ... before rebounding after X"):
the clause words of :data:`~eventstudy.draft.words.PRE_EVENT` give ``[-10, -1]``
(:data:`RUN_UP`, :func:`run_up_window`), on the event of that later move. A pre-event
claim names the happening it waits for and is one session; a run-up names none of its own
and borrows its partner's. A run-up clause whose move has a dated session and a cause that
reached it is a reaction, ``[0, 1]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from eventstudy.calendar.sessions import sessions
from eventstudy.draft.awaited import after_the_close, is_awaited
from eventstudy.draft.doubts import day0, reached
from eventstudy.draft.events import DraftEvent
from eventstudy.draft.moves import moves
from eventstudy.draft.readings import ANTICIPATION, BET, before_present, own_participle
from eventstudy.draft.sessions import own_path
from eventstudy.draft.text import Sentence
from eventstudy.draft.words import CAUSE, PRE_EVENT, cause_span, clause_span, content_words

#: the window of a run-up told as such ("beaten down recently ... before rebounding")
RUN_UP = (-10, -1)
#: the sessions of a week: the farthest the one happening told ahead is taken as waited for
_WEEK = 5
#: the window of a reaction
REACTION = (0, 1)

#: the clause right after the move, opened by people waiting: ", as investors braced for"
_WAITERS = re.compile(
    r"\s*,?\s*(?:as|with|while)\s+(?:many\s+|some\s+|global\s+|local\s+)?(?:investors|traders"
    r"|buyers|sellers|dealers|fund\s+managers|market\s+participants|markets|the\s+market"
    r"|participants)\b", re.IGNORECASE)

_BET = re.compile(BET, re.IGNORECASE)

#: a wait told by what the happening will bring: "waited to hear whether ...", "wagered
#: that ..."
_CONTENT = re.compile(r"\s*(?:whether|if|what|how|that)\b", re.IGNORECASE)

#: a mood about news told before the wait ("as investors grew less worried about a strike
#: and bought bank shares on the eve of their reports"): the news is the first reason
_MOOD_ABOUT = re.compile(
    r"\b(?:worried|worries|worry|concerned|concerns?|fears?|fearful|anxious|anxiety"
    r"|optimistic|optimism|hopeful|hopes?|relieved|relief|upbeat|confident|confidence)"
    r"\s+(?:about|over|that|on|from|at)\b", re.IGNORECASE)

#: an aside naming the leaders of the waiters' buying or selling: "led by Apple"
_LED_BY = re.compile(r"\s*(?:led|driven|paced)\s+by\b[^,;]{1,60}?,", re.IGNORECASE)

#: where the happening's phrase ends: the next clause (not an initial's stop: "China-U.S.
#: trade talks")
_PHRASE_END = re.compile(r"[;:—–]|,\s|(?<!\b[A-Z])\.\s|\.$")

#: a later clause telling another thing ("..., while the standoff over Italy's budget
#: continued to hang over the region"): not the move's cause
_OTHER_CLAUSE = re.compile(r",\s+(?:while|whereas)\b", re.IGNORECASE)


def _own_aside(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a comma aside opened by the mover's own path.

    "U.S. stocks edged higher on Tuesday, recovering from an early dip, as investors
    held back ahead of ...": the aside tells what the market itself did, no news.
    """
    start = text.rfind(", ", 0, pos)
    return start >= 0 and own_participle(text[start + 2:pos + 1])


def _gap_cause(text: str, start: int, end: int) -> bool:
    """Whether a cause cue between the move and its waiters' clause names news."""
    return any(not _own_aside(text, m.start()) for m in CAUSE.finditer(text, start, end))


@dataclass(frozen=True)
class Anticipation:
    """A move told as made ahead of a happening: the cue and the happening's phrase."""

    cue: tuple[int, int]
    phrase: tuple[int, int]
    #: where the happening's telling ends: the sentence's end, or its ", while" clause
    end: int

    def cue_text(self, text: str) -> str:
        """Return the cue's words in ``text`` (its sentence), spaces normalised."""
        return " ".join(text[self.cue[0]:self.cue[1]].split())


@dataclass(frozen=True)
class PreEvent:
    """A pre-event claim: the happening ahead, the window ``(k, k)`` and review notes."""

    event: DraftEvent
    window: tuple[int, int]
    review: tuple[str, ...] = ()


def told_ahead(text: str, move_pos: int) -> Anticipation | None:
    """Return the anticipation a move is told as made in, when it has no other cause.

    The cue (:data:`~eventstudy.draft.readings.ANTICIPATION`) must be the move's first
    reason: in the move's own clause ("Apple shed 1.6% ahead of its results") or in the
    clause right after it, opened by people waiting ("..., as investors positioned for the
    Fed's verdict").
    A cause cue of the sentence outside the happening's phrase
    (:data:`~eventstudy.draft.words.CAUSE`, :func:`~eventstudy.draft.words.cause_span`:
    "after", "on news", an "as" clause whose subject is news, ...) gives the move another
    cause, which makes it a reaction -- except in a ", while ..." clause, which tells
    another thing.

    Parameters
    ----------
    text
        The sentence.
    move_pos
        Offset of the move word in ``text``.

    Returns
    -------
    Anticipation or None
    """
    _, ce = clause_span(text, move_pos)
    m = ANTICIPATION.search(text, move_pos, ce) or before_present(text, move_pos, ce)
    if m is None:
        # (past an apposition of the move's own: "closed down 0.6 per cent at 20,987.92, its
        # lowest close in nearly nine months, as investors turned cautious before ...")
        w = _WAITERS.search(text, ce)
        between = [] if w is None else [m for m in moves(text[move_pos:w.start()])
                                        if not _own_aside(text, move_pos + m[0])]
        # (members moving the same way between: "fell 0.4 percent, with JPMorgan down 0.6
        # percent and Goldman down 0.5 percent, as traders trimmed positions ahead of ...")
        if w is None or _gap_cause(text, move_pos, w.start()) or any(
                m[3] != between[0][3] for m in between[1:]):
            return None
        end = _PHRASE_END.search(text, w.end())
        m = ANTICIPATION.search(text, w.end(), end.start() if end else len(text)) or (
            before_present(text, w.end(), end.start() if end else len(text)))
        if m is None and end is not None and _LED_BY.match(text, end.end()):
            # "as investors bid up technology shares, led by Apple, ahead of ...": past the
            # aside naming the leaders
            aside = _PHRASE_END.search(text, end.end())
            m = ANTICIPATION.match(text, aside.end()) if aside and aside.group(0).startswith(
                ",") else None
        if m is None:
            return None
    if _MOOD_ABOUT.search(text, move_pos, m.start()):
        return None  # the wait is not the move's first reason
    end = _PHRASE_END.search(text, m.end())
    phrase = (m.end(), end.start() if end else len(text))
    if _CONTENT.match(text, m.end()):
        # "waited to hear whether Catalonia's president, Carles Puigdemont, would declare
        # independence from Spain in a speech this evening": the wait's clause is the
        # happening's telling to its end, commas and all
        end = re.compile(r"[;:—–]|,\s+(?:while|whereas|but)\b|\.\s|\.$").search(text, m.end())
        phrase = (m.end(), end.start() if end else len(text))
    other = _OTHER_CLAUSE.search(text, move_pos)
    limit = other.start() if other else len(text)
    span = cause_span(text, move_pos)
    if span is not None and span[0] < limit and not phrase[0] <= span[0] <= phrase[1]:
        return None
    if CAUSE.search(text, phrase[1], limit) is not None:
        return None
    return Anticipation((m.start(), m.end()), phrase, limit)


@functools.lru_cache(maxsize=4096)
def sessions_before(calendar: str, move_date: dt.date, day_0: dt.date) -> int:
    """Count the sessions of ``calendar`` from the move's day up to, not including, day 0."""
    if day_0 <= move_date:
        return 0
    return sum(1 for d in sessions(calendar, move_date, day_0) if d.date() < day_0)


def _window(ev: DraftEvent, calendar: str, move_date: dt.date) -> tuple[int, int] | None:
    """Return ``(k, k)`` of a move on ``move_date`` before the event's day 0 (None: not ahead)."""
    n = sessions_before(calendar, move_date, day0(ev, calendar))
    return (-n, -n) if n else None


def pre_event(events: list[DraftEvent], postings: dict[str, list[int]],
              in_sentence: Sequence[int], text: str, sentence: int, told: Anticipation,
              calendar: str, move_date: dt.date, ignore: set[str] | frozenset[str],
              memo: dict[tuple[str, dt.date, int], list[int]] | None = None,
              only: bool = True) -> PreEvent | None:
    """Return the pre-event claim of a move told as made ahead of a drafted happening.

    Each event still ahead of the move (day 0 on ``calendar`` after the move's session)
    scores the content words it shares with the happening's phrase; the most words win,
    then the nearest day 0. One shared word, or a tie, is marked for review. An event
    dated in the sentence after the cue ("before the Fed's decision, due in the early
    hours of Thursday") is the happening, before any word is counted.

    Parameters
    ----------
    events, postings, in_sentence
        The drafted events, their index by content word and the events told in the move's
        sentence (:class:`eventstudy.draft.extract.EventIndex`).
    text, sentence
        The move's sentence and its index.
    told
        Its anticipation (:func:`told_ahead`).
    calendar
        The subject's exchange calendar.
    move_date
        The move's session.
    ignore
        Words that name no happening (the subject's aliases, move words).
    memo
        The events within a week ahead, by calendar and session (:func:`only_ahead`).
    only
        When no event shares a word, fall back on the only event still ahead
        (:func:`only_ahead`); ``False`` leaves that to the caller.

    Returns
    -------
    PreEvent or None
        None when no event still ahead shares a word with the phrase.
    """
    scores: dict[int, int] = {}
    for w in content_words(text[told.phrase[0]:told.phrase[1]]) - ignore:
        for i in postings.get(w, ()):
            scores[i] = scores.get(i, 0) + 1
    ranked = sorted(((n, win[0], i) for i, n in scores.items()
                     if (win := _window(events[i], calendar, move_date)) is not None),
                    key=lambda t: (-t[0], -t[1], t[2]))
    cue = told.cue_text(text)
    here = sorted((r.start, i) for i in in_sentence
                  for s, r in events[i].mentions or ((events[i].sentence, events[i].ref),)
                  if s.index == sentence and told.cue[1] <= r.start - s.start < told.end)
    for _, i in here:
        # "... before the Fed's decision on interest rates, due in the early hours of
        # Thursday Tokyo time": the date told with the happening dates it
        win = _window(events[i], calendar, move_date)
        if win is not None:
            return PreEvent(events[i], win)
    if _BET.match(cue):  # (a bet names its happening by its date)
        return None
    if not ranked:
        return only_ahead(events, calendar, move_date, cue,
                          {} if memo is None else memo) if only else None
    n, k, i = ranked[0]
    ev = events[i]
    review = []
    if len(ranked) > 1 and ranked[1][0] == n:
        review.append(f"told as made '{cue}' a happening ahead; '{ev.id}' and "
                      f"'{events[ranked[1][2]].id}' share as many words with it -- choose")
    elif n < 2:
        review.append(f"told as made '{cue}' a happening ahead; '{ev.id}' shares one word with "
                      "it -- check that it is the happening")
    return PreEvent(ev, (k, k), tuple(review))


def only_ahead(events: list[DraftEvent], calendar: str, move_date: dt.date, cue: str,
               memo: dict[tuple[str, dt.date, int], list[int]]) -> PreEvent | None:
    """Return the one drafted event still ahead of the move, marked, when it is the only one.

    "... as investors held back ahead of a closely watched inflation report" + "The
    consumer-price index is scheduled for release at 8:30 a.m. on Wednesday": the story
    names its happening in other words; the only happening it tells still ahead of the
    move is the one waited for.
    """
    # (a wait is for the days just ahead; the scan is made once per session and calendar,
    # so an article's waits stay linear in its events)
    key = (calendar, move_date, len(events))
    if key not in memo:
        memo[key] = [i for i, e in enumerate(events)
                     if (w := _window(e, calendar, move_date)) is not None and w[0] >= -_WEEK]
    if len(memo[key]) != 1:
        return None
    ev = events[memo[key][0]]
    win = _window(ev, calendar, move_date)
    assert win is not None
    return PreEvent(ev, win, (
        f"told as made '{cue}' a happening ahead; no event shares a word with it, and "
        f"'{ev.id}' is the only event told still ahead -- check that it is the happening",))


def no_cause(text: str, move_pos: int) -> bool:
    """Whether the move at ``move_pos`` names no cause: none, or its own path.

    "The Hang Seng Index fell 0.9 per cent, after rising as much as 0.9 per cent in the
    morning": what the market itself did is no news.
    """
    span = cause_span(text, move_pos)
    if span is None:
        return True
    head = text[span[0]:span[0] + 40]
    return own_participle(head) or own_path(head.lstrip())


def carried(previous: PreEvent, calendar: str | None, move_date: dt.date) -> PreEvent | None:
    """Carry a pre-event claim to a move told right after it with no cause of its own.

    ``k`` is counted again on the move's own calendar; None when the happening is not
    ahead of the move there.
    """
    if calendar is None:
        return None
    window = _window(previous.event, calendar, move_date)
    if window is None:
        return None
    return PreEvent(previous.event, window, (
        f"the cause is not named; drafted as the claim just before, made ahead of "
        f"'{previous.event.id}' (pre-event window {list(window)}) -- check",))


class Waits:
    """The pre-event claims of one article, in order (used by :func:`~.extract.find_claims`).

    Parameters
    ----------
    events, postings, by_sentence
        The drafted events, their index by content word and by sentence
        (:class:`eventstudy.draft.extract.EventIndex`).
    """

    def __init__(self, events: list[DraftEvent], postings: dict[str, list[int]],
                 by_sentence: dict[int, list[int]], quotes: frozenset[int] = frozenset()
                 ) -> None:
        self.events, self.postings, self.by_sentence = events, postings, by_sentence
        #: the sentences opening with a quotation mark: a participant's words, no news
        self.quotes = quotes
        #: the sentences of moves told the other way between a wait and the moves after it
        self.asides: set[int] = set()
        #: the last claim, when it is a pre-event claim: (sentence, direction, session, claim)
        self.last: tuple[int, str, dt.date, PreEvent] | None = None
        #: a wait told of a market no subject maps ("Stocks in Asia rose as investors looked
        #: ahead to ..."): (sentence, direction, session, its text, its wait)
        self.unmapped: tuple[int, str, dt.date, str, Anticipation] | None = None
        #: the story's first index claim, when it is a pre-event claim: (direction, session,
        #: claim)
        self.lead: tuple[str, dt.date, PreEvent] | None = None
        self.lead_told = False
        #: the happenings drafted from a wait's words, by the phrase's offset
        self.awaited: dict[int, DraftEvent] = {}
        #: the events within a week ahead, by (calendar, session, events drafted)
        self.memo: dict[tuple[str, dt.date, int], list[int]] = {}

    def market(self, text: str, sentence: int, move_pos: int, direction: str,
               move_date: dt.date) -> None:
        """Record the wait of a market-wide move whose market no subject maps.

        "Stocks in Asia mostly rose on Monday as investors looked ahead to Tuesday's
        summit." + "Japan's Nikkei 225 closed 0.5 percent higher.": the index told right
        after with no cause of its own waits for the same happening, ``k`` on its calendar.
        """
        told = told_ahead(text, move_pos)
        self.unmapped = (sentence, direction, move_date, text, told) if told else None

    def claim(self, sent: Sentence, move_pos: int, direction: str,
              calendar: str | None, move_date: dt.date, ignore: set[str] | frozenset[str],
              carries: bool) -> tuple[PreEvent | None, Anticipation | None]:
        """Return the move's pre-event claim (or None) and the wait it is told with.

        A move told as made ahead of a happening (:func:`told_ahead`) gets the happening
        (:func:`pre_event`); a move with no wait and no cause of its own (:func:`no_cause`)
        told within two sentences of a pre-event claim, the same way on the same session,
        carries it (:func:`carried`) when ``carries`` (not a headline, not a volatility
        index). A happening no drafted event names, told in the wait as due after the
        day's close, is drafted from the wait's words
        (:func:`~eventstudy.draft.awaited.after_the_close`) and added to the events.
        """
        text, sentence = sent.text, sent.index
        told = told_ahead(text, move_pos) if calendar is not None else None
        if told is not None and calendar is not None:
            pre = pre_event(self.events, self.postings, self.by_sentence.get(sentence, []),
                            text, sentence, told, calendar, move_date, ignore, self.memo,
                            only=False)
            if pre is None and _BET.match(text, *told.cue):
                return None, None  # a bet on no happening told ahead: a view, no wait
            if pre is None:
                # "ahead of Alphabet's results after the closing bell": a happening told
                # with its own time, shared by no event, is its own before it is the only
                # one still ahead
                pre = self._awaited(sent, told, calendar, move_date)
            if pre is None:
                pre = only_ahead(self.events, calendar, move_date,
                                 told.cue_text(text), self.memo)
            elif is_awaited(pre.event) and not pre.review:
                pre = PreEvent(pre.event, pre.window, pre.event.review)  # (still a guess)
            if pre is None and carries:
                # "... rallied on the eve of the Fed's decision. Financial stocks led the
                # advance as traders positioned for higher rates": a wait naming no
                # drafted happening, told right after a wait the same way on the same
                # session, is told of that one's happening
                pre = self._carry(sentence, direction, calendar, move_date)
            return pre, told
        u, self.unmapped = self.unmapped, None
        if (told is None and u is not None and carries and calendar is not None
                and sentence - u[0] <= 2 and u[1] == direction and u[2] == move_date
                and no_cause(text, move_pos)):
            pre = pre_event(self.events, self.postings, self.by_sentence.get(u[0], []), u[3],
                            u[0], u[4], calendar, move_date, ignore, self.memo)
            if pre is not None:
                self.unmapped = u  # (every index of the market's round-up)
                return PreEvent(pre.event, pre.window, pre.review + (
                    "the cause is not named; drafted as the market's move told just before, "
                    f"made ahead of '{pre.event.id}' -- check",)), None
        if told is None and carries and no_cause(text, move_pos):
            return self._carry(sentence, direction, calendar, move_date), None
        return None, told

    def beside_market(self, sent: Sentence, pos: int, direction: str, calendar: str | None,
                      move_date: dt.date, ignore: set[str] | frozenset[str]) -> None:
        """Record the wait of a mover told only against the market's move.

        "Bank stocks outperformed the broader market as investors positioned for the
        lenders' results, due on Tuesday." + "Citigroup rose 2 percent.": the sentence
        drafts no claim (no move of its own), but its wait carries to the moves without a
        cause of their own told right after it, the market's way on the same session.
        """
        told = told_ahead(sent.text, pos) if calendar is not None else None
        if told is None or calendar is None:
            return
        pre = pre_event(self.events, self.postings, self.by_sentence.get(sent.index, []),
                        sent.text, sent.index, told, calendar, move_date, ignore, self.memo)
        if pre is not None:
            self.last = (sent.index, direction, move_date, pre)

    def _carry(self, sentence: int, direction: str, calendar: str | None,
               move_date: dt.date) -> PreEvent | None:
        """Carry the wait just before to a move the same way on the same session."""
        w = self.last
        if (w is not None and self._apart(w[0], sentence) <= 2 and w[1] == direction
                and w[2] == move_date):
            return carried(w[3], calendar, move_date)
        return None

    def _apart(self, first: int, sentence: int) -> int:
        """Sentences from ``first`` to ``sentence``, not counting the quotes between."""
        n = sentence - first
        return n if n > 6 else n - sum(1 for i in range(first + 1, sentence)
                                       if i in self.quotes or i in self.asides)

    def _awaited(self, sent: Sentence, told: Anticipation, calendar: str,
                 move_date: dt.date) -> PreEvent | None:
        """Draft the happening of a wait no event names, told as due after the close.

        The event (one per phrase, shared by every move of the sentence) joins the
        article's events and their word index.
        """
        start = sent.start + told.phrase[0]
        ev = self.awaited.get(start)
        if ev is None:
            ev = after_the_close(sent, told.phrase, calendar, move_date,
                                 (e.id for e in self.events))
            if ev is None:
                return None
            for w in ev.words:
                self.postings.setdefault(w, []).append(len(self.events))
            self.events.append(ev)
            self.awaited[start] = ev
        window = _window(ev, calendar, move_date)
        return PreEvent(ev, window, ev.review) if window is not None else None

    def drafted(self, sentence: int, direction: str, move_date: dt.date,
                pre: PreEvent | None, kind: str = "") -> None:
        """Record the claim just drafted (a story's claim, not a headline's).

        The story's first index claim is its market's lead (:meth:`fear_gauge`).
        """
        w = self.last
        if (pre is None and w is not None and {direction, w[1]} == {"up", "down"}
                and move_date == w[2]):
            # "... as bank shares rallied on the eve of the Fed's decision. ... The Nasdaq
            # fell 0.2 percent. ... Goldman Sachs climbed 3 percent": a move the other way
            # told between, with no wait of its own, is an aside -- the wait still carries
            # to the moves its way after it, and the aside's sentence does not count apart
            self.asides.add(sentence)
        else:
            self.last = (sentence, direction, move_date, pre) if pre is not None else None
        if kind == "index" and not self.lead_told:
            self.lead_told = True
            self.lead = (direction, move_date, pre) if pre is not None else None

    def fear_gauge(self, text: str, move_pos: int, direction: str, calendar: str | None,
                   move_date: dt.date) -> PreEvent | None:
        """Carry the market's lead wait to a volatility index moving against it.

        "U.S. stocks edged higher on Tuesday as investors held back ahead of the inflation
        report." ... "The Cboe Volatility Index fell 2.5%.": the fear gauge's move with no
        cause of its own, against the market's on the same session, is told of the same
        wait, wherever the story tells it (marked).
        """
        lead = self.lead
        if (lead is None or direction not in ("up", "down") or direction == lead[0]
                or lead[1] != move_date or not no_cause(text, move_pos)):
            return None
        return carried(lead[2], calendar, move_date)


def unfound(text: str, told: Anticipation) -> str:
    """Return the review note of a move told ahead of a happening no drafted event names."""
    phrase = " ".join(text[told.phrase[0]:told.phrase[1]].split())[:70]
    return (f"told as made '{told.cue_text(text)} {phrase}', "
            "which no drafted event still ahead of the move names: if it is a scheduled "
            "happening, add it and make this a pre-event claim on it (window [k, k], k the "
            "move's session counted from its day 0) -- check")


def run_up_window(text: str, move_pos: int, move_end: int, dated: bool,
                  event: DraftEvent | None, calendar: str | None,
                  move_date: dt.date) -> tuple[int, int]:
    """Return ``[-10, -1]`` for a move whose clause tells a run-up, else ``[0, 1]``.

    A dated move told "ahead of" news but caused by earlier news that reached it ("had
    gained 3.8% on Wednesday ahead of the report, as tech shares rallied after the Fed
    said ...") is a reaction.
    """
    cs, ce = clause_span(text, move_pos)
    if PRE_EVENT.search(text, cs, ce) is None:
        return REACTION
    if dated and event is not None and CAUSE.search(text, move_end) and reached(
            event, calendar, move_date):
        return REACTION
    return RUN_UP
