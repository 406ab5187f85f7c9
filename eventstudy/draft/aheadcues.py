"""Small cues of a happening's day told around it (used by :mod:`eventstudy.draft.readings`).

A happening promised or set for its day ("an announcement Musk has promised for Thursday")
and a day's happening told as due in the relative clause after it ("before Friday's US
jobs report, which is due at 8.30am") are still ahead; where someone is, told with "be"
("who is in Seoul on Tuesday"), is a state, no happening.
"""

from __future__ import annotations

import re

#: a happening promised or set for its day ("an announcement Musk has promised for
#: Thursday", "a vote slated for Friday"): the day is the happening's, not the promise's
SET_FOR = re.compile(r"\b(?:promised|scheduled|planned|slated|set|billed)\s+for\s+$",
                     re.IGNORECASE)

#: a day's happening told as due in the relative clause after it: "before Friday's US jobs
#: report, which is due at 8.30am New York time"
DUE_AFTER = re.compile(r"\w+['’]s\s+(?:[\w.'’-]+\s+){0,5}?[\w.'’-]+,\s+(?:which|that)\s+"
                       r"(?:is|are)\s+(?:due|scheduled|expected|set)\b")

#: where someone is: "is in Seoul", "was at the White House"
WHEREABOUTS = re.compile(r"(?:is|was|are|were)\s+(?:in|at)\s+(?:the\s+)?[A-Z]")
