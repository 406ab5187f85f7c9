"""A move told against the market's: "fell more than the market", "lagged the broader market".

A company or sector whose move is told as more or less than the market's move names no
news of its own in that sentence: what sets it apart is how far it went with the market.
The sentence's other words -- most often a description of the mover ("Banks, which do
better when long-term rates rise, fell more than the market") -- are then no cause, and
the move goes on with the market's news (the claim before it), marked as a move whose
cause is not named.
"""

from __future__ import annotations

import re

_MARKET = (r"(?:the\s+)?(?:rest\s+of\s+the\s+|broader\s+|broad\s+|overall\s+|wider\s+)?"
           r"(?:market|index|benchmark|S&P\s*500)\b")
_AGAINST_MARKET = re.compile(
    rf"\b(?:more|less|harder|further|faster)\s+than\s+{_MARKET}"
    rf"|\b(?:outpac|outperform|underperform|lagg)(?:e|ed|es|ing|s)?\s+{_MARKET}",
    re.IGNORECASE,
)


def against_market(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` measures a move against the market's.

    Parameters
    ----------
    text
        The sentence.
    start, end
        The span looked in (the whole sentence: "fell more than the market; the sector
        lost 1.2%" tells one move twice).

    Returns
    -------
    bool
        ``True`` for "fell more than the market", "rose less than the broader market",
        "outpaced the index"; ``False`` for "than the market expected" (a forecast
        beaten, which is news).
    """
    m = _AGAINST_MARKET.search(text, start, end)
    return m is not None and not re.match(r"\s+(?:had\s+)?(?:expected|forecast|feared|hoped)",
                                          text[m.end():])


_BEAT_MARKET = re.compile(rf"\b(out|under)(?:perform|pac)(?:e|ed|es|ing|s)?\s+{_MARKET}",
                          re.IGNORECASE)


def beat_market(text: str) -> tuple[int, str] | None:
    """Return where a sentence tells a mover beating or trailing the market, and which.

    "Bank stocks outperformed the broader market as investors positioned for ...": no
    move of its own is told, only one measured against the market's.

    Parameters
    ----------
    text
        The sentence.

    Returns
    -------
    tuple of (int, str) or None
        The verb's offset and ``"out"`` (outperformed, outpaced) or ``"under"``.
    """
    m = _BEAT_MARKET.search(text)
    return (m.start(), m.group(1).lower()) if m is not None else None
