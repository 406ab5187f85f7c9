"""Split an article into sentences (with offsets) and read its dateline.

A dateline is either given (``--date``) or the article's first non-blank line
reads ``date YYYY-MM-DD [publisher]`` (``date:`` also accepted). Sentences are
split on blank lines (paragraphs, headlines) and on ``.``, ``!``, ``?`` that
are followed by whitespace and an upper-case letter or a quote, except after
common abbreviations (Mr., Dec., U.S., Inc., ...). Single line breaks inside a
paragraph are treated as spaces, so hard-wrapped text is fine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eventstudy.exceptions import DraftError

_DATELINE = re.compile(
    r"^[ \t]*date:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+(?P<publisher>[^\n]*?))?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen sen rep gov pres jr sr inc corp co ltd plc vs no "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "u.s u.k u.n e.u e.g i.e etc a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article.

    Attributes
    ----------
    index
        0-based position among the article's sentences (the dateline line is
        not a sentence).
    start, end
        Character offsets in the article text: ``article[start:end]``.
    text
        The sentence as written (may contain line breaks).
    """

    index: int
    start: int
    end: int
    text: str

    @property
    def clean(self) -> str:
        """The sentence with runs of whitespace collapsed to one space."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class Dateline:
    """The article's date and publisher, and where they came from."""

    date: dt.date
    publisher: str | None
    origin: str  # "--date" or "first line"
    body_start: int  # offset where the article body starts


def parse_dateline(
    text: str, date: str | dt.date | None = None, *, file: str = "article"
) -> Dateline:
    """Find the article's dateline.

    Parameters
    ----------
    text
        The whole article.
    date
        The ``--date`` value; wins over the first line when both are given.
    file
        The article's name, for messages.

    Raises
    ------
    DraftError
        If neither ``date`` nor a ``date YYYY-MM-DD`` first line is present, or
        a date is not a valid ``YYYY-MM-DD``.
    """
    first = re.match(r"\s*", text)
    start = first.end() if first else 0
    m = _DATELINE.match(text, start)
    if m and text[start : m.start("date")].strip().lower().rstrip(":") != "date":
        m = None
    publisher = (m.group("publisher") or "").strip() or None if m else None
    body_start = m.end() if m else 0
    if date is not None:
        if isinstance(date, dt.date):
            return Dateline(date, publisher, "--date", body_start)
        try:
            return Dateline(dt.date.fromisoformat(str(date)), publisher, "--date", body_start)
        except ValueError:
            raise DraftError(
                f"--date {date!r} is not a date",
                hint="write it as YYYY-MM-DD, e.g. --date 2018-12-31",
            ) from None
    if m is None:
        raise DraftError(
            f"{file}: no dateline; relative dates such as 'on Saturday' cannot be resolved "
            "without the article's date",
            hint="pass --date YYYY-MM-DD, or make the first line 'date YYYY-MM-DD Publisher'",
        )
    try:
        day = dt.date.fromisoformat(m.group("date"))
    except ValueError:
        line = text.count("\n", 0, m.start()) + 1
        raise DraftError(
            f"{file}:{line}: {m.group('date')!r} is not a valid date",
            hint="write the first line as 'date YYYY-MM-DD Publisher', or pass --date",
        ) from None
    return Dateline(day, publisher, "first line", body_start)


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split ``text[start:]`` into sentences whose offsets point into ``text``."""
    pieces: list[tuple[int, int]] = []
    para_start = start
    for m in _PARAGRAPH.finditer(text, start):
        pieces.append((para_start, m.start()))
        para_start = m.end()
    pieces.append((para_start, len(text)))
    spans: list[tuple[int, int]] = []
    for ps, pe in pieces:
        s = ps
        for m in _BOUNDARY.finditer(text, ps, pe):
            word = re.search(r"([\w.]+)[.!?]?$", text[s : m.start() + 1])
            token = (word.group(1) if word else "").lower().rstrip(".")
            if text[m.start()] == "." and (token in _ABBREVIATIONS or len(token) == 1):
                continue
            spans.append((s, m.start() + len(m.group(0).rstrip())))
            s = m.end()
        spans.append((s, pe))
    out: list[Sentence] = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            out.append(Sentence(len(out), s + lead, s + lead + len(body), body))
    return out
