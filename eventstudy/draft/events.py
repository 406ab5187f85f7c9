"""Candidate events: which time references date a happening, their times, and merging.

This module holds :class:`DraftEvent` and :func:`find_events`, which runs the two
passes (dated events: :mod:`eventstudy.draft.dated`; undated causes:
:mod:`eventstudy.draft.causes`), times what is left, and merges.

Rules (documented with examples in docs/draft.md)
-------------------------------------------------
Dated events
    A date reference outside the clause of a market-move word dates an event
    (one inside it, "stocks slipped on Monday", dates the move). In one
    sentence, references resolved to the same day give one event, and a range
    holding a day of the same sentence ("this week ... tomorrow") gives way to
    that day. When a sentence dates several things and one follows a speech
    verb ("said on Thursday that ... talks in the week of Jan. 7"), that one is
    the *announcement*.
Undated causes
    A move word followed by a cause cue ("fell on Wednesday after the company
    cut its forecast") whose cause text holds no date, and shares no content
    word with an event already found, is an event of its own: dated by the
    move's date (its clause, else the previous sentence's move, else the
    dateline) and always marked for review. A market's own path ("after being
    down earlier in the session") and a mood ("helped by hopes for ...") are
    not events.
Times of day
    A time in a sentence with dated events goes to the nearest single-day event
    of that sentence; a time inside an undated cause goes to that cause's
    event; a time in a sentence without dates times the previous event when it
    has no time yet and the sentence is about it (shared word, back-reference,
    or the same kind of news as an undated cause: "report" ... "report"), else
    starts a new event on the previous event's day (marked). A time in a move
    clause ("fell in after-hours trading") times nothing.
Merging (one event per happening)
    :mod:`eventstudy.draft.merge`.
The headline (a first sentence without closing punctuation) dates nothing.
Undated tellings and news, and "at midnight", are :mod:`eventstudy.draft.news`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventstudy.draft.causes import (
    _ANAPHOR,
    _BACK,
    _CAUSE_BACK,
    _dates_anaphor,
    _implied_events,
    _same_news,
)
from eventstudy.draft.dated import (
    _SINCE_BEFORE,
    _THAT_DAY,
    _dated_events,
    _dates_nothing,
    _opening_date,
    _when_move,
    across_cause,
    background_date,
    given_back,
    relative,
)
from eventstudy.draft.framing import weekday_before
from eventstudy.draft.merge import ALSO, merge, opens_with_new_doer, opens_with_news_of_new_doer
from eventstudy.draft.moves import moves
from eventstudy.draft.news import (
    Happening,
    days_from,
    inside,
    is_midnight,
    midnight_event,
    undated_announcement,
    undated_news,
)
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import (
    dated_ahead,
    past_perfect,
    reads_forward,
)
from eventstudy.draft.sessions import (
    record_date,
)
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import TimeOfDay, market_named
from eventstudy.draft.words import UniqueIds, content_words, keyword, slug, title_of


@dataclass(frozen=True)
class DraftEvent:
    """A candidate event: one happening, with every reference to it.

    Attributes
    ----------
    id, title
        Drafted identifier and title.
    ref
        The first date reference (for an undated cause: a reference of kind
        ``implied`` spanning the cause text).
    sentence
        The sentence of ``ref``.
    announcement
        The reference follows a speech verb in a sentence dating something else.
    review
        Questions for a human (``TODO(human)``).
    time
        The time of day, when the text gives one.
    mentions
        Every ``(sentence, reference)`` merged into this event, ``ref`` first.
    words
        Content words naming the happening (its clause in a move sentence, else its
        sentence, or the cause text), used to attribute moves.
    """

    id: str
    title: str
    ref: TimeRef
    sentence: Sentence
    announcement: bool = False
    review: tuple[str, ...] = ()
    time: TimeOfDay | None = None
    mentions: tuple[tuple[Sentence, TimeRef], ...] = ()
    words: frozenset[str] = frozenset()

    @property
    def implied(self) -> bool:
        """Whether the event is an undated cause dated by its move."""
        return self.ref.kind == "implied"

    @property
    def when(self) -> dt.date | dict[str, dt.date] | str:
        """The study-file ``when``: a date, ``{from, to}``, or ``"YYYY-MM-DDTHH:MM"``."""
        if self.time is not None and not self.ref.is_range and self.time.timezone:
            return f"{self.ref.first:%Y-%m-%d}T{self.time.time:%H:%M}"
        return self.ref.when

    @property
    def timezone(self) -> str | None:
        """The zone of :attr:`when` when it has a time."""
        return self.time.timezone if self.time is not None and isinstance(self.when, str) else None


def is_headline(sentences: list[Sentence]) -> bool:
    """Whether the first sentence is a headline (no closing punctuation)."""
    return bool(sentences) and sentences[0].text.rstrip()[-1:] not in ".!?\"'”’)"

_SAME_TIME = re.compile(r"\bat\s+the\s+same\s+time\b(?:\s+as\s+(?P<name>[A-Z][\w&.-]*))?")


def _home_market(body: list[Sentence], city: str | None) -> str | None:
    """Return the story's own market: the lead mover's, the dateline city's, the first named."""
    lead = next((s for s in body if moves(s.text)), None)
    if lead is not None and (m := market_named(lead.text[:moves(lead.text)[0][0]])):
        return m
    if city and (m := market_named(city.split("/")[0].strip().title())):
        return m
    return next((m for s in body if (m := market_named(s.text))), None)


