"""Happenings the text tells without dating them, and the record events are built in.

Used by :mod:`eventstudy.draft.events` (rules documented in docs/draft.md):

Undated tellings
    When a sentence's only dates follow an undated speech or report verb ("Canada
    said it would retaliate ... starting July 1", "the FT reported that ... talks this
    week") and reach past the move's day, the telling is an announcement event of its
    own, dated by the move's day (marked).
Undated news
    A report that showed something ("Earlier, a Labor Department report showed ...")
    is an event of the move's day; a named teller who also/later said something
    ("Kudlow later said ...") an event of the day of the event told before it.
Midnight
    "at midnight" ends a day: a happening in another clause than the date is an event
    of the next day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from eventstudy.draft.moves import move_clauses
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import perfect_news, side_news
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import CITIES, TimeOfDay
from eventstudy.draft.words import (
    DEMONYMS,
    INSTITUTIONS,
    STOP_WORDS,
    TITLES,
    clause_span,
    content_words,
    keyword,
    title_of,
)


@dataclass
class Happening:
    """One happening while the events are built (mutable; see ``DraftEvent``)."""

    ref: TimeRef
    sentence: Sentence
    key: str
    words: set[str]
    title: str
    announcement: bool = False
    review: list[str] = field(default_factory=list)
    time: TimeOfDay | None = None
    mentions: list[tuple[Sentence, TimeRef]] = field(default_factory=list)


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``spans``."""
    return any(s <= pos < e for s, e in spans)


def implied_ref(sent: Sentence, span: tuple[int, int], day: dt.date, how: str) -> TimeRef:
    """Return the reference of an undated happening (``span`` of ``sent``) dated ``day``."""
    s, e = span
    text = sent.text[s:e]
    return TimeRef(text=text, sentence=sent.index, start=sent.start + s, end=sent.start + e,
                   kind="implied", first=day, last=day,
                   rule=f"undated cause of a move: dated by {how}",
                   review=f"the text does not date '{' '.join(text.split()[:8])}...'; "
                   f"taken as {day:%Y-%m-%d} ({how}) -- check")


def names_of(ev: Happening) -> set[str]:
    """Capitalised words inside the event's sentence (names: Liu, Mnuchin, Huawei)."""
    return ({w.lower() for w in re.findall(r"\b[A-Z][a-z]+", ev.sentence.text)}
            - STOP_WORDS - DEMONYMS)


def is_midnight(t: TimeOfDay) -> bool:
    """Whether the time is "(at) midnight"."""
    return bool(re.match(r"(?:\w+\s+)?midnight\b", t.text, re.IGNORECASE))


def midnight_event(sent: Sentence, t: TimeOfDay, day: dt.date) -> Happening:
    """Return the happening "at midnight" ending ``day``: dated by the next day."""
    nxt = day + dt.timedelta(days=1)
    cs, ce = clause_span(sent.text, t.start - sent.start)
    ref = TimeRef(text=t.text, sentence=sent.index, start=t.start, end=t.end, kind="time",
                  first=nxt, last=nxt, rule="'midnight' ends the day: the next day",
                  review=f"'{t.text}' read as the start of {nxt:%Y-%m-%d} (the end of "
                  f"{day:%Y-%m-%d}); check")
    text = sent.text[cs:ce]
    return Happening(ref, sent, keyword(text), content_words(text), title_of(sent, []),
                     review=[ref.review], mentions=[(sent, ref)])


# a speech or report verb in the past tense: the act of telling is news of its own
TOLD = re.compile(r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)\b(?:said|reported|announced"
                   r"|warned|threatened|pledged|vowed|promised|confirmed|unveiled|disclosed"
                   r"|revealed)\b")


# tellers whose words are expectations, not news
_GENERIC_TELLER = re.compile(
    r"\b(?:analysts?|investors?|traders?|economists?|strategists?|experts?|observers"
    r"|forecasters?|some|many|most|people)\b(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


#: a telling in the present perfect ("has said", "have repeatedly said"): a standing word,
#: told before the story's day, not news that reached the market on it
_STANDING = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|already\s+|long\s+)?$", re.IGNORECASE)


