"""The session's own path told after "from": "recovered from an early drop".

"Tesla recovered from an early drop after revealing ...", "the index rose 2 percent,
recovering from early losses": the drop or the losses are the same session's path,
told to set off its close -- no move of their own (no claim) and no cause (no event).
Used by :func:`eventstudy.draft.moves.moves` and :func:`eventstudy.draft.words.cause_span`.
"""

from __future__ import annotations

import re

#: "from an early drop", "from early losses", "from its intraday low", "from morning gains"
EARLY_FROM = re.compile(
    r"\bfrom\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:early|earlier|initial|intraday|morning"
    r"|opening|session)\s+(?:[\w-]+\s+)?(?:drop|dip|losses|loss|decline|slide|slump|fall"
    r"|weakness|lows?|gains|rally|rise|advance|sell-?off)\b", re.IGNORECASE)


def early_path(text: str, pos: int) -> bool:
    """Tell whether ``pos`` lies in a session's path told after "from".

    Parameters
    ----------
    text
        The sentence.
    pos
        A character offset into it: a move word's start, or a "from" cue's start.

    Returns
    -------
    bool
        True when a :data:`EARLY_FROM` phrase starts at ``pos`` or holds it, starting
        at most 40 characters before it.
    """
    for m in EARLY_FROM.finditer(text, max(0, pos - 40), min(len(text), pos + 60)):
        if m.start() <= pos < m.end():
            return True
    return False
