"""Draft a study from an article: the :class:`Draft` and :func:`draft_study`."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, replace
from pathlib import Path

from eventstudy.draft.assets import (
    Mapping,
    Subject,
    SubjectMatch,
    anaphoric_mentions,
    load_mapping,
)
from eventstudy.draft.dateline import Dateline, mask, parse_dateline
from eventstudy.draft.dates import find_time_refs
from eventstudy.draft.events import DraftEvent, find_events
from eventstudy.draft.extract import DraftClaim, Orphan, find_claims
from eventstudy.draft.moves import move_clauses, moves
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.text import Sentence, split_sentences
from eventstudy.draft.times import CITY_MARKETS, MARKETS, TimeOfDay, find_times, market_named
from eventstudy.exceptions import DraftError


@dataclass(frozen=True)
class ReviewItem:
    """Something a human must decide before the study is valid."""

    where: str  # "events[2].when", "claims[0]", "source.publisher", ...
    sentence: int  # -1 when not tied to a sentence
    question: str


@dataclass(frozen=True)
class Draft:
    """Everything drafted from one article; render it with :mod:`eventstudy.draft.render`.

    Attributes
    ----------
    text
        The article as read; all offsets point into it.
    dateline
        The article date, publisher and where they came from.
    timezone
        The ``--timezone`` given, applied to every event, or ``None``.
    sentences, refs
        All sentences and all resolved time references.
    events, claims
        Candidate events and claims. Claims with ``direction == "any"`` and
        ``move == ""`` are *suggestions*: a subject the article mentions next
        to an event without asserting a move.
    orphans
        Move sentences whose subject is not in the mapping.
    mentions
        Every subject mention found.
    review
        The ``needs_review`` list.
    """

    text: str
    source_name: str
    dateline: Dateline
    timezone: str | None
    sentences: tuple[Sentence, ...]
    refs: tuple[TimeRef, ...]
    events: tuple[DraftEvent, ...]
    claims: tuple[DraftClaim, ...]
    orphans: tuple[Orphan, ...]
    mentions: tuple[SubjectMatch, ...]
    review: tuple[ReviewItem, ...]

    @property
    def subjects(self) -> list[Subject]:
        """Subjects used by the claims, in first-use order."""
        out: list[Subject] = []
        for c in self.claims:
            if c.subject.subject not in out:
                out.append(c.subject.subject)
        return out

    def event(self, event_id: str) -> DraftEvent:
        """Return the drafted event with this id."""
        for e in self.events:
            if e.id == event_id:
                return e
        raise KeyError(event_id)


def _suggested_claims(
    sentences: list[Sentence],
    events: list[DraftEvent],
    claims: list[DraftClaim],
    mentions: list[SubjectMatch],
) -> list[DraftClaim]:
    """``direction: any`` claims for subjects named next to an event without a move.

    A subject mentioned in a sentence that dates an event (or right after one)
    and that no drafted claim already covers -- same subject, same event, or a
    move reported in that very sentence -- gets a ``direction: any`` claim on
    that event, window ``[0, 1]``.
    """
    covered: set[tuple[str, int | str]] = {
        (c.subject.subject.key, c.sentence.index) for c in claims}
    covered |= {(c.subject.subject.key, c.event.id) for c in claims if c.event is not None}
    by_sentence: dict[int, list[DraftEvent]] = {}
    for e in events:
        for k in dict.fromkeys(s.index for s, _ in (e.mentions or ((e.sentence, e.ref),))):
            by_sentence.setdefault(k, []).append(e)
    out: list[DraftClaim] = []
    for sm in mentions:
        if (sm.subject.key, sm.sentence) in covered:
            continue
        # the subject's own sentence, else the sentence right before it
        evs: list[DraftEvent] = []
        for k in (sm.sentence, sm.sentence - 1):
            here = by_sentence.get(k, [])
            evs = [e for e in here if not e.announcement] or here
            if evs:
                break
        if not evs or (sm.subject.key, evs[0].id) in covered:
            continue
        ev = evs[0]
        covered |= {(sm.subject.key, sm.sentence), (sm.subject.key, ev.id)}
        cid = f"{sm.subject.key.replace('_', '-')}-after-{ev.id}"
        out.append(DraftClaim(cid, sm, "", "any", (0, 1), ev, sentences[sm.sentence]))
    return out


_SUBJECT_MARKETS = {"chinese_stocks": "Shanghai", "japanese_stocks": "Tokyo",
                    "european_stocks": "Frankfurt"}


#: the story's own market named without its name: "the city's stock market"
_HOME_MARKET = re.compile(r"\b(?:city|country|nation|territory|island)['’]s\s+(?:stock\s+)?"
                          r"(?:market|exchange|bourse)s?\b|\blocal\s+(?:stock\s+)?"
                          r"(?:market|exchange)s?\b", re.IGNORECASE)


#: the market subject a story's own market stands for
_HOME_SUBJECTS = {"Shanghai": "chinese_stocks", "Hong Kong": "chinese_stocks",
                  "Tokyo": "japanese_stocks", "Frankfurt": "european_stocks",
                  "London": "european_stocks", "Paris": "european_stocks",
                  "Milan": "european_stocks"}
#: aliases that name no place ("blue chips", "stock futures"): the story's own market's
_PLACELESS = re.compile(r"(?i:blue[- ]chips?(?:\s+stocks)?|stock\s+futures)")
#: a place right after the alias names its market: "stock futures in Tokyo"
_PLACE_AFTER = re.compile(r"\s+(?:in|on)\s+(?:the\s+)?[A-Z]")


def _home_generic(found: list[SubjectMatch], home: str, mapping: Mapping, text: str,
                  base: int) -> list[SubjectMatch]:
    """Give a placeless market alias to the story's own market.

    "blue chips had become more attractive" in a Shanghai story are Shanghai's blue
    chips, not the US index the mapping files the words under -- unless a place follows
    ("stock futures in New York"). Left as found when the mapping has no subject for the
    home market.
    """
    key = _HOME_SUBJECTS.get(home)
    subject = next((x for x in mapping.subjects if x.key == key), None)
    if subject is None:
        return found
    return [replace(m, subject=subject) if m.subject.kind == "index" and m.subject.key != key
            and _PLACELESS.fullmatch(m.text)
            and not _PLACE_AFTER.match(text, m.end - base) else m for m in found]


def _market_of(mentions: list[SubjectMatch]) -> str | None:
    """Return the market of the first subject named (its alias may say Hong Kong)."""
    if not mentions:
        return None
    m = mentions[0]
    if m.subject.key in _SUBJECT_MARKETS:
        return market_named(m.text) or _SUBJECT_MARKETS[m.subject.key]
    return "New York"


def _evening(ref: TimeRef, dateline: Dateline) -> TimeRef:
    """Read a bare weekday as the next day when the dateline is evening copy.

    "Hong Kong stocks fell on Wednesday" published at 22:30 on Tuesday in New York is
    about Wednesday in Asia, not the Wednesday six days before. Marked for review.
    """
    t = dateline.time
    day = dateline.date + dt.timedelta(days=1)
    updated = dateline.updated_on == day
    if ((t is None or t < dt.time(18, 0)) and not updated) or ref.kind != "weekday" or (
            ref.future or ref.first != dateline.date - dt.timedelta(days=6)
            or not ref.rule.endswith("on or before the dateline")):
        return ref
    if updated:
        # "Jan. 16, 2018 5:18 p.m. ET | Updated Jan. 17": the update tells the next day's
        # session ("Ford shares fell 7% on Wednesday"), not the Wednesday six days before
        return replace(ref, first=day, last=day,
                       rule=f"{ref.rule.split(':')[0]}: the day of the header's update stamp",
                       review=f"'{ref.text}' read as {day:%Y-%m-%d}, the day the story was "
                       f"updated (published {dateline.date:%Y-%m-%d}); check")
    assert t is not None
    return replace(ref, first=day, last=day,
                   rule=f"{ref.rule.split(':')[0]}: the day after an evening dateline "
                   f"({t:%H:%M}): news from a later time zone",
                   review=f"'{ref.text}' read as {day:%Y-%m-%d}, the day after the evening "
                   f"dateline {dateline.date:%Y-%m-%d} {t:%H:%M}; check")


#: a day named back: "released the same day", "later that day", "on that same day", "Hours
#: later" (after a happening told with its day)
_SAME_DAY = re.compile(r"\b(?:(?:on|later|earlier)\s+)?(?:the|that)\s+(?:very\s+)?same\s+day\b"
                       r"|\b(?:later|earlier)\s+that\s+day\b|^\W*(?:hours|minutes)\s+later\b",
                       re.IGNORECASE)
#: a day named as a market's session: "Thursday's session", "Monday's close"
_SESSION_DAY = re.compile(r"(?:['’]s)?\s+(?:trading\s+)?(?:session|close|trading|open)\b",
                          re.IGNORECASE)
_WEEKDAY = re.compile(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.IGNORECASE)


def _same_day(sent: Sentence, srefs: list[TimeRef],
              before: list[tuple[Sentence, list[TimeRef]]]) -> list[TimeRef]:
    """Add the day "the same day" names back: the last single day told before it.

    "Weak German factory data released the same day added to the gloom": the day of the
    sentence before ("On Friday, the Dow fell ..."), looked for first in the sentence
    itself, then in the two sentences before (``before``: each with its dates, nearest
    first). Ranges lend no day.
    """
    out = list(srefs)
    for m in _SAME_DAY.finditer(sent.text):
        s, e = sent.start + m.start(), sent.start + m.end()
        if any(r.start < e and s < r.end for r in srefs):
            continue
        prior = [r for r in srefs if r.end <= s]
        for earlier, refs in before:
            if prior:
                break
            # (not a market's session named by its day: "The S&P 500 ended Thursday's
            # session lower after the statement" + "Hours later, ..." -- the statement's day)
            prior = [r for r in refs if not r.is_range
                     and not _SESSION_DAY.match(earlier.text, r.end - earlier.start)]
        if not prior:
            continue
        day = prior[-1]
        named = day.first
        if day.is_range:  # "a two-day meeting, which begins on Tuesday, ... the same day":
            # the day the phrase names (its weekday), else no one day to lend
            wd = _WEEKDAY.search(day.text)
            ends = [d for d in (day.first, day.last)
                    if wd and d.strftime("%A").lower() == wd.group(0).lower()]
            if not ends:
                continue
            named = ends[0]
        out.append(TimeRef(text=m.group(0), sentence=sent.index, start=s, end=e,
                           kind="same_day", first=named, last=named,
                           rule=f"'{m.group(0)}': the day told before it "
                           f"('{' '.join(day.text.split())}')", future=day.future))
    return sorted(out, key=lambda r: r.start)


def draft_study(
    text: str,
    *,
    date: str | dt.date | None = None,
    timezone: str | None = None,
    publisher: str | None = None,
    mapping: Mapping | str | Path | None = None,
    source_name: str = "article",
) -> Draft:
    """Draft a study from the text of a news article.

    Parameters
    ----------
    text
        The article. Its first line may be ``date YYYY-MM-DD [Publisher]``.
    date
        The dateline; wins over the first line.
    timezone
        IANA zone the article's dates are meant in; written on every event.
    publisher
        Overrides the publisher of the first line.
    mapping
        A :class:`~eventstudy.draft.assets.Mapping`, a mapping-file path, or
        ``None`` for the mapping shipped with the package.
    source_name
        The article's file name, for messages.

    Returns
    -------
    Draft
        Render it with :func:`eventstudy.draft.render.to_yaml`.

    Raises
    ------
    DraftError
        No dateline, a bad ``--date`` or ``--timezone``, an empty article, or a
        bad mapping file.
    TypeError
        If ``text`` is not a ``str`` (bytes must be decoded first).
    """
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(
            text, (bytes, bytearray)) else ""
        raise TypeError(f"draft_study expects the article's text as str, got "
                        f"{type(text).__name__}{hint}")
    if timezone is not None:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise DraftError(
                f"--timezone {timezone!r} is not a known time zone",
                hint="use an IANA name such as America/New_York or Asia/Shanghai",
            ) from None
    dateline = parse_dateline(text, date, file=source_name)
    if publisher:
        dateline = replace(dateline, publisher=publisher)
    body = mask(text, dateline.masked)
    sentences = split_sentences(body)
    if not sentences:
        raise DraftError(f"{source_name}: the article is empty", hint="give a plain-text article")
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    refs: dict[int, list[TimeRef]] = {}
    times: dict[int, list[TimeOfDay]] = {}
    clauses: dict[int, list[tuple[int, int]]] = {}
    mentions: dict[int, list[SubjectMatch]] = {}
    zone = timezone or dateline.zone
    market = CITY_MARKETS.get(dateline.zone or "", "New York")
    recent_market: str | None = None  # market of the last subject named
    home: str | None = None  # the market of the story's first subject
    last_stock: SubjectMatch | None = None  # the last company named ("Its shares" is its)
    last_stock_at = -10
    last_index: SubjectMatch | None = None  # the last index named ("It had jumped" is its)
    last_index_at = -10
    by_index = {s.index: s for s in sentences}
    for s in sentences:
        refs[s.index] = [_evening(r, dateline) for r in find_time_refs(
            s.text, dateline.date, sentence_index=s.index, offset=s.start)]
        refs[s.index] = _same_day(s, refs[s.index], [
            (by_index[k], refs.get(k, [])) for k in (s.index - 1, s.index - 2) if k in by_index])
        found = mapping.find(s.text, sentence_index=s.index, offset=s.start)
        if home is not None and home != "New York":
            found = _home_generic(found, home, mapping, s.text, s.start)
        mentions[s.index] = sorted(found + anaphoric_mentions(
            s.text, found, last_stock if s.index - last_stock_at <= 2 else None,
            sentence_index=s.index, offset=s.start, is_move=lambda w: bool(moves(w)),
            last_index=last_index if s.index - last_index_at == 1 else None),
            key=lambda m: m.start)
        indexes = [m for m in mentions[s.index] if m.subject.kind == "index"]
        if indexes:
            last_index, last_index_at = indexes[-1], s.index
        stocks = [m for m in mentions[s.index] if m.subject.kind == "stock"]
        if stocks:
            last_stock, last_stock_at = stocks[-1], s.index
        here = _market_of(mentions[s.index])
        recent_market = here or recent_market
        home = home or here
        fallback = zone or (MARKETS[recent_market].timezone if recent_market else None)
        if home and _HOME_MARKET.search(s.text):
            # "The city's stock market will close at midday": the story's own market, in
            # its own zone
            here, fallback = home, MARKETS[home].timezone
        # without a dateline city or zone, the story's own market (its first subject's)
        # is the market of "after the close"
        own = market if dateline.zone or not home else home
        told = [t for t in times.get(s.index - 1, []) if t.timezone]
        times[s.index], stated = find_times(s.text, sentence_index=s.index, offset=s.start,
                                            zone=fallback, market=own, subject_market=here,
                                            last_clock=(told[-1].time, told[-1].timezone)
                                            if told and told[-1].timezone else None)
        zone = stated if stated != fallback else zone
        clauses[s.index] = move_clauses(
            s, [(m.start - s.start, m.end - s.start) for m in mentions[s.index]])
    events = find_events(sentences, refs, times, clauses, dateline.date, dateline.city)
    claims, orphans = find_claims(sentences, mentions, events, dateline.date, refs)
    all_mentions = [m for s in sentences for m in mentions[s.index]]
    claims = claims + _suggested_claims(sentences, events, claims, all_mentions)

    review: list[ReviewItem] = []
    if not dateline.publisher:
        review.append(ReviewItem("source.publisher", -1, "publisher unknown: fill it in"))
    if dateline.review:
        review.append(ReviewItem("source.date", -1, dateline.review))
    for i, e in enumerate(events):
        for q in e.review:
            review.append(ReviewItem(f"events[{i}].when", e.sentence.index, q))
    for i, c in enumerate(claims):
        for q in c.review:
            review.append(ReviewItem(f"claims[{i}]", c.sentence.index, q))
    for o in orphans:
        review.append(
            ReviewItem(
                "claims",
                o.sentence.index,
                f"market move ('{o.move}') with no subject known to the mapping: add a claim "
                "by hand or the subject to the mapping file",
            )
        )
    if not events:
        review.append(ReviewItem("events", -1, "no dated event found: add the events by hand"))
    if dateline.time is not None and dateline.zone is None and home is not None:
        # "Nov. 17, 2017, 4:12 PM" with no zone, city or known newsroom: the clock of the
        # market the story is about (its first subject's), marked
        dateline = replace(dateline, timezone=MARKETS[home].timezone, review=(
            f"the date line's clock {dateline.time:%H:%M} names no zone; "
            f"{MARKETS[home].timezone} (the story's market, {home}) was used -- check"))
    return Draft(
        text=text,
        source_name=source_name,
        dateline=dateline,
        timezone=timezone,
        sentences=tuple(sentences),
        refs=tuple(r for s in sentences for r in refs[s.index]),
        events=tuple(events),
        claims=tuple(claims),
        orphans=tuple(orphans),
        mentions=tuple(all_mentions),
        review=tuple(review),
    )
