"""Results told late in a day: "reporting late Thursday", "posting a profit on Thursday evening".

Used by :mod:`eventstudy.draft.times`: a company's results told "late" on a weekday or that
weekday's "evening"/"night" came after its market's close (companies report either before
the open or after the close), so the phrase is read as that market's close, as "after the
bell" is. The rule is in docs/draft-rules.md (rule table after round 17).
"""

from __future__ import annotations

import re

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday)"
#: "late Thursday", "late on Thursday", "Thursday evening", "on Thursday night"
_LATE_DAY = re.compile(rf"\blate\s+(?:on\s+)?{_WD}\b|\b{_WD}\s+(?:evening|night)\b")
#: the words of a company's results near the phrase
_RESULTS = re.compile(r"\b(?:results|earnings|(?:quarterly|annual)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:profit|loss|sales|revenue)|(?:first|second|third|fourth)-quarter"
                      r"|reporting|reported|posting|posted)\b", re.IGNORECASE)
#: how far (characters) either side of the phrase the results words may stand, in its clause
_NEAR = 80


def late_results(sentence: str) -> list[tuple[int, int]]:
    """Spans of the phrases that tell a company's results late in a weekday.

    Parameters
    ----------
    sentence
        One sentence of the article.

    Returns
    -------
    list of (start, end)
        Each "late <weekday>" / "<weekday> evening" phrase with words of results
        ("results", "earnings", "quarterly profit", "reporting", "posting") within
        ``_NEAR`` characters of it and no clause break (";") between.

    Examples
    --------
    >>> late_results("Intel slumped after reporting late Thursday that sales missed.")
    [(30, 43)]
    >>> late_results("Late Wednesday, the two leaders agreed to talks.")
    []
    """
    out = []
    for m in _LATE_DAY.finditer(sentence):
        lo, hi = max(0, m.start() - _NEAR), min(len(sentence), m.end() + _NEAR)
        before = sentence[lo:m.start()].rsplit(";", 1)[-1]
        after = sentence[m.end():hi].split(";", 1)[0]
        if _RESULTS.search(before) or _RESULTS.search(after):
            out.append(m.span())
    return out
