"""Market talk: a quote of an unnamed market participant dates no happening.

'"Nobody wants to hold a big position into Friday," said a strategist at a Japanese
bank', '"The market overreacted yesterday," said an analyst': what a trader, analyst or
strategist says in a quote is comment on the market, and the days it names ("into
Friday", "yesterday", "today") are the speaker's frame, not news of those days. A quote
of a named doer ('"We will retaliate on Friday," the ministry said') is news and keeps
its dates. So is what such a participant tells outside quotes ("A fund manager told
the Global Times on Friday that the fall was an overreaction"), and the newsroom's note
that someone did not comment ("Tesla didn't immediately respond to a request for comment on
Friday").
"""

from __future__ import annotations

import re

#: a sentence opening with a quotation mark
_OPENS_QUOTE = re.compile(r"\s*[\"“]")


def opens_quote(text: str) -> bool:
    """Whether a sentence opens with a quotation mark: someone's words."""
    return _OPENS_QUOTE.match(text) is not None
#: the quote's close and an unnamed participant's speech tag: '," said a strategist at ...'
_PARTICIPANT_TAG = re.compile(
    r"[\"”]\s*,?\s*(?:said|says|according\s+to)\s+(?:a|an|one|another)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:analyst|strategist|trader|economist|dealer|investor|broker|director|adviser|advisor"
    r"|manager|head|officer|partner|salesman|sales\s+trader)s?\b",
    re.IGNORECASE,
)


#: an unnamed participant telling, as the sentence's subject: "A Shanghai-based fund
#: manager told the Global Times on Friday that the fall was an overreaction"
_PARTICIPANT_TELLS = re.compile(
    r"\s*(?:An?|One|Another)\s+(?:[\w-]+\s+){0,4}?(?:analyst|strategist|trader|economist"
    r"|dealer|investor|broker|adviser|advisor|manager)s?\s+(?:\w+ly\s+)?(?:told|said|says"
    r"|wrote|noted|argued)\b")


#: a newsroom's note that someone did not comment: "Tesla didn't immediately respond to a
#: request for comment on Friday", "declined to comment", "could not be reached for comment"
_NO_COMMENT = re.compile(
    r"\b(?:(?:did\s+not|didn['’]t|has\s+not|hasn['’]t|had\s+not|hadn['’]t)\s+(?:immediately\s+)?"
    r"(?:respond(?:ed)?|reply|replied|return(?:ed)?)\b[^.;]{0,40}\brequests?\s+for\s+comment"
    r"|\bdeclined\s+to\s+comment|\bcould\s+not\s+(?:immediately\s+)?be\s+reached\s+for\s+comment"
    r"|\bwas\s+not\s+(?:immediately\s+)?available\s+for\s+comment)",
    re.IGNORECASE,
)


def in_market_talk(text: str, pos: int) -> bool:
    """Tell whether ``pos`` lies in a quote of an unnamed market participant.

    Parameters
    ----------
    text
        The sentence.
    pos
        The offset of a date phrase in ``text``.

    Returns
    -------
    bool
        True when the sentence opens with a quotation mark and the quote, closed after
        ``pos``, is tagged as said by "a strategist", "an analyst", "one trader", ...;
        or when it opens with such a participant telling ("A Shanghai-based fund manager
        told the Global Times on Friday that ..."); or when the sentence is the newsroom's
        note that someone did not comment ("didn't immediately respond to a request for
        comment on Friday").
    """
    if _NO_COMMENT.search(text):
        return True  # "... didn't immediately respond to a request for comment on Friday"
    told = _PARTICIPANT_TELLS.match(text)
    if told is not None:
        return pos >= told.start()
    if not opens_quote(text):
        return False
    tag = _PARTICIPANT_TAG.search(text, pos)
    return tag is not None and not re.search(r"[\"”]", text[pos:tag.start()])
