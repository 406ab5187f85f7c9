"""Turn sentences with resolved dates into candidate events and claims.

Rules (all keyword rules; documented in docs/draft.md)
-------------------------------------------------------
Move sentences
    A sentence is a *move sentence* when it contains a market-move word
    (:data:`UP_WORDS`, :data:`DOWN_WORDS`). Each subject named in it (see
    :mod:`eventstudy.draft.assets`) is paired with move words: each move word
    takes the nearest subject before it, else the nearest after it ("boosted
    US stocks"); a subject left over takes the nearest move word after it, else
    before it. The clause of the move word (text between , ; : and after,
    following, as, while, when, amid, that, but) decides its window and negation.
Events
    Every time reference that is not in the same clause as a move word dates an
    event: one candidate event per such reference, except that references of
    one sentence resolved to the same day (or range) give one event. A reference right after a
    speech verb ("said on Thursday") in a sentence that also dates something
    else is the *announcement* of that other thing (id ``<keyword>-announced``).
    The id is ``<keyword>-<first day>``, the keyword being the first word of
    :data:`EVENT_KEYWORDS` in the sentence, else its first two content words.
    The title is the sentence without its time phrases, cut to eight words.
Claims
    One claim per (subject, move word), dropping repeats of the same subject,
    direction, window and event (a headline and its story): direction ``up``/``down`` from the word,
    ``any`` (marked) when a negation (not, n't, never, no, failed to) precedes it
    within three words. Window ``[0, 1]``; ``[-10, -1]`` (a pre-event run-up or
    sell-off) when the sentence says recently, lately, in recent days/weeks/months,
    ahead of, in the run-up to, or in the days/weeks before, in the move word's
    clause. Such a pre-event move in a sentence that also reports a post-event
    move of the same subject ("US stocks, beaten down recently, received a
    boost from ...") is attributed to that move's event.
Attribution (dates first, then keyword overlap)
    A move cannot react to a later event. The move's date is the date in its
    clause ("slipped on Monday"), else the dateline; the candidate events are
    those whose date (or range start) is on or before it (a forecast -- will,
    could, would, may, might -- with no date may take any event). The cause
    text is what follows the first cause cue (from, after, following, on
    news/hopes/optimism/fears/worries, amid, due to, thanks to, because of, in
    response to, over) after the move word, else the whole sentence. Each
    candidate scores the number of distinct content words (stop words, subject
    and move words removed, plural ``s`` stripped) it shares with the cause
    text. The highest score wins, then the latest date, then the nearest
    earlier sentence, then the non-announcement event. Marked for review: no
    candidate at all (the best-scoring event is kept), no overlap (the latest
    candidate is kept), a tie on score and date between events of different
    sentences, or a later event that the cause names at least as well (the
    move is then drafted against the candidate, e.g. that event's
    announcement).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventstudy.draft.assets import Mapping, Subject, SubjectMatch
from eventstudy.draft.dates import TimeRef
from eventstudy.draft.text import Sentence

UP_WORDS = (
    "boost boosts boosted boosting rally rallies rallied rallying gain gains gained gaining "
    "rise rises rose risen rising jump jumps jumped jumping climb climbs climbed climbing "
    "surge surges surged surging soar soars soared soaring advance advances advanced "
    "rebound rebounds rebounded rebounding lift lifts lifted recover recovers recovered "
    "higher up"
).split()
DOWN_WORDS = (
    "fall falls fell fallen falling slump slumps slumped slumping slide slides slid sliding "
    "tumble tumbles tumbled tumbling drop drops dropped dropping sink sinks sank sunk sinking "
    "decline declines declined declining plunge plunges plunged plunging retreat retreats "
    "retreated slip slips slipped sag sagged lower down hammered battered selloff sell-off "
    "sold-off"
).split()
_MULTI_DOWN = r"beaten\s+down|beat\s+down|sold\s+off|lost\s+ground|weighed\s+on|weigh\s+on"
_MULTI_UP = r"received\s+a\s+boost|got\s+a\s+boost|got\s+a\s+lift|gained\s+ground"
_MOVE = re.compile(
    rf"\b(?P<down>{_MULTI_DOWN}|{'|'.join(map(re.escape, DOWN_WORDS))})\b"
    rf"|\b(?P<up>{_MULTI_UP}|{'|'.join(map(re.escape, UP_WORDS))})\b",
    re.IGNORECASE,
)
# "up"/"down"/"higher"/"lower" only count when not the only move word; see _moves()
_WEAK = {"up", "down", "higher", "lower"}
_NEGATION = re.compile(
    r"\b(?:not|never|no|failed\s+to|fail\s+to)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$", re.I
)
_PRE_EVENT = re.compile(
    r"\b(?:recently|lately|in\s+recent\s+(?:days|weeks|months|sessions)|ahead\s+of"
    r"|in\s+the\s+run-?up\s+to|in\s+the\s+(?:days|weeks)\s+(?:before|leading\s+up\s+to))\b",
    re.IGNORECASE,
)
_CAUSE = re.compile(
    r"\b(?:from|after|following|on\s+(?:news|hopes|optimism|fears|worries|reports)|amid"
    r"|due\s+to|thanks\s+to|because\s+of|in\s+response\s+to|over)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:—–]|\b(?:after|following|as|while|when|amid|that|but)\b", re.I)
EVENT_KEYWORDS = (
    "talks truce tariffs tariff meeting meet summit deal agreement ceasefire call tweet ban "
    "sanctions arrest vote election decision announcement statement visit negotiations survey "
    "purchases purchase order orders shutdown probe lawsuit merger acquisition earnings "
    "results recall strike"
).split()
STOP_WORDS = frozenset(
    "a an the and or of to in on at for from by with as is are was were be been being has have "
    "had it its this that these those their there they them he she his her we our you your i "
    "said says say told would will could should may might can than then also after before "
    "following news amid over into about up down more most some any all other such who which "
    "what when where while not no new report reports reported according week day today "
    "yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday jan feb mar "
    "apr jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december recently upcoming officials official".split()
)


@dataclass(frozen=True)
class DraftEvent:
    """A candidate event: one time reference in one sentence."""

    id: str
    title: str
    ref: TimeRef
    sentence: Sentence
    announcement: bool = False
    review: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class Orphan:
    """A move sentence whose subject is not in the mapping."""

    sentence: Sentence
    move: str


def _moves(text: str) -> list[tuple[int, int, str, str]]:
    found = [
        (m.start(), m.end(), m.group(0), "down" if m.group("down") else "up")
        for m in _MOVE.finditer(text)
    ]
    strong = [f for f in found if f[2].lower() not in _WEAK]
    return strong


def _words(text: str) -> set[str]:
    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        w = w.lower().replace("’", "'")
        w = w[:-2] if w.endswith("'s") else w
        if w in STOP_WORDS or len(w) < 3:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique_id(stem: str, used: set[str]) -> str:
    """Return ``stem``, else ``stem-2``, ``stem-3``, ... the first not in ``used`` (added)."""
    uid, n = stem, 2
    while uid in used:
        uid = f"{stem}-{n}"
        n += 1
    used.add(uid)
    return uid


def _clause_span(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE.finditer(text, 0, pos)]
    ends = [m.start() for m in _CLAUSE.finditer(text, pos)]
    return (starts[-1] if starts else 0), (ends[0] if ends else len(text))


def _strip_refs(sentence: Sentence, refs: list[TimeRef]) -> str:
    text = sentence.text
    for r in sorted(refs, key=lambda r: -r.start):
        s, e = r.start - sentence.start, r.end - sentence.start
        text = text[:s] + text[e:]
    text = re.sub(r"\s+([,.;:])", r"\1", " ".join(text.split()))
    return re.sub(r"^(?:On|In|At|By|,)\s+|[ ,]+(?=,)", "", text).strip(" ,.;:")


def _title(sentence: Sentence, refs: list[TimeRef]) -> str:
    words = _strip_refs(sentence, refs).split()
    title = " ".join(words[:8])
    return title.rstrip(",;:") + ("..." if len(words) > 8 else "")


def _keyword(text: str) -> str:
    lower = text.lower()
    hits = [(m.start(), k) for k in EVENT_KEYWORDS for m in re.finditer(rf"\b{k}\b", lower)]
    if hits:
        return min(hits)[1]
    content = [w for w in re.findall(r"[a-z][a-z-]+", lower) if w not in STOP_WORDS]
    return "-".join(content[:2]) or "event"


def find_events(
    sentences: list[Sentence], refs: list[TimeRef], move_clauses: dict[int, list[tuple[int, int]]]
) -> list[DraftEvent]:
    """One candidate event per time reference outside a move clause (see module docs)."""
    events: list[DraftEvent] = []
    used: set[str] = set()
    by_sentence: dict[int, list[TimeRef]] = {}
    for r in refs:
        by_sentence.setdefault(r.sentence, []).append(r)
    for sent in sentences:
        srefs = by_sentence.get(sent.index, [])
        eventful = [
            r
            for r in srefs
            if not any(s <= r.start - sent.start < e for s, e in move_clauses.get(sent.index, []))
        ]
        # two phrases resolved to the same day(s) ("on Tuesday ... said on Sept. 18") date
        # one event: keep the first, preferring a phrase that is not after a speech verb
        same: dict[tuple[dt.date, dt.date], TimeRef] = {}
        for r in sorted(eventful, key=lambda r: r.speech):
            same.setdefault((r.first, r.last), r)
        eventful = [r for r in eventful if same[(r.first, r.last)] is r]
        for r in eventful:
            announcement = r.speech and len(eventful) > 1
            key = _keyword(sent.text)
            base = f"{key}-announced" if announcement else key
            eid = _unique_id(f"{_slug(base)}-{r.first:%Y-%m-%d}", used)
            title = _title(sent, srefs)
            if len(eventful) > 1:
                title = f"{title} ({' '.join(r.text.split())})"
            review = (r.review,) if r.review else ()
            events.append(DraftEvent(eid, title, r, sent, announcement, review))
    return events


def move_clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Clause spans (sentence-relative) that contain a market-move word."""
    return [_clause_span(sentence.text, s) for s, _, _, _ in _moves(sentence.text)]


