"""The happening a move waits for, drafted from the wait's own words (docs/draft.md).

A move told as made ahead of a happening (:mod:`eventstudy.draft.anticipation`) needs that
happening among the drafted events. A story often names it only in the wait itself and
dates it there by the market's clock: "... ahead of the iPhone maker's quarterly earnings
report due after the closing bell" is a report on the story's day, at the close of the
subject's market. When no drafted event still ahead names the happening, and the wait's
phrase says it comes after the close, the happening is drafted from the phrase: that
day, at the close, marked for review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from eventstudy.draft.events import DraftEvent
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import _AFTER_CLOSE, MARKETS, TimeOfDay
from eventstudy.draft.words import content_words, slug

#: the subject's exchange calendar -> the market whose close it keeps
_CALENDAR_MARKET = {
    "XNYS": "New York", "XNAS": "New York", "NYSE": "New York", "XHKG": "Hong Kong",
    "XSHG": "Shanghai", "XSHE": "Shanghai", "XTKS": "Tokyo", "XLON": "London",
    "XETR": "Frankfurt", "XEUR": "Frankfurt", "STOXX": "Frankfurt", "XMIL": "Milan",
    "XPAR": "Paris",
}

#: the happening told as coming after the story's close: "due after the closing bell",
#: "after the bell", "after the market closes" (no other day named before it)
_DUE_AFTER_CLOSE = re.compile(
    r"(?:\b(?:due|expected|scheduled|set|out)\s+(?:(?:for\s+)?release\s+)?)?"
    r"(?P<close>" + _AFTER_CLOSE.pattern + r")", re.IGNORECASE)

#: a day named in the phrase: the happening is not the story's day
_OTHER_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|tomorrow|next"
    r"|week|month|January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b", re.IGNORECASE)


#: the reading rule of a happening drafted from a wait's words
_RULE = "the story's day: told as due after its close"


def is_awaited(ev: DraftEvent) -> bool:
    """Whether ``ev`` was drafted from a wait's own words (:func:`after_the_close`)."""
    return ev.ref.kind == "implied" and ev.ref.rule == _RULE


def after_the_close(sentence: Sentence, phrase: tuple[int, int], calendar: str,
                    move_date: dt.date, taken: Iterable[str]) -> DraftEvent | None:
    """Return the happening a wait's phrase tells as coming after the day's close.

    Parameters
    ----------
    sentence
        The move's sentence.
    phrase
        The happening's phrase (offsets in the sentence,
        :class:`~eventstudy.draft.anticipation.Anticipation`).
    calendar
        The subject's exchange calendar: whose close the phrase means.
    move_date
        The move's session: the story's day the phrase tells.
    taken
        The ids of the drafted events (the new id is not one of them).

    Returns
    -------
    DraftEvent or None
        The happening on ``move_date`` at the market's close, marked; None when the phrase
        gives no such time, names another day, or the calendar keeps no known close.
    """
    text = sentence.text[phrase[0]:phrase[1]]
    m = _DUE_AFTER_CLOSE.search(text)
    market = MARKETS.get(_CALENDAR_MARKET.get(calendar, ""))
    if m is None or market is None or _OTHER_DAY.search(text, 0, m.start()):
        return None
    name = " ".join(re.sub(r"^(?:the|a|an)\s+", "", text[:m.start()].strip(),
                           flags=re.IGNORECASE).split())
    names = sorted(content_words(name), key=name.lower().find)[:2]
    if not names:
        return None
    stem = f"{slug('-'.join(names))}-{move_date.isoformat()}"
    uid, n, used = stem, 2, set(taken)
    while uid in used:
        uid, n = f"{stem}-{n}", n + 1
    start = sentence.start + phrase[0]
    ref = TimeRef(text, sentence.index, start, start + len(text), "implied", move_date,
                  move_date, _RULE, future=True)
    close = m.group("close")
    time = TimeOfDay(close, start + m.start("close"), start + m.end("close"), sentence.index,
                     market.close, market.timezone,
                     f"'{close}': the {market.name} close")
    review = (f"drafted from the wait's own words ('{' '.join(text.split())[:70]}'): the "
              f"story's day at the {market.name} close -- check the happening and its time",)
    return DraftEvent(uid, name, ref, sentence, review=review, time=time,
                      mentions=((sentence, ref),), words=frozenset(content_words(name)))