def undated_announcement(
    sent: Sentence, dated: list[Happening], clauses: list[tuple[int, int]],
    move_day: tuple[dt.date, str], by_sentence: dict[int, list[Happening]],
) -> list[Happening]:
    """Return the undated telling of a thing dated later, as an announcement event.

    "Canada said it would retaliate ... starting July 1", "the FT reported that ... talks
    this week".
    When the only dates of a sentence follow an undated speech or report verb and reach
    past the reference day (the move's, else the dateline), the telling reached the market
    on that day: it is an announcement event of its own, dated by that day (marked); the
    dated thing stays the event it dates.
    """
    if not dated or any(e.ref.speech or e.announcement for e in dated):
        return []
    day, how = move_day
    first = min(e.ref.start for e in dated) - sent.start
    told = next((m for m in TOLD.finditer(sent.text, 0, first)
                 if not inside(m.start(), clauses)), None)
    # the teller is the speech verb's subject ("Mr Saikawa said he would ask the board to
    # remove Mr Ghosn ...": Saikawa, not Ghosn, whom the telling is about)
    teller = ({w.lower() for w in re.findall(r"\b[A-Z][a-z]+",
                                             sent.text[:told.start() if told else first])}
              - STOP_WORDS - TITLES)
    if any(e.ref.first <= day and not e.ref.is_range and teller & names_of(e)
           for k in range(sent.index - 3, sent.index + 4) if k != sent.index
           for e in by_sentence.get(k, ())):
        # "China on Tuesday announced tariffs ... China said the tariffs would take effect
        # on Sept. 24", "Trump made the announcement on Sunday": a nearby sentence dates
        # the same teller's news
        return []
    if re.match(r"\s*(?:He|She|They|It)\s+(?:\w+\s+)?(?:said|told|added)\b", sent.text) and any(
            e.ref.first <= day and not e.ref.is_range for e in by_sentence.get(sent.index - 1, ())):
        # "Musk showed off the truck on Thursday night. He said it would start production in
        # 2019.": a pronoun's telling goes on telling the previous sentence's dated news
        return []
    verb = None
    for m in TOLD.finditer(sent.text, 0, first):
        if not inside(m.start(), clauses):
            verb = m
            break
    if verb is None or not any(e.ref.last > day and e.ref.start - sent.start > verb.end()
                               for e in dated) or _GENERIC_TELLER.search(
                                   sent.text, max(0, verb.start() - 40), verb.start()):
        return []  # "Analysts said the Fed will raise rates next week" is an expectation
    if _STANDING.search(sent.text, max(0, verb.start() - 20), verb.start()):
        return []  # "Trump has said he will announce his choice on Thursday": told before
    span = (clause_span(sent.text, verb.start())[0], first)
    ref = implied_ref(sent, span, day, how)
    ref = replace(ref, rule=f"undated telling of a later thing: dated by {how}")
    text = sent.text[span[0]:span[1]]
    words = content_words(text)
    title = "announcement: " + " ".join(text.split()[:8]).strip(" ,.;:") + "..."
    return [Happening(ref, sent, keyword(text), words, title, announcement=True,
                      review=[ref.review], mentions=[(sent, ref)])]


# "a Labor Department report showed ...", "a private survey that showed ..."
_NEWS_SHOWED = re.compile(
    r"\b(?:report|survey|data|figures|statistics|poll|index|reading)(?:,[^,]{1,60},)?\s+"
    # "A separate report at the same time showed": a time or place between
    r"(?:(?:at|on|in|from)\s+[^,.;]{1,30}?\s+)?(?:that\s+|which\s+)?"
    r"(?:showed|shows|indicated|revealed|found|suggested)\b", re.IGNORECASE)
# "Kudlow later said ...", "China also said ...": another telling, told in sequence
_ALSO_TOLD = re.compile(
    r"\b(?!(?:He|She|It|They|We|I|Analysts|Investors|Traders|Economists|Strategists"
    r"|Officials|Experts|Others|Some|Many|People)\b)[A-Z][\w.'-]*\s+"
    r"(?:also|later|separately|meanwhile|subsequently)\s+"
    r"(?:said|told|announced|reported|warned|denied|confirmed|pledged|threatened)\b"
    # "Earlier, the Labor Department reported that ...": a sequence word opens the sentence
    r"|^(?:Earlier|Later|Separately|Meanwhile)(?:\s+\w+)?,\s+(?:the\s+)?[A-Z][\w.'-]*"
    r"(?:\s+[\w.'-]+){0,4}?\s+(?:said|told|announced|reported|warned|denied|confirmed"
    r"|pledged|threatened)\b"
    # an interview: "Kudlow told CNBC ...", "Trump told the Washington Post ..."
    r"|\b(?!(?:He|She|It|They|We|I|Analysts|Investors|Traders|Economists|Officials)\b)"
    r"[A-Z][\w.'-]*\s+told\s+(?:CNBC|Fox(?:\s+Business)?|Bloomberg(?:\s+\w+)?|Reuters"
    r"|the\s+(?:[A-Z][\w.'-]*\s+){0,2}(?:Post|Times|Journal|Street\s+Journal))\b")


