"""Dates told as a part of a year: seasons, years, and the early or late part of a month.

Used by :func:`eventstudy.draft.dates.find_time_refs` (patterns :data:`PATTERNS`,
resolved by :func:`resolve_period`). Each reading is a range of days; all but a
season or year written with its year are marked for review.

Seasons (northern hemisphere, meteorological: the corpus's newsrooms are)
    spring March..May, summer June..August, fall/autumn September..November,
    winter December..February. ``this fall`` is the dateline year's;
    ``next summer`` the one after the dateline year's (marked: it may mean the
    coming one); ``last winter`` the latest one ended; ``the fall of 2020``,
    ``fall 2020`` that year's; a bare ``in the fall`` the next one in a clause
    told ahead, else the latest begun (marked).
Years
    ``in 2019`` dates a start told with it (start, begin, launch, go on sale,
    open, arrive, ...: "would start production in 2019"), never a horizon
    ("will slow the pace of increases in 2019") or a figure's period ("sales
    rose 4% in 2018"); ``the 2016 election``: a happening named with its year
    (not in a sentence telling a market's move, where it only describes the
    cause); ``later this year`` (the day after the dateline to December 31) and
    ``next year`` (that calendar year) date a start told with them.
Parts of a month
    ``in early April`` days 1..10, ``mid-April`` 11..20, ``late April`` 21..end,
    in the year the month phrase would take (:mod:`eventstudy.draft.dates`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from eventstudy.draft.clauses import STATIVE, clause_at, split_clauses
from eventstudy.draft.readings import MOVE_BASES, figure_period

_FLAGS = re.IGNORECASE
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d,.%]\d|\w|%)"
#: happenings a year names in front of them ("the 2016 election", "Trump's 2016 campaign")
_YEAR_NOUNS = (r"(?:election|elections|campaign|vote|referendum|summit|crash|crisis|olympics"
               r"|world\s+cup|midterms?|tax\s+(?:cut|overhaul|law)s?|ipo|listing|merger)")

#: (kind, pattern): tried after the day patterns of :mod:`eventstudy.draft.dates`
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("season", re.compile(
        rf"\b(?:(?:in|during|by)\s+)?(?:(?P<smod>this|next|last|the)\s+|(?:early|late)\s+)?"
        rf"{_SEASON}(?:\s+(?:of\s+)?(?P<syear>(?:19|20)\d\d))?\b(?!-)", _FLAGS)),
    ("year_attr", re.compile(rf"(?<![\w$€£.,-]){_YEAR}\s+(?:[A-Z][\w-]*\s+)?{_YEAR_NOUNS}\b",
                             _FLAGS)),
    ("year_rel", re.compile(r"\b(?P<ymod>later\s+this|next)\s+year\b", _FLAGS)),
    ("year", re.compile(rf"\b(?P<yprep>in|during|by|from|until|since)\s+(?:early\s+|late\s+)?"
                        rf"{_YEAR}", _FLAGS)),
]
KINDS = frozenset(k for k, _ in PATTERNS)
#: verbs of a start a year alone can date ("would start production in 2019", "go on sale in
#: 2020", "which it began with its Marcus platform in 2016"); a year alone with any other verb
#: is a horizon or a figure's period ("will slow the pace of increases in 2019")
_STARTS = re.compile(
    r"\b(?:start|begin|began|begun|launch|open|debut|arriv|list|ship|roll(?:s|ed|ing)?\s+out"
    r"|releas|introduc|enter|go(?:es)?\s+(?:on\s+sale|public|live)"
    r"|went\s+(?:on\s+sale|public|live))\w*(?:\s+\S+){0,5}\s+$", _FLAGS)

#: the start of a market's run told in a relative clause: "snapping a run of quarterly gains
#: that began in 2015" -- the run's first year, the market's path, no happening
_RUN_START = re.compile(r"\b(?:run|streak|stretch|string)\b[^,;.]{0,40}?\b(?:that|which)\s+"
                        r"(?:began|started|begun)\s+$", _FLAGS)

#: the turn of a year told right before it: "at the start of next year"
_YEAR_START = re.compile(r"\b(?:the\s+)?(?:start|beginning|turn)\s+of\s+$", _FLAGS)

#: a season or a year told as a horizon: "rates will stay on hold through the summer of 2019"
_HORIZON = re.compile(r"\b(?:through|until|till|at\s+least)\s+(?:the\s+)?$", _FLAGS)


def _starts(sentence: str, pos: int) -> bool:
    """Whether a verb of a start stands at most six words before ``pos`` in its clause.

    Not "starting next year" / "beginning in 2020": the preposition dates when what the
    clause tells takes effect, a horizon ("would cut the tax rate, starting next year").
    """
    if re.search(r"\b(?:starting|beginning|effective)\s+(?:in\s+|from\s+)?$", sentence[:pos],
                 _FLAGS):
        return False
    return bool(_STARTS.search(sentence, clause_at(sentence, pos).start, pos))


_SEASON_MONTHS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
#: "early April": days 1..10; "mid-April" 11..20; "late April" 21..the month's end
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def season_range(season: str, year: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of ``season`` begun in ``year`` (winter ends the next)."""
    first = dt.date(year, _SEASON_MONTHS[season.lower()], 1)
    end_year, end_month = (year + 1, 2) if first.month == 12 else (year, first.month + 2)
    return first, dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def month_part(first: dt.date, last: dt.date, part: str) -> tuple[dt.date, dt.date]:
    """Narrow a calendar month ``first..last`` to its ``early``, ``mid`` or ``late`` days."""
    lo, hi = MONTH_PARTS[part.lower().rstrip("-")]
    return first.replace(day=lo), last.replace(day=min(hi, last.day))