#: the lead's own move told "overnight" before any cause: "Wall Street finished higher
#: overnight as ..." (not "Asian stocks rose, tracking Wall Street's gains overnight")
_OVERNIGHT_HEAD = re.compile(r"^(?:(?!\b(?:as|after|tracking|following|on|while|when|but)\b)"
                             r"[^,;:])*?\bovernight\b", re.IGNORECASE)


def _overnight_session(lead: str, dateline: dt.date) -> dt.date | None:
    """Return the session before the dateline when the lead tells its move "overnight".

    A newsroom far from the market (Sydney, Tokyo) writes the next morning: "Wall Street
    finished higher overnight" is the previous weekday's session, and so is its undated
    news ("after it beat forecasts before the opening bell"). ``None`` otherwise.
    """
    if not _OVERNIGHT_HEAD.search(lead) or not moves(lead):
        return None
    return weekday_before(dateline)


def find_events(
    sentences: list[Sentence],
    refs: dict[int, list[TimeRef]],
    times: dict[int, list[TimeOfDay]],
    clauses: dict[int, list[tuple[int, int]]],
    dateline: dt.date,
    city: str | None = None,
) -> list[DraftEvent]:
    """Candidate events of the article, merged, in order of first mention.

    ``city`` is the wire dateline's city: its market is the story's own market when the
    lead's mover names none ("TOKYO ... - Asian shares tumbled ..., tracking a rout on
    Wall Street": Tokyo's, not Wall Street's).
    """
    skip = 0 if is_headline(sentences) else -1
    body = [s for s in sentences if s.index != skip]
    dated: dict[int, list[Happening]] = {}
    left: dict[int, list[TimeOfDay]] = {}
    home = _home_market(body, city)
    for sent in body:  # pass 1: dated events, so an undated cause can be matched to any
        dated[sent.index], left[sent.index] = _dated_events(
            sent, refs.get(sent.index, []), times.get(sent.index, []),
            clauses.get(sent.index, []), home)
    all_dated = [e for k in dated for e in dated[k]]
    by_word: dict[str, list[Happening]] = {}
    for e in all_dated:  # only the events whose date dates "the announcement/report"
        if _dates_anaphor(e):
            for w in e.words:
                by_word.setdefault(w, []).append(e)
    built: list[Happening] = []
    story_day = _overnight_session(body[0].text, dateline) if body else None
    base_day: tuple[dt.date, str] = ((story_day, "the session the lead tells 'overnight'")
                                     if story_day is not None else (dateline, "the dateline"))
    move_day: tuple[dt.date, str] = base_day
    last_move_sentence = -10
    carry = True
    for sent in body:  # pass 2: undated causes and times without dates, in text order
        srefs, spans = refs.get(sent.index, []), clauses.get(sent.index, [])
        own = [r for r in srefs if inside(r.start - sent.start, spans) and not r.is_range
               and not record_date(sent.text, r.start - sent.start)
               # "slipped before the lenders open their books on Friday": the happening's
               # day still ahead, not the move's
               and not dated_ahead(sent.text, r.start - sent.start)
               # "extending their losses since the crash ... on March 10": a span's start,
               # not the move's session
               and not _SINCE_BEFORE.search(sent.text, 0, r.start - sent.start)
               # "gave back a chunk of Monday's rally": the session given back, not the move's
               and not given_back(sent.text, r, sent.start)]
        opening = [] if own else _opening_date(sent, srefs, spans)
        if not own and not opening:
            # "a sharp turnaround from Friday, when the Dow fell ... after Flynn pleaded
            # guilty": the when-clause's move is that day's, and so is its undated cause
            opening = [r for r in srefs if _when_move(sent.text, r, sent.start, spans)]
        if not own and not opening and any(
                _THAT_DAY.search(sent.text, a, b + 16) for a, b in spans):
            # "The S&P 500 lost 1.9% that day, ... after ...": the day the sentence before
            # named (its last day)
            opening = [r for r in refs.get(sent.index - 1, []) if not r.is_range][-1:]
        if own or opening:
            r0 = (own or opening)[0]
            move_day = (r0.first, f"the move's date '{' '.join(r0.text.split())}'")
        elif sent.index - last_move_sentence > 1 or not carry:
            move_day = base_day
        # (a date opening the sentence -- "In New York on Tuesday, the Dow fell" -- is
        # that sentence's own; the next sentence's move does not inherit it)
        carry = not opening
        if spans:
            last_move_sentence = sent.index
        built.extend(dated[sent.index])
        built.extend(days_from(sent, dated[sent.index]))
        extra, bare, caused = _implied_events(sent, srefs, left[sent.index], spans, all_dated,
                                      move_day, dated, by_word, times.get(sent.index, []))
        if not extra:
            extra = undated_announcement(sent, dated[sent.index], spans, move_day, dated)
        if not extra and not dated[sent.index] and not caused:
            extra = undated_news(sent, spans, move_day, built[-1] if built else None,
                                 lead=sent is body[0])
        built.extend(extra)
        live = [r for r in srefs if not _dates_nothing(sent.text, r.start - sent.start)]
        # a time without a date in its sentence -- or whose sentence's dates all lie
        # across a cause cue, the background's: time the previous event, else start a new
        # one on its day
        for t in [t for t in bare if not live or (not spans and all(
                background_date(sent.text, t, r, sent.start) for r in live)) or all(
                relative(sent.text, t.start - sent.start, r.start - sent.start) is not None
                for r in live)]:  # (or all told in a relative clause after it: another's)
            prev = built[-1] if built else None
            # (not a sentence opening with a doer the event's sentence does not name:
            # "Netflix was due to report ..." after "A Commerce Department report showed")
            about = prev is not None and not opens_with_new_doer(sent.text, prev) and (
                bool(content_words(sent.text) & prev.words) or _BACK.match(sent.text)
                or _ANAPHOR.search(sent.text) or _CAUSE_BACK.search(sent.text)
                or _same_news(sent.text, prev))
            if is_midnight(t) and reads_forward(sent.text, t.start - sent.start):
                # "before government funding runs out at midnight": the coming midnight
                built.append(midnight_event(sent, t, dateline))
                continue
            if prev is not None and is_midnight(t) and not prev.ref.is_range:
                built.append(midnight_event(sent, t, prev.ref.first))
                continue
            apart = prev is not None and prev.sentence is sent and relative(
                sent.text, t.start - sent.start, prev.ref.start - sent.start) is not None
            if ALSO.search(sent.text, 0, t.start - sent.start) or apart:
                about = False  # "which also reported results before the bell": another one
            ahead = reads_forward(sent.text, t.start - sent.start)
            # (a clock told in the past does not time a happening still ahead of the story:
            # "PepsiCo reported before the opening bell" after the banks' results "on Friday")
            if prev is not None and prev.time is None and not prev.ref.is_range and about and not (
                    prev.sentence is sent and prev.ref.kind != "implied"
                    and across_cause(sent.text, t, prev.ref, sent.start)) and not (
                    prev.ref.first > dateline and not ahead):
                prev.time = t
                continue
            # a new happening told by its time alone ("Netflix reported results after the
            # close"): the story's day, not the day of an unrelated event told before it
            # (a range told before -- "last week" -- has no one day to lend), nor of its own
            # sentence's background told after a cause cue ("voted around midday ... after
            # provisions ran afoul of Senate rules late Tuesday")
            near = prev is not None and not prev.ref.is_range and not apart and (
                about or (sent.index - prev.sentence.index <= 1
                          and not opens_with_news_of_new_doer(sent.text, prev)
                          and not opens_with_new_doer(sent.text, prev))) and not (
                prev.sentence is sent and prev.ref.kind != "implied"
                and across_cause(sent.text, t, prev.ref, sent.start))
            if near and not about and prev is not None and past_perfect(
                    prev.sentence.text, been=False):
                # "On Tuesday, the Dow had jumped 255.93 points." then "The Commerce
                # Department said before the opening bell that ...": a day recalled in the
                # past perfect lends its date to no clock told after it
                near = False
            if near and prev is not None and prev.ref.first > dateline and not ahead:
                # "... racing to pass before Christmas." then "Yellen told reporters at a
                # news conference, which began at 2:30 p.m.": a clock told in the past is
                # not on a day still ahead of the story
                near = False
            day = prev.ref.first if near and prev is not None and not ahead else (
                dateline if ahead else move_day[0])
            how = ("the dateline (told ahead: a schedule)" if ahead else
                   "the previous event's day" if near else move_day[1])
            ts, te = t.start - sent.start, t.end - sent.start
            ref = TimeRef(text=t.text, sentence=sent.index, start=t.start, end=t.end,
                          kind="time", first=day, last=day, rule=f"time without a date: {how}",
                          review=f"'{t.text}' has no date; {day:%Y-%m-%d} ({how}) was used -- "
                          "check")
            built.append(Happening(ref, sent, keyword(sent.text),
                                   content_words(sent.text[:ts] + sent.text[te:]),
                                   title_of(sent, []), review=[ref.review], time=t,
                                   mentions=[(sent, ref)]))
    timed: dict[dt.date, list[Happening]] = {}
    for ev in built:  # "at the same time (as Tesla)": the time of that day's news told before
        same = _SAME_TIME.search(ev.sentence.text)
        if ev.time is None and not ev.ref.is_range and same and timed.get(ev.ref.first):
            prior = timed[ev.ref.first]
            named = [p for p in prior if same.group("name") and same.group("name")
                     in p.title]
            ev.time = (named or prior)[-1].time
        if ev.time is not None and not ev.ref.is_range:
            timed.setdefault(ev.ref.first, []).append(ev)
    ids = UniqueIds()
    out = []
    for ev in merge(built):
        base = f"{ev.key}-announced" if ev.announcement else ev.key
        eid = ids(f"{slug(base)}-{ev.ref.first:%Y-%m-%d}")
        review = list(ev.review) + ([ev.time.review] if ev.time and ev.time.review else [])
        if ev.time is not None and ev.time.timezone is None:
            review.append(f"'{ev.time.text}' has no time zone: the time was dropped; set "
                          "when and timezone by hand")
        out.append(DraftEvent(eid, ev.title, ev.ref, ev.sentence, ev.announcement,
                              tuple(dict.fromkeys(review)), ev.time, tuple(ev.mentions),
                              frozenset(ev.words)))
    return out
