"""What a move told without a cause carries on from the claims before it (docs/draft.md).

Split from :mod:`eventstudy.draft.extract` after round 18 (that module was at its size
limit): whether a claim's sentence names or dates a cause of its own (:func:`own_cause`,
used to drop a move told again with its figures), and the event a move with no cause of its
own takes from the claims before it (:func:`carried_event`): the claim just before's,
unless that claim moved the other way -- then the last claim's in the move's own direction
("Stocks opened higher after Williams said ..." does not lend its news to "Goldman Sachs
fell 5%" told after the day's fall), and whether an index's move carries the last
market-wide move's event (:func:`index_carries`: not one told the other way in an earlier
sentence -- "climbed nearly 200 points in the morning after a government report showed
..." lends nothing to "The Dow finished down" two sentences on); and whether a move is an
earlier session's told in the pluperfect (:func:`recap`: "Wall Street had jumped more than
2 percent on Wednesday after the midterm elections ..." in a Thursday story), which lends
neither its day nor its news to the moves told after it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

from eventstudy.draft.assets import SubjectMatch
from eventstudy.draft.events import DraftEvent
from eventstudy.draft.readings import past_perfect
from eventstudy.draft.text import Sentence
from eventstudy.draft.words import CAUSE, cause_span


class _Claim(Protocol):
    """What :func:`own_cause` reads of a drafted claim."""

    @property
    def move(self) -> str:
        """The move word."""

    @property
    def sentence(self) -> Sentence:
        """The claim's sentence."""


#: a market's break named after a cue: "since trading resumed after the Spring Festival
#: holiday" -- the calendar, no news
_BREAK = re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}(?:long\s+)?(?:holiday|holidays"
                    r"|break|weekend)\b")


def own_cause(c: _Claim) -> bool:
    """Whether a claim's sentence names a cause of its move or dates it (after the move word)."""
    text = c.sentence.text
    at = text.find(c.move)
    if at < 0:
        return True
    return any(not _BREAK.match(text, m.end()) for m in CAUSE.finditer(
        text, at + len(c.move))) or bool(
        re.search(r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                  text))


def carried_event(previous: DraftEvent | None, last_dir: str, direction: str,
                  by_direction: dict[str, DraftEvent]) -> DraftEvent | None:
    """Return the event a move carries on from the claims before it.

    Parameters
    ----------
    previous
        The event of the claim just before (``None`` when it is not to be carried).
    last_dir
        That claim's direction.
    direction
        The move's direction.
    by_direction
        The event of the last claim in each direction (``"up"``, ``"down"``).

    Returns
    -------
    DraftEvent or None
        ``previous``, or -- when the claim just before moved the other way -- the event of
        the last claim in the move's own direction, if any.
    """
    if previous is None or direction == last_dir or {direction, last_dir} != {"up", "down"}:
        return previous
    return by_direction.get(direction, previous)


def opposite(direction: str) -> str:
    """Return the other way of a move ("up" <-> "down"; any other direction as it is)."""
    return {"up": "down", "down": "up"}.get(direction, direction)


def volatility_carried(previous: DraftEvent | None, last_dir: str, direction: str,
                       by_direction: dict[str, DraftEvent],
                       home: dict[str, DraftEvent] | None = None) -> DraftEvent | None:
    """Return the event a volatility index's move carries on from the claims before it.

    A volatility index moves against stocks: a fall of the VIX told without a cause goes
    with the last *rise* of stocks (and a rise with the last fall) -- "The Dow added 124
    points. The Nasdaq slipped 0.2%. The VIX fell 9%." carries the Dow's news, not the
    Nasdaq's. :func:`carried_event` with the stocks' direction the move stands for.

    ``home`` is given when the claim just before was of another exchange's market than the
    index's ("Overseas, the Euro Stoxx 50 lost 1.3 percent as ... The Cboe Volatility
    Index rose"): the event of the last claim of the index's own market in each direction;
    the fear gauge of New York goes with New York's stocks.
    """
    against = opposite(direction)
    if home is not None:
        return home.get(against)
    return carried_event(previous, last_dir, against, by_direction)


