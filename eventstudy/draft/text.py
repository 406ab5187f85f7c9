"""Split an article into sentences (with offsets).

The dateline is read by :mod:`eventstudy.draft.dateline`, which blanks the
header lines before the text gets here. Sentences are
split on blank lines (paragraphs, headlines) and on ``.``, ``!``, ``?`` that
are followed by whitespace and an upper-case letter or a quote, except after
common abbreviations (Mr., Dec., U.S., Inc., ...) and inside a quotation that opens
the sentence and closes with its speech tag in the paragraph ('"Nobody wants risk.
Even the bulls hedge," said a trader' is one sentence). Single line breaks inside a
paragraph are treated as spaces, so hard-wrapped text is fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen sen rep gov pres jr sr inc corp co ltd plc vs no "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "u.s u.k u.n e.u e.g i.e etc a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
# "at 2 p.m. Boeing shares rose": a new sentence, unless a zone follows ("2 p.m. Eastern",
# "5 p.m. California time")
_ZONE_NEXT = re.compile(
    r"(?:E[SD]?T|P[SD]?T|C[SD]?T|GMT|UTC|BST|HKT|JST|Eastern|Pacific|Central|local|Beijing"
    r"|Washington|New\s+York|London|Hong\s+Kong|Tokyo|on|in|at|\(|Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday)\b"
    # any place's clock: "5 p.m. California time", "11 a.m. Paris time"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+time\b")
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


#: the longest quotation (characters) read as one sentence
_QUOTE_SPAN = 600
#: a quotation's close and its speech tag: '," said a trader', '," she said'
_QUOTE_TAG = re.compile(r"[\"”]\s*,?\s*(?:\w+\s+){0,6}?(?:said|says|added|told)\b")


def _in_quote(text: str, s: int, pos: int, pe: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened at the sentence's start.

    A quote of several sentences closed by its speech tag in the same paragraph is one
    sentence: what it says belongs with who said it. Only quotes of up to
    :data:`_QUOTE_SPAN` characters are joined, so the split stays linear in the text.
    """
    if text[s] not in "\"“" or pos - s > _QUOTE_SPAN or re.search(r"[\"”]", text[s + 1:pos]):
        return False
    tag = _QUOTE_TAG.search(text, pos, min(pe, pos + _QUOTE_SPAN))
    return tag is not None and not re.search(r"[\"“”]", text[pos:tag.start()])


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
            # an initial ("J. Smith") is one letter; a day number ("on Dec. 1.") ends a sentence
            initial = len(token) == 1 and token.isalpha()
            if text[m.start()] == "." and (token in _ABBREVIATIONS or initial) and not (
                    token in ("a.m", "p.m") and not _ZONE_NEXT.match(text, m.end())):
                continue
            if _in_quote(text, s, m.start() + 1, pe):
                continue  # '"Nobody wants risk into Friday. Even the bulls hedge," said a trader'
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