def _attribute(
    claim_sentence: Sentence,
    move_pos: int,
    subject: Subject,
    events: list[DraftEvent],
    dateline: dt.date,
    move_date: dt.date | None,
) -> tuple[DraftEvent | None, list[str]]:
    if not events:
        return None, ["no dated event found in the article: add one and set this claim's event"]
    text = claim_sentence.text
    cue = _CAUSE.search(text, move_pos)
    cause = text[cue.end() :] if cue else text
    ignore = _words(" ".join(subject.aliases)) | {w.lower() for w in UP_WORDS + DOWN_WORDS}
    cause_words = _words(cause) - ignore
    future_claim = move_date is None and re.search(
        r"\b(?:will|could|would|may|might)\b", text, re.I)
    ref = move_date or dateline
    when = f"the move's date {move_date}" if move_date is not None else "the article date"
    scored = []
    for ev in events:
        overlap = cause_words & _words(_strip_refs(ev.sentence, [ev.ref]))
        distance = claim_sentence.index - ev.sentence.index
        nearness = distance if distance >= 0 else 1000 - distance
        scored.append((-len(overlap), -ev.ref.first.toordinal(), nearness, ev.announcement,
                       ev.ref.start, ev, overlap))
    scored.sort(key=lambda x: x[:5])
    # a move cannot react to a later event: candidates start on or before the move's date
    # (a forecast -- "will", "could" without a date -- may be about any event)
    candidates = [x for x in scored if future_claim or x[5].ref.first <= ref]
    review: list[str] = []
    if not candidates:
        best = scored[0]
        review.append(
            f"no event in the article starts on or before {when}; drafted against "
            f"'{best[5].id}', which a past move cannot have reacted to -- set the date the news "
            "came out (its announcement)")
        return best[5], review
    top = candidates[0]
    event, overlap = top[5], top[6]
    ties = [x[5].id for x in candidates[1:]  # same score and same date, another sentence
            if x[:2] == top[:2] and x[5].sentence is not event.sentence]
    if not overlap:
        review.append(
            f"the cause is not named (no words shared with any event sentence); attributed to "
            f"the latest event on or before {when}, '{event.id}' -- check")
    elif ties:
        review.append(
            f"ambiguous: '{event.id}' and {', '.join(repr(t) for t in ties)} share as many words "
            f"with the cause and have the same date; drafted against '{event.id}' -- choose")
    later = [x for x in scored if x not in candidates and -x[0] >= len(overlap) > 0]
    if later:
        late = later[0][5]
        review.append(
            f"the cause also names '{late.id}', which starts after {when}, so it cannot have "
            f"caused this move; drafted against '{event.id}' (e.g. its announcement) -- use "
            f"'{late.id}' only to test the event itself")
    return event, review