# an analyst's rating change: "CITIC Securities told clients to sell shares of PICC",
# "Goldman downgraded Apple to neutral", "issued a rare sell recommendation"
_RATING = re.compile(
    r"\b(?:downgraded|upgraded|cut\s+(?:its|their|the)\s+(?:\w+\s+)?(?:rating|price\s+target)"
    r"|raised\s+(?:its|their|the)\s+(?:\w+\s+)?(?:rating|price\s+target)"
    r"|(?:told|advised)\s+(?:its\s+)?clients\s+to\s+(?:sell|buy)"
    r"|(?:issued|gave|put|slapped)\s+an?\s+(?:\w+\s+)?(?:sell|buy|underweight|overweight"
    r"|underperform|outperform)\s+(?:rating|recommendation|call)|initiated\s+coverage)\b",
    re.IGNORECASE)
# "Powell's speech came a day after Trump told the Washington Post ...": a telling dated
# back from the event told just before
_DAYS_AFTER = re.compile(
    r"\b(?:came|was|followed|comes)\s+(?:just\s+)?(?P<n>a|one|two|three|hours|a\s+week)"
    r"(?:\s+days?)?\s+after\s+(?P<teller>(?:(?!He\b|She\b|It\b|They\b)[A-Z][\w.'-]*\s+){1,5})"
    r"(?:said|told|announced|reported|warned|tweeted|wrote)\b")
_N_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3, "hours": 0, "a week": 7}


#: the words that open a telling in sequence ("Earlier, the ministry said"): no teller
_SEQUENCE_WORDS = frozenset(("Earlier", "Later", "Separately", "Meanwhile"))


#: a market closure told without a day: "Markets in Tokyo were closed for a holiday", "Bond
#: markets were shut for the Veterans Day holiday"
_SHUT_NOW = re.compile(r"\b(?:[Mm]arkets?|[Ee]xchanges?)\b[^.;:]{0,40}?\b(?:were|was|are|is)\s+"
                       r"(?:closed|shut)\s+(?:for|on\s+account\s+of)\b")


def undated_news(
    sent: Sentence, clauses: list[tuple[int, int]], move_day: tuple[dt.date, str],
    prev: Happening | None, lead: bool = False,
) -> list[Happening]:
    """Return undated news told outside a move's cause, as an event.

    A report that showed something, an analyst's rating change ("told clients to sell
    shares of PICC"), a named teller who "also/later said" something, or a telling a
    known time before the event just told ("Powell's speech came a day after Trump told
    the Washington Post ...": dated back from it).
    A report ("Earlier, a Labor Department report showed ...") is dated by the move's day
    (its clause's, the previous sentence's, else the dateline); another telling in
    sequence ("Kudlow later said the report was not true") by the day of the event told
    just before. A lead (``lead``: the story's first sentence) telling a happening in the
    present perfect ("The European Commission has rejected Italy's draft budget") is the
    day's news, dated by the dateline; so is a market closure told without a day ("Markets
    in Tokyo were closed for a holiday"). All are marked.
    """
    m = _NEWS_SHOWED.search(sent.text) or _RATING.search(sent.text)
    back = _DAYS_AFTER.search(sent.text)
    if m is not None and not inside(m.start(), clauses):
        day, how = move_day
        cs, ce = clause_span(sent.text, m.start())
        ce = max(ce, m.end())
    elif back is not None and prev is not None and not prev.ref.is_range:
        day = prev.ref.first - dt.timedelta(days=_N_DAYS[" ".join(back.group("n").split())])
        how = f"'{' '.join(back.group(0).split()[:4])} ...' back from the event told before it"
        cs, ce = back.start("teller"), clause_span(sent.text, back.start("teller"))[1]
    elif (side := side_news(sent.text)) is not None:  # "..., while X held talks in Beijing"
        day, how = move_day
        cs, ce = side
    elif lead and not clauses and perfect_news(sent.text):
        day, how = move_day
        cs, ce = 0, len(sent.text)
    elif (shut := _SHUT_NOW.search(sent.text)) is not None and not inside(shut.start(), clauses):
        # "Markets in Tokyo were closed for a holiday": a closure told without a day is the
        # story's (the move's) day
        day, how = move_day
        cs, ce = clause_span(sent.text, shut.start())
    else:
        m = _ALSO_TOLD.search(sent.text)
        if m is None or inside(m.start(), clauses):
            return []
        day, how = (prev.ref.first, "the day of the event told before it") if (
            prev is not None and not prev.ref.is_range) else move_day
        cs, ce = clause_span(sent.text, m.start())
        ce = max(ce, m.end())
    ref = replace(implied_ref(sent, (cs, ce), day, how), rule=f"undated news: dated by {how}")
    teller = sent.text[m.start():].split()[0] if m is not None and m.re is _ALSO_TOLD else ""
    if prev is not None and teller.isalpha() and teller not in _SEQUENCE_WORDS and any(
            re.search(rf"\b{re.escape(teller)}\b", t.text) for t, _ in prev.mentions):
        # "Speaking at his press conference ..., Mario Draghi said ..." + "Mr Draghi also
        # warned against ...": the same teller on the same occasion -- the event told before
        prev.mentions.append((sent, ref))
        return []
    text = sent.text[cs:]
    title = " ".join(text.split()[:8]).strip(" ,.;:") + "..."
    return [Happening(ref, sent, keyword(text), content_words(text), title,
                      review=[ref.review], mentions=[(sent, ref)])]