def unmapped_news(events: list[DraftEvent], sentence: int, text: str, move: int
                  ) -> DraftEvent | None:
    """Return the news of a company move the mapping does not know, told in its sentence.

    "Macy's plunged after the department store chain cut its forecast before the market
    opened": the cause after the move word, drafted as an event of that sentence (``None``
    when the move names no cause, or its cause is no event of the sentence).
    """
    span = cause_span(text, move)
    if span is None:
        return None
    return next((e for e in events if e.sentence.index == sentence
                 and span[0] <= e.ref.start - e.sentence.start < span[1]), None)


def sector_carries(sm: SubjectMatch, direction: str, sentence: int, text: str, move: int,
                   company: tuple[int, str, DraftEvent] | None) -> DraftEvent | None:
    """Return the unmapped company's news a sector's uncaused move carries, if any.

    "Nvidia plunged after the chipmaker issued a weak forecast. The Technology Select Sector
    SPDR fund edged down 0.2 percent.": a sector's move told without a cause within two
    sentences of a company's move the same way, whose own news the story just told, is
    that company's sector reacting to it -- the mapping does not hold the company, so no
    claim of the company carries the news forward (:func:`unmapped_news`).
    """
    if company is None or sm.subject.kind != "etf" or cause_span(text, move) is not None:
        return None
    at, way, event = company
    return event if 0 < sentence - at <= 2 and way == direction else None


def index_carries(market_dir: tuple[str, int], direction: str, sentence: int,
                  by_direction: dict[str, DraftEvent]) -> bool:
    """Tell whether an index's move carries the last market-wide move's event.

    Parameters
    ----------
    market_dir
        The direction of the last market-wide move and the index of its sentence.
    direction
        The index's move's direction.
    sentence
        The index of the index's move's sentence.
    by_direction
        The event of the last claim in each direction.

    Returns
    -------
    bool
        False when the market-wide move went the other way in an earlier sentence and a
        claim in the move's own direction was told (its event is carried instead), else
        True. The same sentence's indexes told both ways ("The S&P 500 edged up, while the
        Dow slipped") share their news.
    """
    return not ({direction, market_dir[0]} == {"up", "down"} and direction in by_direction
                and market_dir[1] != sentence)


def recap(text: str, move: int, own: dt.date | None, dateline: dt.date) -> bool:
    """Tell whether a move is an earlier session's, recalled in the pluperfect.

    Parameters
    ----------
    text
        The move's sentence.
    move
        The move word's offset in ``text``.
    own
        The date in the move's own clause, if any.
    dateline
        The article's date.

    Returns
    -------
    bool
        True when the move word follows "had" (one adverb may stand between: "had
        jumped", "had sharply fallen") and its own clause dates it before the dateline.
    """
    return own is not None and own < dateline and (bool(
        re.search(r"\bhad\s+(?:\w+ly\s+)?$", text[:move]))
        # a sentence told in the past perfect: "The stock's slide on Monday had helped drag
        # the S&P 500 down", "A day earlier he had warned ..., which helped send stocks
        # lower on Wednesday"
        or past_perfect(text))


def other_sector(sm: SubjectMatch, firm: set[str] | None) -> bool:
    """Tell whether a sector's move follows a company's own news, told of another sector.

    Parameters
    ----------
    sm
        The moving subject.
    firm
        The tickers of the company of the claim just before, when its sentence named the
        cause of its move ("Goldman Sachs fell 2.8 percent after Malaysia filed criminal
        charges against units of the bank"), else ``None``.

    Returns
    -------
    bool
        True when ``sm`` is a sector (an ETF subject) that does not hold the company: its
        move told without a cause then carries the market's news, not the company's
        ("Industrial shares lost 1.6 percent." told next).
    """
    return firm is not None and sm.subject.kind == "etf" and not (
        firm & {t for t, _ in sm.subject.tickers})