Resolved = tuple[dt.date, dt.date, str, str, bool, bool]


def resolve_period(kind: str, m: re.Match[str], sentence: str, dateline: dt.date,
                   future: bool, speech: bool) -> Resolved | None:
    """Resolve a :data:`PATTERNS` match to ``(first, last, rule, review, future, speech)``.

    ``future`` and ``speech`` are the clause's readings (told ahead; after a speech verb).
    ``None`` when the phrase does not date a happening.
    """
    g = m.groupdict()
    phrase = " ".join(m.group(0).split())
    ahead = future and not speech
    if kind == "season":
        season, mod = g["season"].lower(), (g.get("smod") or "").lower()
        if not (mod in ("this", "next", "last") or g.get("syear") or re.match(
                r"(?:in|during|by)\b", phrase, _FLAGS)):
            # "Summer travel demand", "the spring meeting", "the fall in prices": a season
            # as an attribute (or the noun "fall") dates nothing
            return None
        if figure_period(sentence, m.start()) or _HORIZON.search(sentence, 0, m.start()) or (
                clause_at(sentence, m.start()).base in STATIVE):
            return None
        if g.get("syear"):
            first, last = season_range(season, int(g["syear"]))
            return first, last, "a season with its year", "", first > dateline, speech
        this = season_range(season, dateline.year)
        review = f"'{phrase}' read as {{:%B %Y}}..{{:%B %Y}}; check"
        if mod == "this":
            first, last = this
        elif mod == "next":
            first, last = season_range(season, dateline.year + 1)
        elif mod == "last":
            first, last = this if this[1] < dateline else season_range(season, dateline.year - 1)
        elif ahead:
            first, last = this if this[1] >= dateline else season_range(season,
                                                                        dateline.year + 1)
        else:
            first, last = this if this[0] <= dateline else season_range(season,
                                                                        dateline.year - 1)
        return (first, last, "a season: its meteorological months", review.format(first, last),
                first > dateline, speech)
    if kind == "year_attr":
        year = int(g["year"])
        if year > dateline.year + 5 or any(
                c.base in MOVE_BASES for c in split_clauses(sentence) if c.start < m.start()):
            return None  # "shares fell after reports that a firm linked to the 2016 campaign ..."
        return (dt.date(year, 1, 1), dt.date(year, 12, 31), "a happening named with its year",
                f"'{phrase}' read as the calendar year {year}; check", year > dateline.year,
                speech)
    if kind == "year_rel":
        if not _starts(sentence, m.start()):
            return None  # "would give a fuller outlook early next year": a horizon
        if g["ymod"].lower().startswith("later"):
            first, last = dateline + dt.timedelta(days=1), dt.date(dateline.year, 12, 31)
            if first > last:
                return None
            return first, last, "'later this year': the rest of the year", \
                f"'{phrase}' read as the rest of {dateline.year}; check", True, speech
        if not ahead:
            return None  # "sales rose next year" is not written; "next year's profit" is a figure
        year = dateline.year + 1
        if _YEAR_START.search(sentence, 0, m.start()):
            # "is scheduled to rise to 25 percent at the start of next year": the change
            # takes effect at the year's turn, its first day
            return (dt.date(year, 1, 1), dt.date(year, 1, 1),
                    "'the start of next year': its first day",
                    f"'{phrase}' read as January 1, {year}; check", True, speech)
        return (dt.date(year, 1, 1), dt.date(year, 12, 31), "'next year': that calendar year",
                f"'{phrase}' read as {year}; check", True, speech)
    # kind == "year": a happening's year
    year = int(g["year"])
    if not dateline.year - 60 <= year <= dateline.year + 10:
        return None
    if not _starts(sentence, m.start()) or _HORIZON.search(sentence, 0, m.start()) or figure_period(
            sentence, m.start()) or _RUN_START.search(sentence, 0, m.start()):
        return None
    return (dt.date(year, 1, 1), dt.date(year, 12, 31), "a year named alone: that calendar year",
            f"'{phrase}' read as the whole of {year}; check", year > dateline.year or future,
            speech)
