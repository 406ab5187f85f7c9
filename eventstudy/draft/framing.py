"""How a sentence frames its dates: the tense that reads them, the week it is about.

A year-less date or holiday is read back or ahead by the tense of its clause
(:func:`tense_direction`, :func:`year_by_tense`); a span that is the subject of its
end is a range ending that day (:data:`SPAN_ENDS`); bare weekdays of a sentence about
next or last week are that week's (:func:`in_week_frame`). Used by
:mod:`eventstudy.draft.dates`; the rules are in docs/draft-rules.md (rule table after round 9).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from eventstudy.draft.clauses import governing_tense


class _Ref(Protocol):
    """What :func:`in_week_frame` and :func:`listed_ahead` read of a ``dates.TimeRef``.

    Structural, so this module needs nothing from :mod:`eventstudy.draft.dates`,
    which imports it.
    """

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def text(self) -> str: ...  # noqa: D102

    @property
    def start(self) -> int: ...  # noqa: D102

    @property
    def end(self) -> int: ...  # noqa: D102

    @property
    def kind(self) -> str: ...  # noqa: D102

    @property
    def first(self) -> dt.date: ...  # noqa: D102

    @property
    def last(self) -> dt.date: ...  # noqa: D102

    @property
    def future(self) -> bool: ...  # noqa: D102

    @property
    def speech(self) -> bool: ...  # noqa: D102


_R = TypeVar("_R", bound=_Ref)

_FLAGS = re.IGNORECASE
WEEKDAYS = tuple(d.lower() for d in calendar.day_name)


def weekday_before(day: dt.date) -> dt.date:
    """Return the last weekday (Monday to Friday) before ``day``."""
    d = day - dt.timedelta(days=1)
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d

# "a two-day meeting that ends Wednesday", "Two days of talks ... ended Thursday": the span is
# the subject of its end, so the day is its last ("the Bank of Japan concludes a two-day
# meeting on Friday" is the conclusion: the actor is the subject, one day)
SPAN_ENDS = re.compile(
    r"\b(two|three|four|five|[2-5])[- ]days?\b(?:\s+of)?(?:\s+[^\s,;:]+){1,10}?\s+"
    r"(?:that\s+|which\s+)?(?:ends|ended|concludes|concluded|finishes|finished|wraps\s+up"
    r"|wrapped\s+up)\s+(?:on\s+)?$", re.IGNORECASE)

# "the Fed's two-day policy meeting, which begins on Tuesday", "a three-day summit starting
# Friday": the span is the subject of its start, so the day is its first (an actor beginning
# it, "officials began two days of talks on Monday", is the start: one day, as for an end)
SPAN_STARTS = re.compile(
    r"\b(two|three|four|five|[2-5])[- ]days?\b(?:\s+of)?(?:\s+[^\s,;:]+){1,10}?\s*,?\s+"
    r"(?:that\s+|which\s+)?(?:begins|began|starts|started|opens|opened|kicks\s+off"
    r"|kicked\s+off|starting|beginning|opening)\s+(?:on\s+)?$", re.IGNORECASE)

#: words before a date that make a past verb point ahead ("postponed the increase to March 2")
_AHEAD = re.compile(r"\b(?:until|till|to|through|by|before|for|from|starting|beginning"
                    r"|effective|scheduled|set\s+for|due|ahead\s+of|awaiting|toward|towards"
                    r"|run-up\s+to)\s+(?:on\s+)?(?:the\s+)?$", _FLAGS)


def tense_direction(sentence: str, pos: int, future: bool) -> int:
    """Return +1 when a date at ``pos`` is told ahead, -1 when it is told as past, else 0.

    The clause's tense (clause reader) says it: a future or conditional clause
    reads ahead (not a present one: "the lawsuit centers on Musk's Aug. 7
    tweets"); a past, past-perfect or present-perfect clause ("set its record
    on Jan. 26", "had closed for Good Friday") tells a day already gone -- unless
    the date follows a word pointing ahead ("postponed the increase to March 2",
    "delayed until", "due").

    Parameters
    ----------
    sentence, pos
        The sentence and the date phrase's offset in it.
    future
        Whether the phrase already reads forward (:func:`~eventstudy.draft.readings.reads_forward`).
    """
    tense = governing_tense(sentence, pos)
    if tense in ("future", "conditional"):
        return 1
    if tense in ("past", "past_perfect", "present_perfect") and not future and not (
            _AHEAD.search(sentence[max(0, pos - 40): pos])):
        return -1
    return 0


def year_by_tense(of_year: Callable[[int], dt.date], nearest: dt.date, rule: str, review: str,
                   direction: int, dateline: dt.date) -> tuple[dt.date, str, str]:
    """Return the occurrence of a year-less date (or holiday) its clause's tense points to.

    ``nearest`` is the occurrence nearest the dateline; a past clause takes the
    latest occurrence on or before the dateline, a clause told ahead the first on
    or after it, when that differs from the nearest (a review note says so).
    """
    if direction == 0 or (nearest - dateline).days * direction >= 0:
        return nearest, rule, review
    day = of_year(nearest.year + direction)
    note = (f"the year-less date was read {'back' if direction < 0 else 'ahead'} as "
            f"{day:%Y-%m-%d}, as its clause's tense says, not the nearest {nearest:%Y-%m-%d}")
    return day, (rule + "; " if rule else "") + "its clause's tense", note


#: a week told as the sentence's subject: "Next week will be a busy one", "Next week brings ..."
_WEEK_SUBJECT = re.compile(r"\s*(?:will|is|was|brings|brought|looks|promises|holds|has|had"
                           r"|offers|could|may|might|should)\b", _FLAGS)


def in_week_frame(refs: list[_R], sentence: str, dateline: dt.date,
                   offset: int) -> list[_R]:
    """Read bare weekdays inside the week a sentence opens with, and drop that frame.

    "Next week brings a Fed meeting and the jobs report on Friday": the Friday of
    next week, not the first Friday on or after the dateline; "Last week, the
    Fed raised rates on Wednesday": the Wednesday of last week. A week that is
    the sentence's subject ("Next week will be a busy one") names a time, not a
    happening: it is no reference of its own.
    """
    frame = next((r for r in refs if r.kind == "week"
                  and r.text.split()[0].lower() in ("next", "last")), None)
    if frame is None:
        return refs
    out: list[_R] = []
    for r in refs:
        if r is frame and not sentence[: r.start - offset].strip(" \"'“") and (
                _WEEK_SUBJECT.match(sentence, r.end - offset)):
            continue  # "Next week will be a busy one": the frame, not an event
        if (r.kind == "weekday" and r.start > frame.start
                and r.text.split()[0].lower() in (*WEEKDAYS, "on")):
            wd = WEEKDAYS.index(r.text.split()[-1].lower().removesuffix("'s").removesuffix("’s"))
            day = frame.first + dt.timedelta(days=wd)
            # (a span keeps its length and the end the weekday names: "a two-day meeting
            # that ends Wednesday" ends on the frame's Wednesday)
            anchor = r.last if r.last.weekday() == wd and r.first.weekday() != wd else r.first
            if day != anchor:
                shift = day - anchor
                r = dataclasses.replace(
                    r, first=r.first + shift, last=r.last + shift,
                    rule=f"{WEEKDAYS[wd].capitalize()} of "
                    f"'{' '.join(frame.text.split())}', the week the sentence is about",
                    review=f"read as the {WEEKDAYS[wd].capitalize()} of "
                    f"{' '.join(frame.text.split())} ({day:%Y-%m-%d}); check",
                    future=day > dateline)
        out.append(r)
    return out


#: what joins the days of one schedule ("a vote on Wednesday ... and, if they reject
#: that, a vote on Thursday"), and what tells a day between them as past
_LIST_JOIN = re.compile(r"\b(?:and|then)\b", _FLAGS)
_PAST_BETWEEN = re.compile(r"\b(?:last|ago|had|did|earlier)\b", _FLAGS)


def listed_ahead(refs: list[_R], sentence: str, offset: int) -> list[_R]:
    """Read a bare weekday listed after a weekday read ahead as ahead too.

    "MPs would be given a vote on Wednesday ... and, if they rejected that, a vote on
    Thursday": the schedule's second day is told in the same future as its first, even
    where its own clause ("if they rejected that") hides the tense -- the first such
    weekday after the day read ahead, marked.

    Parameters
    ----------
    refs
        The sentence's references, in order.
    sentence
        The sentence text.
    offset
        The sentence's offset in the article (the references' positions are article
        offsets).

    Returns
    -------
    list
        ``refs`` with each such weekday read ahead.
    """
    out: list[_R] = []
    ahead: _R | None = None
    for r in refs:
        words = r.text.split()
        if (ahead is not None and r.kind == "weekday" and not r.future and not r.speech
                and words[0].lower() in (*WEEKDAYS, "on")):
            gap = sentence[ahead.end - offset:r.start - offset]
            if _LIST_JOIN.search(gap) and not _PAST_BETWEEN.search(gap):
                wd = WEEKDAYS.index(words[-1].lower().removesuffix("'s").removesuffix("’s"))
                day = ahead.first + dt.timedelta(days=(wd - ahead.first.weekday()) % 7 or 7)
                r = dataclasses.replace(
                    r, first=day, last=day, future=True,
                    rule=f"{words[-1]} listed after '{ahead.text}', read ahead: the first "
                    "such day after it",
                    review=f"listed after a day read ahead, so read as {day:%Y-%m-%d}; check")
        if r.kind == "weekday" and r.future:
            ahead = r
        out.append(r)
    return out


#: a closure told by its reopening alone: "were closed for the holiday and reopen on
#: Tuesday", "is shut today and will resume trading on Monday"
_CLOSED_UNTIL = re.compile(r"\b(?:closed|shut)\b[^.;]{0,60}?\b(?:and|but)\s+(?:will\s+)?"
                           r"(?:reopens?|resumes?\s+trading)\s+(?:on\s+)?$", _FLAGS)


def closed_until(refs: list[_R], sentence: str, dateline: dt.date, offset: int) -> list[_R]:
    """Read a market closure told only by its reopening day as the closed day.

    "U.S. exchanges were closed for the holiday and reopen on Tuesday" (a Monday story):
    the reopening is ahead of the story (the first such weekday after the dateline) and
    the happening told is the closure, the weekday before it -- marked. A sentence that
    dates the closure itself is read by the closure's range rule instead.

    Parameters
    ----------
    refs
        The sentence's references, in order.
    sentence
        The sentence text.
    dateline
        The article's date.
    offset
        The sentence's offset in the article.

    Returns
    -------
    list
        ``refs`` with such a reopening weekday replaced by the closed day.
    """
    out: list[_R] = []
    for i, r in enumerate(refs):
        words = r.text.split()
        if (i == 0 and r.kind == "weekday" and words[0].lower() in (*WEEKDAYS, "on")
                and _CLOSED_UNTIL.search(sentence, 0, r.start - offset)):
            wd = WEEKDAYS.index(words[-1].lower())
            reopen = dateline + dt.timedelta(days=(wd - dateline.weekday()) % 7 or 7)
            day = weekday_before(reopen)
            r = dataclasses.replace(
                r, first=day, last=day, future=day > dateline,
                rule=f"closed until the reopening {' '.join(words)} ({reopen:%Y-%m-%d}): the "
                "weekday before it",
                review=f"the closure read as {day:%Y-%m-%d}, the weekday before the reopening; "
                "check")
        out.append(r)
    return out
