"""Attribution: the event a move is drafted against (docs/draft.md, "Attribution").

Split from :mod:`eventstudy.draft.extract` after round 25 (that module had grown past
700 lines): :class:`EventIndex` and :func:`attribute` choose, for one move, the news
that reached the market before it; :func:`eventstudy.draft.extract.find_claims` finds
the moves and calls them.

The move's date is the date in its clause, else that of a move up to two sentences
before, else the dateline. Candidates are the events that reached the market by then:
day 0 on the subject's exchange calendar (:func:`eventstudy.calendar.align`,
close-after rule) on or before the move's date -- so never a later reaction, never news
after that day's close and never the future event itself as the cause of a reaction,
only its announcement or report (a move told as made in anticipation of it is a
pre-event claim on it, :mod:`eventstudy.draft.anticipation`). A shared name
(capitalised word not starting a sentence, not part of a market's name) counts twice.
The cause text follows the first cause cue (from, after, following, on news/hopes/...,
amid, due to, over, ...) after the move word, else it is the whole sentence; each
candidate scores the content words it shares with the cause. The highest score wins,
then the latest date, then the nearest sentence, then the non-announcement. When no
candidate shares a word (the cause is not named), the event of the previous claim is
kept if it is a candidate ("Hong Kong stocks fell 1.5%."), else the latest candidate;
either way marked. The latest-candidate fallback takes only news that reached the move's
session (after-hours moves excepted), not a remark about the move and not another story
("Elsewhere, ..."). Among candidates sharing as many words, the news the sentence dates
inside its cause comes first. Also marked: no candidate at all, a tie between
sentences, a later event the cause names as well, a tie only the date broke, an event
told only after a sentence naming no cause, news a week or more before the move,
another cause the sentence names before the one read and sharing no word with the event
chosen (:mod:`eventstudy.draft.doubts`; the calibration in docs/draft.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from eventstudy.draft.assets import Subject
from eventstudy.draft.causes import OWN_LEVEL
from eventstudy.draft.clauses import clause_at, split_clauses
from eventstudy.draft.compared import against_market
from eventstudy.draft.doubts import doubts, other_cause, own_news, reached
from eventstudy.draft.events import DraftEvent
from eventstudy.draft.moves import AMOUNT_VERBS, DOWN_WORDS, UP_WORDS
from eventstudy.draft.readings import (
    AFTER_HOURS,
    own_participle,
)
from eventstudy.draft.sessions import (
    contrast_start,
    without_market_moves,
)
from eventstudy.draft.text import Sentence
from eventstudy.draft.words import (
    as_news,
    cause_span,
    clause_span,
    content_words,
    strip_refs,
    words,
)

_HOLIDAY = re.compile(
    # (not a season of trade: "better-than-expected holiday sales", "the holiday quarter")
    r"\bholidays?\b(?!\s+(?:sales|season|shopping|quarter|spending|period|orders|demand))"
    r"|\bmourning\b|\b(?:will\s+be|were|are|was|remain(?:ed)?)\s+(?:closed|shut)\b"
    r"|\b(?:closed|shut)\s+for\b", re.IGNORECASE)
# a forecast move: the modal governs the move word itself ("stocks could fall if ...");
# a modal elsewhere ("fell after Canada said it would retaliate") makes no forecast
_FORECAST = re.compile(r"(?:\b(?:will|could|would|may|might|shall)|'ll|’ll)\s+"
                       r"(?:(?:not|likely|probably|also|further|still|be)\s+)*$", re.I)
# "climbed 1.8 per cent, shrugging off a survey that showed ...": news the move ignored
_DESPITE = re.compile(r"\b(?:despite|in\s+spite\s+of|shrugg(?:ing|ed)\s+off|brush(?:ing|ed)"
                      r"\s+(?:off|aside)|ignoring|notwithstanding"
                      # "worries over trade overshadowed the central bank's move": the move
                      # ignored what is overshadowed
                      r"|overshadow(?:ed|ing)|outweigh(?:ed|ing)|eclips(?:ed|ing)"
                      # "fell ..., wiping out most of the surge that followed Musk's tweet":
                      # the news of the move undone, not of this one
                      r"|(?:wiping\s+out|erasing|giving\s+back|reversing|undoing)\s+"
                      r"(?:[\w-]+\s+){0,4}?(?:surge|rally|gains?|jump|rise|advance|rebound"
                      r"|losses|drop|slide|decline|fall|sell-?off)\s+(?:that\s+)?"
                      r"(?:followed|came\s+after|following))\b[^;]*",
                      re.IGNORECASE)
# inside a cause, the news it outweighed: "as trade worries overshadowed the bank's move"
# (not "despite" or "brushed aside" there: "Musk brushed aside questions" is the news)
_OUTWEIGHED = re.compile(r"\b(?:overshadow(?:ed|ing)|outweigh(?:ed|ing)|eclips(?:ed|ing))\b"
                         r"[^;]*", re.IGNORECASE)
# a cause span opened by "despite" (the news a move ignored)
_DESPITE_END = re.compile(r"\b(?:despite|in\s+spite\s+of|shrugg(?:ing|ed)\s+off|brush(?:ing|ed)"
                          r"\s+(?:off|aside)|ignoring|notwithstanding)\s*\S?$", re.IGNORECASE)
# "General Electric sank 6.9 percent. Its chief executive said ...": the next sentence
# tells the mover's own news
# -- also after an opening phrase ("On Friday, when markets were closed, the electric car
# maker said ..."), the company named by what it makes ("the iPhone maker")
_TOLD_NEXT = re.compile(
    r"\s*(?:(?:On|Late|Early|Earlier|Later|Separately|Meanwhile)\b[^;]{0,90}?,\s+)?"
    r"(?:Its|It|They|[Tt]he\s+company(?:'s)?|[Tt]he\s+(?:[\w-]+\s+){0,2}(?:bank|firm|carmaker|maker"
    r"|automaker|airline|retailer|chipmaker|group|insurer|lender|manufacturer)(?:'s)?)\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
#: the words of a move (never words of its cause: "rose", "fell", "added 2%")
MOVE_WORDS = frozenset(w.lower() for w in UP_WORDS + DOWN_WORDS + AMOUNT_VERBS)
#: words of a market's own level or path ("its highest close since mid-June"): they name
#: no news, so they never tie a cause to an event
_PATH_WORDS = frozenset("close closed closing high highest low lowest record level peak "
                        "benchmark index since "
                        # the part of a day a move was told in ("after rising as much as 0.7
                        # per cent in the morning"): a time, not news
                        "morning afternoon evening".split())


class EventIndex:
    """Events indexed by content word and by date, so attribution is linear in the article.

    Parameters
    ----------
    events
        The drafted events.
    """

    def __init__(self, events: list[DraftEvent]) -> None:
        self.events = events
        self.words: list[set[str]] = []
        self.postings: dict[str, list[int]] = {}
        for i, ev in enumerate(events):
            ws = set(ev.words)
            if not ws:  # events built by hand
                for sent, ref in ev.mentions or ((ev.sentence, ev.ref),):
                    ws |= content_words(strip_refs(sent, [ref]) if ref.kind != "implied"
                                        else ref.text)
            self.words.append(ws)
            for w in ws:
                self.postings.setdefault(w, []).append(i)
        self.pos = {id(ev): i for i, ev in enumerate(events)}
        #: events read forward from the dateline (schedules): never a fallback cause
        self.ahead = frozenset(i for i, ev in enumerate(events) if ev.ref.future)
        self.market_names: set[str] = set()
        #: the sentences telling a market's move, in order (set by :func:`find_claims`)
        self.move_sentences: list[int] = []
        # a market holiday is on the calendar, not news: never a move's cause
        self.schedule = {i for i, ev in enumerate(events)
                         if any(_HOLIDAY.search(s.text, *clause_span(s.text, r.start - s.start))
                                for s, r in ev.mentions or ((ev.sentence, ev.ref),)
                                if r.kind != "implied" or r.rule.startswith("undated news"))}
        for w, ids in self.postings.items():
            self.postings[w] = [i for i in ids if i not in self.schedule]
        # a remark about the market's move ("told the Global Times on Friday that the fall
        # was an overreaction", "blamed the central bank for the rout") is a reaction to it
        self.remarks = frozenset(
            i for i, ev in enumerate(events)
            if all(_REMARK.search(s.text) and _MOVE_BACKREF.search(s.text)
                   for s, _ in ev.mentions or ((ev.sentence, ev.ref),)))
        #: news told as another story ("Elsewhere, ...", "Separately, ...", "In other
        #: news, ..."): never the fallback cause of a move
        self.aside = frozenset(
            i for i, ev in enumerate(events)
            if all(_ASIDE.match(s.text) for s, _ in ev.mentions or ((ev.sentence, ev.ref),)))
        self.order = sorted((i for i in range(len(events)) if i not in self.schedule),
                            key=lambda i: events[i].ref.first)
        self.firsts = [events[i].ref.first for i in self.order]
        self.sentences = [sorted({s.index for s, _ in ev.mentions} or {ev.sentence.index})
                          for ev in events]
        self.by_sentence: dict[int, list[int]] = {}
        for i, idx in enumerate(self.sentences):
            for k in idx:
                self.by_sentence.setdefault(k, []).append(i)
        # names (capitalised words) of each event's sentences: a shared name counts twice
        self.names = [ws & {w.lower() for s, _ in ev.mentions or ((ev.sentence, ev.ref),)
                            for w in _NAME.findall(s.text)}
                      for ev, ws in zip(events, self.words, strict=True)]

    def distance(self, i: int, sentence: int) -> int:
        """Sentences from the claim back to the event's nearest mention (later ones rank last)."""
        idx = self.sentences[i]
        k = bisect.bisect_right(idx, sentence)
        return sentence - idx[k - 1] if k else 1000 + idx[0] - sentence

    def latest_on_or_before(self, day: dt.date, sentence: int,
                            skip: frozenset[int] = frozenset(), since: dt.date | None = None,
                            keep: Callable[[int], bool] | None = None) -> int | None:
        """Return the latest event starting on or before ``day`` (nearest mention first).

        The events in ``skip`` are left out, and with ``since`` and ``keep`` those
        starting before ``since`` or failing ``keep``.
        """
        k = bisect.bisect_right(self.firsts, day)
        while k and (since is None or self.firsts[k - 1] >= since):
            j = bisect.bisect_left(self.firsts, self.firsts[k - 1])
            group = [i for i in self.order[j:k] if i not in skip and (keep is None or keep(i))]
            if group:
                return min(group, key=lambda i: (self.distance(i, sentence),
                                                 self.events[i].announcement))
            k = j
        return None

    def by_day(self, day: dt.date) -> list[int]:
        """Events starting on ``day`` (the ones a session's close can leave for the next)."""
        j, k = bisect.bisect_left(self.firsts, day), bisect.bisect_right(self.firsts, day)
        return self.order[j:k]

    def ignored(self, sent: Sentence) -> frozenset[int]:
        """Events told in ``sent`` as news a move shrugged off ("despite ...")."""
        spans = [m.span() for m in _DESPITE.finditer(sent.text)]
        if not spans:
            return frozenset()
        return frozenset(i for i in self.by_sentence.get(sent.index, ())
                         for s, r in self.events[i].mentions
                         if s.index == sent.index
                         and any(a <= r.start - s.start + len(r.text) - len(r.text.lstrip()) < b
                                 for a, b in spans))