def _pairs(
    subjects: list[SubjectMatch], moves: list[tuple[int, int, str, str]], base: int
) -> list[tuple[SubjectMatch, tuple[int, int, str, str]]]:
    """Pair subjects with move words (see the module docstring)."""
    pairs: list[tuple[SubjectMatch, tuple[int, int, str, str]]] = []
    for mv in moves:
        before = [sm for sm in subjects if sm.end - base <= mv[0]]
        after = [sm for sm in subjects if sm.start - base >= mv[1]]
        sm = before[-1] if before else after[0] if after else None
        if sm is not None:
            pairs.append((sm, mv))
    paired = {id(p[0]) for p in pairs}
    object_moves = [mv for sm, mv in pairs if sm.start - base >= mv[1]]  # "boosted X and Y"
    for sm in subjects:
        if id(sm) in paired:
            continue
        after = [m for m in moves if m[0] >= sm.end - base]
        before = [m for m in object_moves if m[1] <= sm.start - base]
        if after or before:
            pairs.append((sm, after[0] if after else before[-1]))
    return sorted(pairs, key=lambda p: p[1][0])


def find_claims(
    sentences: list[Sentence],
    mapping: Mapping,
    events: list[DraftEvent],
    dateline: dt.date,
    refs: list[TimeRef] | None = None,
) -> tuple[list[DraftClaim], list[Orphan], list[SubjectMatch]]:
    """Candidate claims, move sentences without a known subject, and all subject mentions."""
    claims: list[DraftClaim] = []
    orphans: list[Orphan] = []
    mentions: list[SubjectMatch] = []
    used: set[str] = set()
    event_refs = {id(e.ref) for e in events}
    for sent in sentences:
        subjects = mapping.find(sent.text, sentence_index=sent.index, offset=sent.start)
        mentions.extend(subjects)
        moves = _moves(sent.text)
        if not moves:
            continue
        if not subjects:
            orphans.append(Orphan(sent, moves[0][2]))
            continue
        move_refs = [
            r for r in (refs or []) if r.sentence == sent.index and id(r) not in event_refs
        ]
        drafted: list[DraftClaim] = []
        for sm, move in _pairs(subjects, moves, sent.start):
            direction = move[3]
            review: list[str] = []
            cs, ce = _clause_span(sent.text, move[0])
            if _NEGATION.search(sent.text[cs : move[0]]):
                review.append(
                    f"'{move[2]}' looks negated; direction set to 'any' -- choose up or down"
                )
                direction = "any"
            if sm.subject.kind == "volatility":
                review.append("a volatility index moves opposite to stocks: check the direction")
            pre = bool(_PRE_EVENT.search(sent.text[cs:ce]))
            window = (-10, -1) if pre else (0, 1)
            move_date = next((r.first for r in move_refs if cs <= r.start - sent.start < ce), None)
            event, why = _attribute(sent, move[0], sm.subject, events, dateline, move_date)
            review.extend(why)
            cid = _unique_id(f"{_slug(sm.subject.key)}-{direction}", used)
            drafted.append(
                DraftClaim(cid, sm, move[2], direction, window, event, sent, tuple(review))
            )
        # a pre-event move is "recent" relative to the post-event move of the same sentence
        post = {c.subject.subject.key: c for c in drafted if c.window == (0, 1)}
        for i, c in enumerate(drafted):
            partner = post.get(c.subject.subject.key)
            if c.window != (0, 1) and partner is not None:
                drafted[i] = DraftClaim(
                    c.id,
                    c.subject,
                    c.move,
                    c.direction,
                    c.window,
                    partner.event,
                    c.sentence,
                    partner.review,
                )
        for c in drafted:  # a headline and its story often report the same move: keep one
            key = (c.subject.subject.key, c.direction, c.window, c.event)
            if not any(
                (d.subject.subject.key, d.direction, d.window, d.event) == key for d in claims
            ):
                claims.append(c)
    return claims, orphans, mentions