_DOER = re.compile(r"\b([A-Z][\w&'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|&))*"
                   # "Facebook (FB), which reported": a relative clause names its doer too
                   r"(?:\s*\([A-Z.]+\))?(?:,?\s+(?:which|who)(?:\s+also)?)?\s+(?:reported|released"
                   r"|posted|announced|said|forecast|issued|unveiled|warned|disclosed)\b")


def new_doer(ev: Happening, g: Happening) -> bool:
    """Whether ``ev``'s move sentence names, before its date, a doer ``g``'s does not name.

    "The company released the results after the market closed Wednesday" (Tesla's) and
    "... after Microsoft reported strong results after the bell Wednesday" share the day,
    the time and the keyword but are two companies' news.
    """
    if not move_clauses(ev.sentence):
        return False  # "CEO Tim Cook announced the cut in a letter": the details of g
    head = ev.sentence.text[: max(0, ev.ref.start - ev.sentence.start)]
    doers = [m.group(1).lower() for m in _DOER.finditer(head)]
    if not doers or doers[-1] in STOP_WORDS:
        return False
    return doers[-1] not in names_of(g) | {w.lower() for w in re.findall(r"\b[A-Z][a-z]+",
                                                                        g.ref.text)}


#: a cause whose doer is the mover itself: "after the automaker reported earnings"
MOVER_DOER = re.compile(r"\s*(?:the\s+(?:company|automaker|carmaker|bank|firm|lender|retailer"
                         r"|group|chipmaker|airline|insurer|[\w-]+\s+maker)|it|its)\b",
                         re.IGNORECASE)
_POSSESSED_NEWS = re.compile(r"\b([A-Z][\w&-]+)['’]s\s+(?:[\w-]+\s+){0,2}(?:earnings|results"
                             r"|report|forecast|guidance|profit|sales)\b")


def other_doer(ev: Happening, cause: str) -> bool:
    """Whether ``ev`` is another company's news than a cause told of the mover itself.

    "helped by Facebook's earnings report after the bell Tuesday" is not "after the
    automaker reported third-quarter earnings before the bell".
    """
    doers = _POSSESSED_NEWS.findall(ev.sentence.text)
    return bool(doers) and not any(d.lower() in cause.lower() for d in doers)


