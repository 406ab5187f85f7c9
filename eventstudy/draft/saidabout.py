"""What a speaker's words are about: a day told of it is not the day of the words.

"Stocks fell after the president said he was unhappy with the talks that produced a truce
over the weekend": the weekend is the day of the talks the remark is about (a relative
clause told in the past, hanging on the object of the saying), not the day of the remark,
which is the news the move followed. Such a day dates no happening of the sentence's own;
the remark, left undated, takes the move's day as any undated cause does.
"""

from __future__ import annotations

import re

#: a verb of saying, told in the past or present ("said", "says", "told reporters")
_SAID = re.compile(r"\b(?:said|says|told\s+\w+)\s+", re.IGNORECASE)

#: a relative pronoun opening a clause told in the past, with at least one word before it
#: ("... with the talks that produced ...", "... the deal which ended ..."); not "said that"
#: (the complement of the saying: "said that the talks ended on Sunday" is the saying's news)
_PAST_RELATIVE = re.compile(
    r"\s(?:that|which)\s+(?:had\s+)?(?:[a-z]+ly\s+)?"
    r"(?:(?!need|feed|speed|proceed|exceed)[a-z]{2,}ed|began|met|held|took|made|came|went"
    r"|won|lost|set|cut|hit|sent|gave|broke|ran)\b")


def in_said_about_clause(text: str, pos: int) -> bool:
    """Whether a date phrase at ``pos`` lies in a past relative clause the saying is about.

    Parameters
    ----------
    text
        The sentence.
    pos
        Where the date phrase starts in ``text``.

    Returns
    -------
    bool
        True when, in the same clause (no comma or semicolon between), a verb of saying is
        followed by its words and then by a relative clause told in the past that runs to
        the date: "said he wasn't satisfied with the talks that produced a truce over the
        weekend".
    """
    before = text[max(0, pos - 160):pos]
    said = max(_SAID.finditer(before), key=lambda m: m.end(), default=None)
    if said is None or re.search(r"[,;:]", before[said.end():]):
        return False
    return any(m.start() > said.end() for m in _PAST_RELATIVE.finditer(before, said.end()))
