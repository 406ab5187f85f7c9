"""The time phrases the draft looks for, and the :class:`TimeRef` it makes of each.

Month and weekday vocabulary, the day patterns tried in order (composite phrases
first, then the period patterns of :mod:`eventstudy.draft.periods`), and the
resolved reference itself. No resolution happens here: the rules that turn a
match into days are in :mod:`eventstudy.draft.dates` (using the calendar
arithmetic of :mod:`eventstudy.draft.daymath`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from eventstudy.draft.holidays import HOLIDAY_NAMES
from eventstudy.draft.periods import PATTERNS as _PERIOD_PATTERNS

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{}>\d{{4}}))?"
# "Dec. 1", "December 1st, 2018"
_MD = rf"(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}}){_ORD}(?![\d:])" + _YEAR.format("year")
# "1 December 2018", "1st of December"
_DM = rf"(?P<day2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon2>{_MON})\.?" + _YEAR.format("year2")
_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
# "Jan. 7-9", "Jan. 29 and 30", "March 5 to 9, 2018"
_RANGE = (rf"(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}}){_ORD}\s*(?:-|–|to|through|and)\s*"
          rf"(?P<dayend>\d{{1,2}}){_ORD}(?![\d:])" + _YEAR.format("year"))
_DATE = rf"(?:{_MD}|{_DM}|{_ISO})"
# "from Oct. 1 to Oct. 5", "between Jan. 30 and Feb. 1": two dates, each with its month
_SPAN = (rf"(?:from\s+|between\s+)?(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}}){_ORD}"
         rf"\s*(?:-|–|to|through|until|and)\s*(?P<monend>{_MON})\.?\s+(?P<dayend>\d{{1,2}}){_ORD}"
         r"(?![\d:])" + _YEAR.format("year"))
_FULL_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October"
               r"|November|December)")

_FLAGS = re.IGNORECASE


#: (kind, compiled pattern), tried in this order; later matches that overlap an
#: earlier one are dropped, so composite phrases win over their parts.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("week_of", re.compile(rf"\b(?:the\s+)?week\s+of\s+{_DATE}", _FLAGS)),
    ("date_span", re.compile(rf"\b{_SPAN}", _FLAGS)),
    ("date_range", re.compile(rf"\b(?:on\s+|from\s+)?{_RANGE}", _FLAGS)),
    ("weekday_date", re.compile(rf"\b(?:on\s+)?(?P<wd>{_WD}),?\s+{_DATE}", _FLAGS)),
    ("date", re.compile(rf"\b(?:on\s+)?{_DATE}", _FLAGS)),
    # "on Monday next week", "Thursday of last week": that weekday of that week
    ("weekday_week", re.compile(rf"\b(?:on\s+)?(?P<wd>{_WD}),?\s+(?:of\s+)?(?P<wmod>next|last"
                                r"|this|the\s+following|the\s+previous)\s+week\b", _FLAGS)),
    # "as investors returned from the New Year holiday": the day off the story's market
    # came back from (not "for the ... holiday", a closure told ahead; not Lunar New Year)
    ("holiday", re.compile(r"(?:(?<=\bfrom\sthe\s)|(?<=\bafter\sthe\s))"
                           r"(?P<hol>New\s+Year(?:'s|’s)?\s+holiday)\b(?!s)")),
    ("holiday", re.compile(
        r"\b(?:on\s+|for\s+)?(?P<hol>"
        + "|".join(h.replace(" ", r"\s+") for h in sorted(HOLIDAY_NAMES, key=len, reverse=True)
                   if not h.endswith(" holiday"))
        + r")(?:'s|’s)?(?!\s+(?:season|shopping|sales|week|rally|period|holidays))\b",
        _FLAGS,
    )),
    (
        "weekend",
        # (and "the weekend settlement": the weekend named as one happening's day)
        re.compile(r"\b(?P<wmod>over\s+the|at\s+the|this|last|next|the(?=\s+weekend\s+"
                   r"(?:settlement|deal|agreement|accord|talks|meeting|summit|vote|election"
                   r"|referendum|announcement|attack|arrest|tweet|call)\b))\s+weekend\b",
                   _FLAGS),
    ),
    (
        "week",
        re.compile(r"\b(?:(?P<wpart>early|late)\s+)?(?P<wmod>earlier\s+this|later\s+this|this"
                   r"|last|next|past)\s+week\b", _FLAGS),
    ),
    (
        "month",
        re.compile(r"\b(?:(?P<mend>end)\s+of\s+)?(?P<mmod>earlier\s+this|this|last|next)"
                   r"\s+month\b", _FLAGS),
    ),
    (
        "weekday_pair",
        re.compile(rf"\b(?:on\s+)?(?P<wd>{_WD})\s+(?P<join>and|through|to|-|–)\s+(?P<wd2>{_WD})\b",
                   _FLAGS),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>this\s+coming|coming|next|last|this|on|early|late)\s+)?"
            rf"(?P<wd>{_WD})(?:'s|’s)?\b",
            _FLAGS,
        ),
    ),
    # "in July", "in early December", "in July 2018": the calendar month (a month-only phrase
    # needs "in": "May" alone is a modal)
    # "since the September election", "the July vote": a month naming a happening's time
    ("month_attr", re.compile(rf"\b(?<=the\s)(?P<mon>{_FULL_MONTH})(?=\s+(?:[\w-]+\s+)?"
                              r"(?:election|elections|vote|referendum|summit|crash|attack"
                              r"|sell-?off|rout|truce|deal|agreement|decision|meeting)s?\b)",
                              _FLAGS)),
    # "from January", "until September 2018": a start or an end told ahead
    ("month_name", re.compile(rf"\b(?P<mprep>in|from|until|till|through|starting|beginning)\s+"
                              rf"(?:(?P<mpart>early|late|mid)-?\s*)?(?P<mon>{_FULL_MONTH})"
                              r"(?:\s+(?P<year>\d{4}))?\b(?!\s+\d)", _FLAGS)),
    ("relative", re.compile(r"\b(?P<rel>(?:earlier\s+|later\s+)?today|tonight|yesterday"
                            r"|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
                            r"|(?:earlier|later)\s+in\s+the\s+day"
                            # "released their bill in the morning": the story's day, when the
                            # sentence names no other (checked in _resolve)
                            r"|in\s+the\s+(?:morning|afternoon|evening))\b",
                            _FLAGS)),
    # "two days ago", "a week ago": counted back from the dateline
    ("ago", re.compile(r"\b(?P<n>a|one|two|three|four|five|six|[1-6])\s+(?P<unit>days?|weeks?)"
                       r"\s+ago\b", _FLAGS)),
    # "The partial government shutdown entered its 18th day": a happening in its Nth day
    # on the dateline began N-1 days before it
    ("nth_day", re.compile(r"\b(?:entered|enters|entering|in|into)\s+its\s+(?P<nth>\d{1,3})"
                           r"(?:st|nd|rd|th)\s+(?:straight\s+|consecutive\s+)?day\b", _FLAGS)),
    # "after the week-long Spring Festival holiday", "returned from a three-day break": a
    # break told by its length, over before the story (checked in _resolve)
    ("break_span", re.compile(r"\b(?P<bprep>after|from|following|since)\s+(?:the|a|an|its"
                              r"|their)\s+(?P<blen>week-?long|(?:two|three|four|five|six|seven"
                              r"|eight|nine|ten|[2-9])[- ]day)\s+(?:[\w'’-]+\s+){0,3}?"
                              r"(?:holidays?|break|vacation|recess)\b", _FLAGS)),
    # seasons, years, "later this year" (eventstudy.draft.periods)
    *_PERIOD_PATTERNS,
]

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}
#: "and" between two dates names two days (unless "between" or the days are consecutive)
_TWO_DAYS = re.compile(r"\d\s+and\s+", re.IGNORECASE)
# "on Jan. 30 for two days of talks"
_FOR_DAYS = re.compile(r"\s+for\s+(two|three|four|five|[2-5])\s+days\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeRef:
    """One time reference found in the text, resolved against the dateline.

    Attributes
    ----------
    text
        The phrase as written (e.g. ``"on Saturday"``).
    sentence
        Index of the sentence it came from (0-based), or -1 when unknown.
    start, end
        Character offsets of the phrase in the searched text (``text[start:end]``).
    kind
        Which rule matched: ``date``, ``weekday``, ``weekday_date``, ``week``,
        ``week_of``, ``weekend``, ``month`` or ``relative``.
    first, last
        The resolved day, or the first and last day of the resolved range.
    rule
        The resolution rule applied, in words (goes into the draft's comments).
    review
        Why a human should check this reading; empty when it is certain.
    future
        True when the phrase is in a future-tense clause or says next/coming.
    speech
        True when the phrase follows a speech verb ("said on Thursday").
    """

    text: str
    sentence: int
    start: int
    end: int
    kind: str
    first: dt.date
    last: dt.date
    rule: str
    review: str = ""
    future: bool = False
    speech: bool = False

    @property
    def is_range(self) -> bool:
        """Whether the reference is a range of days rather than one day."""
        return self.first != self.last

    @property
    def when(self) -> dt.date | dict[str, dt.date]:
        """The study-file ``when`` value: a date or ``{"from": ..., "to": ...}``."""
        if self.is_range:
            return {"from": self.first, "to": self.last}
        return self.first