#: a happening named as a day's distance from a dated one: "a day before Berkshire's
#: annual meeting", "two days after the election"
_DAYS_FROM = re.compile(
    r"\b(?P<n>a|one|two|three)\s+days?\s+(?P<dir>before|after)\s+(?P<what>(?:(?:the\s+|"
    r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*['’]s\s+)(?:[\w-]+\s+){0,3}?(?:meeting|summit"
    r"|vote|election|referendum|deadline|hearing|testimony|conference|speech|talks"
    r"|holiday|report|results)\b"
    # or a clause telling the happening: "a day after the party suffered heavy losses in an
    # election", "two days after its chief executive resigned"
    r"|(?:the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:[a-z]{3,}ed|lost|won|met|held|quit"
    r"|took|made|said|told|sold|left|fell|rose)\s[^,;.]{3,80}))")


def days_from(sent: Sentence, dated: list[Happening]) -> list[Happening]:
    """Happenings a sentence names by their distance from a dated one, as events.

    "Buffett disclosed the purchases ... on Friday morning, a day before Berkshire's annual
    meeting": the meeting is Saturday. The dated happening is the nearest one told before
    the phrase in the sentence; the result is marked for review.
    """
    out: list[Happening] = []
    for m in _DAYS_FROM.finditer(sent.text):
        before = [e for e in dated if not e.ref.is_range and e.ref.start - sent.start < m.start()]
        if not before:
            continue
        anchor = max(before, key=lambda e: e.ref.start)
        n = _N_DAYS[m.group("n")] * (1 if m.group("dir") == "before" else -1)
        day = anchor.ref.first + dt.timedelta(days=n)
        how = f"'{m.group(0)}' from {anchor.ref.first:%Y-%m-%d}"
        ref = replace(implied_ref(sent, m.span("what"), day, how),
                      rule=f"a happening named by its distance: {how}")
        text = m.group("what")
        out.append(Happening(ref, sent, keyword(text), content_words(text), text.strip(),
                             review=[ref.review], mentions=[(sent, ref)]))
    return out


#: a named teller: the capitalised run right before a verb of telling
_TELLER = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,5})(?:\w+ly\s+)?(?:said|says|told|tells"
                     r"|announced|warned|tweeted|wrote|declared|pledged|promised|reported)\b")


def _tellers(text: str) -> set[str]:
    """Names of the tellers of ``text`` ("Jerome Powell said" -> jerome, powell)."""
    skip = INSTITUTIONS | TITLES | STOP_WORDS | DEMONYMS
    return {w.lower().rstrip(".") for m in _TELLER.finditer(text)
            for w in m.group(1).split()} - skip


#: places a story names as actors' seats (a capital stands for its government)
_PLACES = frozenset(c.lower() for c in CITIES) | frozenset(
    "china japan britain germany france italy europe asia washington beijing tokyo "
    "brussels london canada mexico india russia korea".split())


def names_agree(cause: str, e: Happening) -> bool:
    """Whether a dated event names the teller a cause names (when it names one).

    "after Federal Reserve Chairman Jerome Powell said the central bank would keep
    raising rates" shares "Fed" and "rate" with "Minutes of the Fed's meeting ...
    showed officials expected to raise rates" and with "... days after President
    Donald Trump told Reuters ... he was not thrilled with the Fed's rate
    increases", but neither tells Powell's words: each is another happening.
    Institutions and titles name no teller here.
    """
    return not teller_missing(cause, e) and not doers_differ(cause, e)


def teller_missing(cause: str, e: Happening) -> bool:
    """Whether a cause names a teller the event does not name.

    "after the Wall Street Journal reported that the SEC had asked about Musk's tweet"
    is not "Musk said on Twitter on Tuesday ...", though they share the tweet's words.
    """
    told_by = _tellers(cause)
    return bool(told_by) and not told_by & e.words


def doers_differ(cause: str, e: Happening) -> bool:
    """Whether a cause and an event each name a doer and share none.

    "after an analyst at Bank of America upgraded the shares" names Bank of America;
    "Analysts at Jefferies downgraded the stock" names Jefferies: two firms' news, though
    they share "analyst" and "buy". A place is no doer ("Beijing" names China's
    government), nor a title, an institution word or a nationality.
    """
    mine = content_words(" ".join(_doers(cause)))
    theirs = content_words(" ".join(_doers(" ".join(s.text for s, _ in e.mentions)
                                           or e.sentence.text))) & e.words
    return bool(mine) and bool(theirs) and not mine & theirs


def _doers(text: str) -> set[str]:
    """Capitalised names in ``text`` that may name a doer (no place, month or title)."""
    return ({w.lower() for w in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", text)}
            - STOP_WORDS - TITLES - DEMONYMS - INSTITUTIONS - _PLACES)