# "The decline came after ...", "The rally was driven by ...": the next sentence gives the
# cause of the move just told
_MOVE_BACK = re.compile(
    r"\s*(?:The|That|This|Its|Their|Friday's|Monday's|Tuesday's|Wednesday's|Thursday's)\s+"
    r"(?:[\w-]+\s+)?(?:decline|drop|fall|slide|slump|losses|loss|sell-?off|rout|plunge|rally"
    r"|gains?|rise|rebound|advance|jump|surge|move)\s+(?:came|followed|was\s+(?:triggered"
    r"|driven|sparked|fu?ell?ed|prompted|caused)|(?:was\s+)?(?:due|linked)\s+to)\b",
    re.IGNORECASE)
# a telling by someone, and a move referred back to: a remark about the market's move
_REMARK = re.compile(r"\b(?:said|says|told|blamed|called|described|warned|argued|noted)\b")
_MOVE_BACKREF = re.compile(
    r"\b(?:the|this|that|[A-Z]\w+day['’]s)\s+(?:[\w-]+\s+)?(?:fall|rout|sell-?off|drop|decline"
    r"|slide|slump|plunge|tumble|rally|rebound|turmoil)\b(?!\s+(?:in|of)\b)"
    # (not "said the decline in inflation was transitory": a figure's move, news)
    r"|\bmarket\s+(?:moves|movements|turmoil|swings|volatility|reaction)\b", re.IGNORECASE)
# a sentence opening another story: "Elsewhere, ...", "Separately, ...", "In other news, ..."
_ASIDE = re.compile(r"\s*(?:Elsewhere|Separately|In\s+other\s+(?:news|corporate\s+news|deals)"
                    r"|In\s+corporate\s+news)\b")


def attribute(
    index: EventIndex,
    sent: Sentence,
    move_pos: int,
    subject: Subject,
    move_date: dt.date,
    dated: bool,
    previous: DraftEvent | None,
    calendar: str | None = None,
    next_text: str | None = None,
    flipped: DraftEvent | None = None,
) -> tuple[DraftEvent | None, list[str]]:
    """Return the event a move is drafted against, and the review notes of that choice.

    The rules are the module's (and docs/draft.md, "Attribution").

    Parameters
    ----------
    index
        The article's events, indexed by word and date.
    sent
        The move's sentence.
    move_pos
        Where the move word starts in ``sent.text``.
    subject
        The mover.
    move_date
        The move's date (its clause's, a move's just before, or the dateline).
    dated
        Whether the move's own clause dates it.
    previous
        The event of the claim before (kept when the cause is not named).
    calendar
        The subject's exchange calendar (day 0 by the close-after rule).
    next_text
        The next sentence ("The decline came after ...").
    flipped
        The event of the claim just before, when this move goes the other way from that
        company's own news (news that lifted its shares did not sink the market): never
        taken as the latest news that reached the move.

    Returns
    -------
    tuple of (DraftEvent or None, list of str)
        The event (``None`` when the article has none) and the notes that mark it for
        review.
    """
    events = index.events
    if not events:
        return None, ["no dated event found in the article: add one and set this claim's event"]
    text = sent.text
    span = cause_span(text, move_pos)
    cause = text[span[0]:span[1]] if span else without_market_moves(_DESPITE.sub(" ", text[
        contrast_start(text, move_pos):]))
    back = _MOVE_BACK.match(next_text) if span is None and next_text else None
    if back is not None and next_text is not None:
        # "US stocks fell 2% on Friday." + "The decline came after China reported ...":
        # the next sentence names the cause
        span, cause = (0, 0), next_text[back.end():]
    ignore = words(" ".join(subject.aliases)) | MOVE_WORDS | _PATH_WORDS
    cause_words = content_words(cause) - ignore
    if span is not None and OWN_LEVEL.match(text, span[0]):
        # "fell 0.4 percent, a day after it set a record high": the mover's own path
        cause_words = set()
    if span is None and against_market(text, 0, len(text)):
        # "Banks, which do better when rates rise, fell more than the market; the sector
        # lost 1.2%": no news of their own
        cause_words = set()
    shrugged: set[int] = set()
    ignored_text = (cause if span is not None and span != (0, 0) and _DESPITE_END.search(
        text, 0, span[0] + 1) else " ".join(m.group(0) for m in (
            _DESPITE.finditer(text) if span is None else _OUTWEIGHED.finditer(cause)))
        if back is None else "")
    if span is not None and ignored_text and ignored_text != cause:
        cause = _OUTWEIGHED.sub(" ", cause)
        cause_words = content_words(cause) - ignore
    if ignored_text:
        # "China stocks slide despite the central bank's reserve ratio cut": the news the
        # move ignored is not its cause, wherever the article tells it
        hits: dict[int, int] = {}
        for w in content_words(ignored_text) - ignore:
            for i in index.postings.get(w, ()):
                hits[i] = hits.get(i, 0) + 1
        most = max(hits.values(), default=0)
        shrugged = {i for i, n in hits.items() if n == most and most >= 1}
        if span is not None:
            cause_words = set()
    cs, ce = clause_span(text, move_pos)
    forecast = not dated and bool(_FORECAST.search(text, cs, move_pos))
    # a move in after-hours trading comes after the day's close: news after that close
    # reached it ("Apple shares fell in extended trading on Wednesday after ... released
    # after the close")
    after_hours = AFTER_HOURS.search(text, cs, ce) is not None

    def in_time(ev: DraftEvent) -> bool:
        """Whether the news reached the move: day 0 on the subject's calendar by its day."""
        return (forecast or reached(ev, calendar, move_date)
                or (after_hours and ev.ref.first <= move_date))

    when = f"the move's date {move_date}"
    cause_names = {w.lower() for w in _NAME.findall(cause)} - index.market_names
    scores: dict[int, int] = {}
    for w in cause_words:
        for i in index.postings.get(w, ()):
            scores[i] = scores.get(i, 0) + 1 + (w in cause_names and w in index.names[i])

    # the news the sentence itself dates inside its cause ("after the company's results,
    # released after the market closed on Tuesday, eased worries") is the cause it names
    named = {i for i in index.by_sentence.get(sent.index, ()) if span and any(
        s.index == sent.index and span[0] <= r.start - s.start < span[1]
        for s, r in events[i].mentions)}

    def rank(i: int) -> tuple[int, bool, int, int, bool]:
        # the most words shared with the cause (a name twice), then the news dated in the
        # cause itself, then the most recent news, then the nearest sentence
        ev = events[i]
        return (-scores.get(i, 0), i not in named, -ev.ref.first.toordinal(),
                index.distance(i, sent.index), ev.announcement)

    # an event dated in the move's own clause is the move itself ("where the Dow plunged
    # 1,175 points, or 4.6 per cent, on Monday" is news for Hong Kong, not for the Dow)
    own = clause_at(text, move_pos)
    own_session = {
        i for i in index.by_sentence.get(sent.index, ())
        if any(s.index == sent.index and r.kind != "time" and not events[i].implied
               and own.start <= r.start - s.start < own.end and own.tense != "none"
               and not (span and span[0] <= r.start - s.start < span[1])
               for s, r in events[i].mentions)}
    skip = index.ignored(sent) | shrugged | own_session
    ok = [i for i in scores if i not in skip and in_time(events[i])]
    review: list[str] = []
    mine = own_news(index, sent.index, subject, in_time, skip) if span is None else None
    if mine is not None:  # a company's move told without a cause: its own news above
        return events[mine], review
    if ok:
        best = min(ok, key=rank)
        top = rank(best)
        ties = [events[i].id for i in ok if i != best and rank(i)[:3] == top[:3]
                and events[i].sentence.index != events[best].sentence.index][:3]
        if ties:
            review.append(
                f"ambiguous: '{events[best].id}' and {', '.join(repr(t) for t in ties)} share as "
                f"many words with the cause and have the same date; drafted against "
                f"'{events[best].id}' -- choose")
        review.extend(doubts(index, ok, best, scores, sent.index, span is not None, move_date,
                              named, (text, span, move_pos)))
        if not review and span is not None and span != (0, 0) and as_news(text, span):
            review.append(f"the cause is read from an 'as' clause, which does not say the news "
                          f"came first; drafted against '{events[best].id}' -- check its day")
        elif not review and span is not None and span != (0, 0):
            other = other_cause(text, span)
            if other is not None and not (content_words(other) - ignore) & events[best].words:
                # "A jump in Boeing after the planemaker forecast ... lifted the Dow, while
                # the S&P 500 ended higher after the Fed ...": two causes, one read
                review.append(
                    f"the sentence also names another cause ('{' '.join(other.split())[:60]}')"
                    f" before the one read; drafted against '{events[best].id}' -- check "
                    "which moved this subject")
    else:
        prev_ok = previous is not None and in_time(previous)
        told_next = [i for i in index.by_sentence.get(sent.index + 1, ()) if i not in skip
                     and any(s.index == sent.index + 1 and _TOLD_NEXT.match(s.text)
                             # (not background told in the past perfect: "The maker had
                             # opened higher after reporting results")
                             and split_clauses(s.text)[0].tense != "past_perfect"
                             for s, _ in events[i].mentions)
                     and in_time(events[i])]
        # (not news still ahead on the move's day: "U.S. consumer price data is due later
        # on Thursday" cannot have moved Thursday's Asian session)
        no = skip | {i for i in index.ahead if events[i].ref.first >= move_date} | {
            i for i in index.by_day(move_date) if not in_time(events[i])} | index.remarks | {
            index.pos[id(e)] for e in (flipped,) if e is not None}
        # (not another story, told as such: "Elsewhere, CVS agreed on Sunday to buy Aetna")
        # (recent news told above the move first: a market's paragraph without a cause
        # goes on with the story told above it, not with news told after another move)
        k = bisect.bisect_right(index.move_sentences, sent.index)
        upto = index.move_sentences[k] if k < len(index.move_sentences) else 1 << 30
        latest = index.latest_on_or_before(
            move_date, sent.index, no | index.aside, move_date - dt.timedelta(days=3),
            lambda i: index.sentences[i][0] < upto)
        if latest is None:
            latest = index.latest_on_or_before(move_date, sent.index, no | index.aside)
        if told_next and (not span or own_participle(cause)):
            # (a cause that is the mover's own path, "after crossing the $207 level", names
            # no news either)
            best = told_next[0]
            review.append(
                f"the cause is not named; drafted against '{events[best].id}', told in the "
                "next sentence about the same company -- check")
        elif prev_ok and previous is not None:
            best = index.pos[id(previous)]
            review.append(
                f"the cause is not named; drafted against '{previous.id}', the event of the "
                "claim just before (in this move's direction) -- check")
        elif latest is not None:
            best = latest
            review.append(
                f"the cause is not named (no words shared with any event sentence); attributed "
                f"to the latest event on or before {when}, '{events[best].id}' -- check")
        else:
            best = min(range(len(events)), key=rank)
            review.append(
                f"no event in the article starts on or before {when}; drafted against "
                f"'{events[best].id}', which a past move cannot have reacted to -- set the date "
                "the news came out (its announcement)")
            return events[best], review
    n = scores.get(best, 0)
    later = [i for i in scores if i not in ok and i not in skip and scores[i] >= n > 0]
    if later:
        late = events[min(later, key=rank)]
        review.append(
            f"the cause also names '{late.id}', which reached the market after {when}, so "
            f"it cannot have caused this move; drafted against '{events[best].id}' (e.g. its "
            f"announcement) -- use '{late.id}' only to test the event itself")
    session = [i for i in own_session - index.ignored(sent) - shrugged
               if i != best and scores.get(i, 0) >= n > 0]
    if session:
        # "On Tuesday, Tesla dropped 8.2% after the safety board said ...": the day read as
        # the move's own session may also be the day of its undated cause
        review.append(
            f"the cause shares as many words with '{events[session[0]].id}', dated in the "
            f"move's own clause and read as the move's session; drafted against "
            f"'{events[best].id}' -- check which is the news")
    return events[best], review
