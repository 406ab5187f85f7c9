"""Find the time references in a news article and resolve them against its dateline.

Everything here is a regular expression plus :mod:`datetime`; the rules are ours.
Every reference found is a :class:`TimeRef` carrying the sentence index and the
character offsets (into the text that was searched) it came from. A reference
whose reading is not certain carries a non-empty :attr:`TimeRef.review` saying
why; the draft turns those into ``# TODO(human)`` comments and ``needs_review``
entries -- nothing ambiguous is guessed silently.

Resolution rules (``D`` is the dateline, weeks run Monday..Sunday)
------------------------------------------------------------------
Weekday names ("Saturday", "on Thursday", "Thursday's meeting")
    The most recent such day on or before ``D``; on ``D``'s own weekday that is
    ``D`` itself. Reported speech ("said on Thursday", "told reporters on
    Friday") follows the same rule: it is still relative to the dateline.
"last <weekday>"
    The most recent such day strictly before ``D`` (on ``D``'s own weekday: a
    week earlier). Marked when the result lies in ``D``'s own week ("last
    Tuesday" written on a Friday may mean the Tuesday of the week before).
"next <weekday>", "coming <weekday>", "this coming <weekday>"
    The first such day strictly after ``D``. "next <weekday>" is marked when
    the result lies in ``D``'s own week (it may mean the following week's).
"this <weekday>"
    That weekday of ``D``'s week (may be before or after ``D``).
Bare weekday in a future-tense clause ("talks will resume on Monday")
    The first such day on or after ``D``, marked for review. A clause is in
    the future tense when the text between the clause start (sentence start,
    ``,``, ``;``, ``:``, "that") and the weekday contains will, shall, 'll,
    due to, set to, scheduled, expected to, plan(s) to, going to, upcoming.
    A weekday right after a speech verb ("said on Thursday") is never future.
Explicit dates ("Dec. 1", "December 1, 2018", "1 December", "2018-12-01")
    With a year: that day. Without a year: the occurrence nearest to ``D``
    (so at most about six months away; "Jan. 7" written on 2018-12-31 is
    2019-01-07, "Dec. 1" written on 2019-01-03 is 2018-12-01); marked when
    more than 122 days (four months) from ``D``, because the other year is
    then nearly as plausible. "Saturday, Dec. 1" is one reference; a weekday
    that disagrees with the date is marked.
Two weekdays ("on Wednesday and Thursday", "Monday through Wednesday")
    The first read as a bare weekday, the range running to the second: the next day
    for "and", up to four days later for "through"/"to".
Relative words
    today, tonight -> ``D``; yesterday, last night -> ``D - 1``;
    tomorrow -> ``D + 1``; this week -> Monday..Friday of ``D``'s week;
    earlier this week -> Monday..``D - 1``; later this week -> ``D + 1``..Friday;
    last week / next week -> Monday..Friday of the week before / after;
    "(the) week of <date>" -> Monday..Friday of the week containing the date
    (marked when the date is a Saturday or Sunday);
    over the weekend / at the weekend / last weekend -> the Saturday..Sunday on
    or before ``D`` (the one containing ``D`` if ``D`` is a weekend day, and
    for "last weekend" the one before that); this weekend -> Saturday..Sunday
    of ``D``'s week;
    this month / last month / next month -> that calendar month;
    earlier this month -> first of the month..``D - 1``;
    early / late next week -> Monday..Wednesday / Thursday..Friday (marked);
    in the morning / afternoon / evening, alone in a past clause that names no other
    day (not the market's own path) -> ``D`` (marked).
"since <date>" after happenings told in the plural ("reports since July 20")
    The date..``D - 1`` (marked); a comparison base ("the worst since Jan. 3") or a
    state since its start ("in force since June 1") keeps the date.
One instant in two places' calendars ("Wednesday afternoon in Washington, early Thursday in Tokyo")
    The first day only.
Seasons, years, parts of a month
    :mod:`eventstudy.draft.periods`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from eventstudy.draft.clauses import STATIVE, clause_at, split_clauses
from eventstudy.draft.daymath import (
    _add_months,
    _explicit_date,
    _monday,
    _month_range,
    _resolve_weekday,
    _workweek,
)
from eventstudy.draft.framing import (
    SPAN_ENDS,
    SPAN_STARTS,
    WEEKDAYS,
    closed_until,
    in_week_frame,
    listed_ahead,
    tense_direction,
    year_by_tense,
)
from eventstudy.draft.holidays import holiday, holiday_in
from eventstudy.draft.periods import KINDS as _PERIOD_KINDS
from eventstudy.draft.periods import month_part, resolve_period
from eventstudy.draft.phrases import (
    _FLAGS,
    _FOR_DAYS,
    _MON,
    _MONTHS,
    _NUMBERS,
    _PATTERNS,
    _TWO_DAYS,
    _WD,
    TimeRef,
)
from eventstudy.draft.readings import (
    MOVE_BASES,
    figure_period,
    happening_month,
    reads_forward,
    told_at,
    told_before_by_pronoun,
)

#: a month possessing a market's move: "from December's rout", "November's slump"
_MONTH_PATH = re.compile(r"['’]s\s+(?:[\w-]+\s+)?(?:rout|sell-?off|slump|slide|plunge|drop"
                         r"|decline|fall|losses|gains|rally|rebound|surge|tumble|turmoil)\b",
                         _FLAGS)
# (the colon of a clock, "due at 8:30 a.m. on Friday", opens no clause)
_CLAUSE_START = re.compile(r"[,;—–]|:(?!\d)|\bthat\b", _FLAGS)


def _clause_before(sentence: str, pos: int) -> str:
    """Text from the start of the clause containing ``pos`` up to ``pos``."""
    head = sentence[:pos]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[starts[-1] :] if starts else head


def _resolve(
    kind: str, m: re.Match[str], sentence: str, dateline: dt.date
) -> tuple[dt.date, dt.date, str, str, bool, bool] | None:
    """Resolve one match to ``(first, last, rule, review, future, speech)``."""
    g = m.groupdict()
    before = _clause_before(sentence, m.start())
    future = reads_forward(sentence, m.start(), before)
    speech = told_at(sentence, m.start())
    if kind in _PERIOD_KINDS:
        return resolve_period(kind, m, sentence, dateline, future, speech)
    if kind == "week_of":
        res = _explicit_date(m, dateline)
        if res is None:
            return None
        day, _, review = res
        first, last = _workweek(day)
        if day.weekday() >= 5:
            review = "; ".join(
                x for x in (review, f"'week of' a {day:%A}: Monday..Friday of its week chosen") if x
            )
        return (
            first,
            last,
            "'week of <date>': Monday..Friday of that date's week",
            review,
            True,
            speech,
        )
    if kind == "date_span":
        res = _explicit_date(m, dateline)
        if res is None:
            return None
        day, _, review = res
        try:
            end = dt.date(day.year, _MONTHS[g["monend"].lower().rstrip(".")], int(g["dayend"]))
        except ValueError:
            return None
        if end < day:
            end = end.replace(year=end.year + 1)
        if (end - day).days > 62 or end == day:
            return None
        if _TWO_DAYS.search(m.group(0)) and (end - day).days > 1 and not re.match(
                r"between\b", m.group(0), _FLAGS):
            return None  # "on Jan. 15 and Jan. 25": two days, not a range
        return day, end, "range of two dates", review, day > dateline, speech
    if kind == "month_attr":
        # "since the September election": the latest such month begun by the dateline
        # (the next one in a clause told ahead: "the December meeting will decide")
        month = _MONTHS[g["mon"].lower()]
        year = (dateline.year + (month < dateline.month) if future and not speech
                else dateline.year - (month > dateline.month))
        first, last = _month_range(year, month)
        return (first, last, "a happening named by its month: that calendar month",
                f"'{' '.join(m.group(0).split())}' read as {first:%B %Y}; check",
                first > dateline, speech)
    if kind == "month_name" and _MONTH_PATH.match(sentence, m.end()):
        return None  # "a rebound from December's rout": a market's own path, no happening
    if kind == "month_name":
        # a month-only phrase names the period a figure covers ("exports fell 4.4% in
        # December", "went public in December 1980") unless a subordinate clause tells a
        # happening with it ("after China slapped duties on soybeans in July")
        sub = list(re.finditer(r"\b(?:after|since|when|following)\b", before, _FLAGS))
        told = before[sub[-1].end():] if sub else ""
        if g["mprep"].lower() != "in":
            # "will halve its purchases from January", "would continue until September
            # 2018": the start or end of a happening told ahead (not a figure's period,
            # "sales rose from January", nor a past path)
            if not future or speech or figure_period(sentence, m.start()):
                return None
        elif not sub and happening_month(sentence, m.start()):
            pass  # "will end in December", "opened an investigation ... in May"
        elif not sub or not re.search(r"\b\w+ed\b|\b(?:slapped|hit|put|set|cut|began|made)\b", told
                                    ) or re.search(r"\b(?:show(?:ed|n)|said|says|data|figures"
                                                   r"|report(?:ed)?|\d)\b", told, _FLAGS):
            return None
        month = _MONTHS[g["mon"].lower()]
        if g.get("year"):
            year = int(g["year"])
        elif future and not speech and not told_before_by_pronoun(sentence, m.start()):
            # "will travel in July": the next July (this one if now)
            year = dateline.year + (month < dateline.month)
        else:  # "slapped duties ... in July": the latest July that has begun
            year = dateline.year - (month > dateline.month)
        first, last = _month_range(year, month)
        if g.get("mpart"):  # "in early April": days 1..10
            first, last = month_part(first, last, g["mpart"])
        review = "" if g.get("year") and not g.get("mpart") else (
            f"'{' '.join(m.group(0).split())}' read as {first:%b %d}..{last:%b %d %Y}; check")
        return first, last, "month named without a day: that calendar month", review, \
            first > dateline, speech
    if kind == "date_range":
        res = _explicit_date(m, dateline)
        if res is None:
            return None
        day, _, review = res
        try:
            end = day.replace(day=int(g["dayend"]))
        except ValueError:
            return None
        if end <= day:
            return None
        if _TWO_DAYS.search(m.group(0)) and (end - day).days > 1:
            return None  # "on Jan. 15 and 25": two days; "Jan. 29 and 30" is a two-day range
        return day, end, "date range within one month", review, day > dateline, speech
    if kind in ("date", "weekday_date"):
        res = _explicit_date(m, dateline)
        if res is None:
            return None
        day, rule, review = res
        attributive = bool(_ATTRIBUTIVE.search(sentence, 0, m.start())
                           and _NOUN_AFTER.match(sentence, m.end()))
        # "cancelling the June 12 meeting": a date naming a happening (between a determiner
        # and its noun) keeps the nearest occurrence, whatever the tense
        if rule.startswith("month-day without year") and not attributive:
            day, rule, review = year_by_tense(
                lambda y: dt.date(y, day.month, day.day), day, rule, review,
                tense_direction(sentence, m.start(), future), dateline)
        if kind == "weekday_date":
            wd = WEEKDAYS.index(g["wd"].lower())
            if wd != day.weekday():
                review = "; ".join(
                    x
                    for x in (review, f"the text says {g['wd']} but {day:%Y-%m-%d} is a {day:%A}")
                    if x
                )
        since = _SINCE.search(sentence, max(0, m.start() - 30), m.start())
        if since and day < dateline - dt.timedelta(days=1) and not _SINCE_BASE.search(
                sentence, max(0, since.start() - 60), since.start()):
            # "media reports since July 20": a period running from that day to the dateline's
            # eve (not a comparison base: "the lowest since Jan. 3")
            end = dateline - dt.timedelta(days=1)
            return (day, end, rule + "; 'since': to the day before the dateline",
                    f"'since {day:%b %d}' read as {day:%b %d}..{end:%b %d}; check", False, speech)
        return day, day, rule, review, future or day > dateline, speech
    if kind == "weekday_week":
        shift = {"next": 7, "the following": 7, "last": -7, "the previous": -7, "this": 0}[
            " ".join(g["wmod"].lower().split())]
        day = _monday(dateline) + dt.timedelta(days=shift + WEEKDAYS.index(g["wd"].lower()))
        return (day, day, f"'{m.group(0).strip()}': that weekday of that week", "",
                future or day > dateline, speech)
    if kind == "holiday":  # "closed for Good Friday", "on Christmas Day"
        day = holiday(g["hol"], dateline)
        review = ""
        day, _, review = year_by_tense(
            lambda y: holiday_in(g["hol"], y), day, "", review,
            tense_direction(sentence, m.start(), future), dateline)
        if abs((day - dateline).days) > 122:
            review = f"'{g['hol']}' read as {day:%Y-%m-%d}, far from the dateline; check"
        return (day, day, f"'{g['hol']}': the holiday's date nearest the dateline", review,
                future or day > dateline, speech)
    if kind == "weekday":
        mod = " ".join((g.get("mod") or "").lower().split())
        wd = WEEKDAYS.index(g["wd"].lower())
        if mod in ("early", "late") and wd == (dateline.weekday() + 1) % 7:
            # "said early Friday" in copy dated Thursday: the next day in another time zone
            day = dateline + dt.timedelta(days=1)
            return (day, day, f"'{mod} {g['wd']}' the day after the dateline: that next day "
                    "(news from another time zone)",
                    f"'{mod} {g['wd']}' read as {day:%Y-%m-%d}, the day after the dateline; "
                    "check", True, speech)
        if mod in ("on", "early", "late"):
            mod = ""
        day, rule, review = _resolve_weekday(wd, mod, dateline, future=future, speech=speech)
        return day, day, rule, review, future or day > dateline, speech
    if kind == "weekday_pair":  # "on Wednesday and Thursday": two days in a row or so
        wd, wd2 = WEEKDAYS.index(g["wd"].lower()), WEEKDAYS.index(g["wd2"].lower())
        span = (wd2 - wd) % 7
        if not 1 <= span <= (1 if g["join"].lower() == "and" else 4):
            return None  # "on Friday and Monday": two days, not a range
        day, rule, review = _resolve_weekday(wd, "", dateline, future=future, speech=speech)
        return (day, day + dt.timedelta(days=span), f"{rule}; to the {g['wd2']} after it",
                review, future or day > dateline, speech)
    if kind == "break_span":
        if future:
            return None  # told ahead: its days are not known from its length alone
        n = 7 if g["blen"].lower().startswith("week") else (
            {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10}.get(g["blen"].split("-")[0].split()[0].lower())
            or int(g["blen"][0]))
        last = dateline - dt.timedelta(days=1)
        first = last - dt.timedelta(days=n - 1)
        return (first, last, f"a {n}-day break told over: the {n} days before the dateline",
                f"'{' '.join(m.group(0).split())}' read as {first:%Y-%m-%d}..{last:%Y-%m-%d}, "
                "the days before the dateline; check", False, speech)
    if kind == "nth_day":
        n = int(g["nth"])
        if not 2 <= n <= 400:
            return None
        day = dateline - dt.timedelta(days=n - 1)
        return (day, day, f"'{m.group(0)}': its first day, dateline -{n - 1} days",
                f"'{m.group(0)}' read as a start on {day:%Y-%m-%d}; check", False, speech)
    if kind == "ago":
        n = {"a": 1, "one": 1, "six": 6, **_NUMBERS}.get(g["n"].lower()) or int(g["n"])
        days = n * (7 if g["unit"].lower().startswith("week") else 1)
        day = dateline - dt.timedelta(days=days)
        review = f"'{m.group(0)}' read as {day:%Y-%m-%d}; check" if days >= 7 else ""
        return day, day, f"'{m.group(0)}': dateline -{days} days", review, False, speech
    if kind == "relative":
        rel = " ".join(g["rel"].lower().split())
        c = clause_at(sentence, m.start())
        if rel.startswith("in the ") and (_OTHER_DAY.search(sentence) or reads_forward(
                sentence, m.start(), before) or c.tense != "past" or c.base in _PATH_VERBS
                or _told_move(sentence[c.start:c.end])):
            # "on Friday in the morning", "will speak in the morning", "Losses were trimmed
            # in the afternoon", "At one point in the afternoon it was down more than 1,600
            # points" (the market's own path): not a happening of the story's day
            return None
        if rel == "today" and _present_state(sentence, m.start()):
            # "That is worth far more to companies that pay close to the full rate today":
            # "today" of a present state is "nowadays", no happening of the story's day
            return None
        if rel.startswith("in the "):
            return (dateline, dateline, f"'{rel}', no other day named: the dateline",
                    f"'{rel}' read as the dateline's; check", False, speech)
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(rel, 0)
        day = dateline + dt.timedelta(days=offset)
        return day, day, f"'{rel}': dateline {offset:+d} days", "", offset > 0, speech
    if kind == "week":
        if figure_period(sentence, m.start()) and not g.get("wpart"):
            return None  # "jobless claims fell to 201,000 last week": the figure's period
        mod = " ".join(g["wmod"].lower().split())
        mon, fri = _workweek(dateline)
        if mod in ("last", "past"):
            mon, fri = mon - dt.timedelta(days=7), fri - dt.timedelta(days=7)
        elif mod == "next":
            mon, fri = mon + dt.timedelta(days=7), fri + dt.timedelta(days=7)
        review = ""
        if mod == "earlier this":
            fri = min(fri, dateline - dt.timedelta(days=1))
            if fri < mon:
                fri = mon
                review = "'earlier this week' written on a Monday; check"
        elif mod == "later this":
            mon = dateline + dt.timedelta(days=1)
            if mon > fri:
                fri = mon
                review = "'later this week' written at the end of the week; check"
        if mod == "past":
            review = "'past week' may mean the last seven days rather than last Monday..Friday"
        if g.get("wpart"):  # "early next week": Monday..Wednesday; "late next week": Thu..Fri
            mon, fri = ((mon, mon + dt.timedelta(days=2)) if g["wpart"].lower() == "early"
                        else (fri - dt.timedelta(days=1), fri))
            review = f"'{' '.join(m.group(0).split())}' read as {mon:%a %b %d}..{fri:%a %b %d}"
        return mon, fri, f"'{mod} week': Monday..Friday", review, mod == "next", speech
    if kind == "weekend":
        mod = " ".join(g["wmod"].lower().split())
        sat = dateline - dt.timedelta(days=(dateline.weekday() - 5) % 7)
        if mod == "this":
            sat = _monday(dateline) + dt.timedelta(days=5)
        elif mod == "last" and dateline.weekday() >= 5:
            sat -= dt.timedelta(days=7)
        elif mod == "next":
            sat = _monday(dateline) + dt.timedelta(days=12)
        elif mod in ("over the", "at the", "the") and future and not speech and sat < dateline:
            # "Investors will watch for a response over the weekend" (a Friday): the coming
            # weekend, told ahead (and "held back before the weekend meeting")
            sat = _monday(dateline) + dt.timedelta(days=5)
        if mod == "the" or re.match(
                r"['’]s\s+(?:[\w-]+\s+){0,3}(?:attack|strike|election|vote|referendum"
                r"|shooting|explosion|bombing|arrest|crash|storm|earthquake|announcement"
                r"|tweet|call|speech|deal)\b", sentence[m.end():]):
            # "last weekend's suspected chemical attack": one happening of the weekend (and
            # "the weekend settlement": the phrase only matches before such a noun)
            return (sat, sat, f"'{mod} weekend's' one happening: its Saturday",
                    "one happening of the weekend, dated Saturday; it may be Sunday's -- check",
                    sat > dateline, speech)
        return (
            sat,
            sat + dt.timedelta(days=1),
            f"'{mod} weekend': Saturday..Sunday",
            "",
            sat > dateline,
            speech,
        )
    if kind == "month":
        if figure_period(sentence, m.start()):
            return None  # "retail sales fell 0.3% last month": the figure's period
        mod = " ".join(g["mmod"].lower().split())
        n = {"last": -1, "next": 1}.get(mod, 0)
        first, last = _month_range(*_add_months(dateline, n))
        review = ""
        if mod == "earlier this":
            last = max(first, dateline - dt.timedelta(days=1))
        if g.get("mend") and mod != "earlier this":
            # "will stop ... at the end of this month": the month's last day
            return (last, last, f"'end of {mod} month': the month's last day",
                    "'the end of the month' read as its last day; check", last > dateline,
                    speech)
        return first, last, f"'{mod} month': calendar month", review, n > 0, speech
    raise AssertionError(kind)  # pragma: no cover


#: happenings told in the plural over a period since a day: "media reports since July 20"
#: (not a state since its start, "tariffs in force since June 1": the start is the news)
_SINCE = re.compile(r"\b[a-z]{3,}s\s+since\s+(?:on\s+)?")
#: a comparison base before "since": "the lowest close since Jan. 3", "its first gain since"
_SINCE_BASE = re.compile(r"\b(?:\w{2,}est|most|least|first|last|biggest|worst|best|lowest"
                         r"|highest|record)\b[^,;.]*$|\b(?:has|have|had)\s+(?:\w+\s+){0,3}\w+(?:ed|en)\b"
                         r"[^,;.]*$", _FLAGS)
_PATH_VERBS = MOVE_BASES | frozenset("trim pare narrow widen erase cut extend swing".split())
#: a move told with its amount: "was down more than 1,600 points", "was up 2%"
_AMOUNT_MOVE = re.compile(r"\b(?:up|down|higher|lower)\s+(?:(?:more\s+than|as\s+much\s+as|about"
                          r"|nearly|almost|some|over)\s+)?[\d,.]+\s*(?:%|percent|per\s+cent"
                          r"|points?)", _FLAGS)


def _present_state(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies in a present state: a stative present, or a clause under one.

    A clause without a verb of its own (a relative "that pay ... today" the reader
    leaves verbless) takes its head's.
    """
    clauses = split_clauses(sentence)
    c = next((c for c in clauses if c.start <= pos < c.end), None)
    while c is not None and c.tense == "none" and c.head >= 0:
        c = clauses[c.head]
    return c is not None and c.tense == "present" and c.base in STATIVE


def _told_move(clause: str) -> bool:
    """Whether a clause tells a market's move with its amount ("it was down 1,600 points")."""
    return _AMOUNT_MOVE.search(clause) is not None
_OTHER_DAY = re.compile(rf"\b(?:{_WD}|{_MON}\.?\s+\d|yesterday|tomorrow|week|month)", _FLAGS)
#: a date used as an attribute: "the June 12 meeting", "its planned March 1 deadline"
_ATTRIBUTIVE = re.compile(r"\b(?:the|its|their|his|her|a|planned|scheduled)\s+$", _FLAGS)
_NOUN_AFTER = re.compile(r"\s+(?:[a-z][\w-]+\s+){0,2}(?:meeting|summit|talks|deadline|vote"
                         r"|election|referendum|hearing|launch|event|conference|visit|trip)\b")
#: a market level a date names: "its Jan. 26 record close", "the Oct. 3 peak"
_LEVEL_AFTER = re.compile(r"\s+(?:(?:record|all-time|closing|intraday)\s+)*(?:high|low|peak"
                          r"|record|close|level)s?\b", _FLAGS)


def find_time_refs(
    sentence: str, dateline: dt.date, *, sentence_index: int = -1, offset: int = 0
) -> list[TimeRef]:
    """Find and resolve every time reference in one sentence.

    Parameters
    ----------
    sentence
        The sentence text.
    dateline
        The article's date; every reference is resolved against it.
    sentence_index
        Stored on each reference (its position in the article).
    offset
        Added to the match positions, so offsets point into the whole article.

    Returns
    -------
    list of TimeRef
        In order of appearance; overlapping matches are resolved in favour of
        the composite phrase ("the week of Jan. 7" beats "Jan. 7").
    """
    taken: list[tuple[int, int]] = []
    refs: list[TimeRef] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "week" and re.search(r"\btime\s+$", sentence[:s]):
                continue  # "for the second time this week": a count, not a date
            if _LEVEL_AFTER.match(sentence, e) and re.search(r"\b(?:its|their|the|a)\s+$",
                                                             sentence[:s], _FLAGS):
                continue  # "below its Jan. 26 record close": a comparison base, not a date
            res = _resolve(kind, m, sentence, dateline)
            if res is None:
                continue
            first, last, rule, review, future, speech = res
            span_days = _FOR_DAYS.match(sentence, e)
            if span_days and first == last and kind in ("date", "weekday_date", "weekday"):
                n = _NUMBERS.get(span_days.group(1).lower()) or int(span_days.group(1))
                last = first + dt.timedelta(days=n - 1)
                rule += f"; '{span_days.group(0).strip()}': a {n}-day range"
            span_end = SPAN_ENDS.search(sentence, max(0, s - 120), s)
            if span_end and first == last and kind in ("date", "weekday_date", "weekday"):
                n = _NUMBERS.get(span_end.group(1).lower()) or int(span_end.group(1))
                first = last - dt.timedelta(days=n - 1)
                rule += f"; the {n}-day span ending then"
            span_start = SPAN_STARTS.search(sentence, max(0, s - 120), s)
            if (span_start and not span_end and first == last
                    and kind in ("date", "weekday_date", "weekday")):
                n = _NUMBERS.get(span_start.group(1).lower()) or int(span_start.group(1))
                last = first + dt.timedelta(days=n - 1)
                rule += f"; the {n}-day span starting then"
            taken.append((s, e))
            refs.append(
                TimeRef(
                    text=m.group(0),
                    sentence=sentence_index,
                    start=offset + s,
                    end=offset + e,
                    kind=kind,
                    first=first,
                    last=last,
                    rule=rule,
                    review=review,
                    future=future,
                    speech=speech,
                )
            )
    refs = _one_instant_two_places(sorted(refs, key=lambda r: r.start), sentence, offset)
    refs = _closure_range(refs, sentence, offset)
    refs = closed_until(in_week_frame(refs, sentence, dateline, offset), sentence, dateline,
                        offset)
    return listed_ahead(refs, sentence, offset)


#: a market closing on a day: "U.S. markets close early on Tuesday", "will close on Feb. 15"
_CLOSES = re.compile(r"\b(?:close[sd]?|shut|shuts|halts?)\s+(?:early\s+)?(?:on\s+)?$", _FLAGS)
_MARKET_WORD = re.compile(r"\b(?:markets?|exchanges?|bourses?|trading|stocks)\b", _FLAGS)
#: what joins the closure's first day to its last or to the reopening
_REOPENS = re.compile(r"^[^;.]{0,80}?\b(?:reopens?|resumes?\s+trading|resumes?)\s+(?:on\s+)?$",
                      _FLAGS)
_SHUT_TOO = re.compile(r"^\s*(?:,\s*)?(?:and|then)\s+(?:will\s+)?(?:be|remain|stay)\s+"
                       r"(?:shut|closed)\s+(?:all\s+day\s+)?(?:on\s+)?$", _FLAGS)


def _closure_range(refs: list[TimeRef], sentence: str, offset: int) -> list[TimeRef]:
    """Read one market closure told by its first day and its reopening (or its next day).

    "The market will close on Feb. 15 for the holiday and reopen on Feb. 22": closed
    Feb. 15..21; "U.S. markets close early on Tuesday and will be shut Wednesday": one
    closure, Tuesday..Wednesday. The second day is no reference of its own.
    """
    if len(refs) < 2 or not _MARKET_WORD.search(sentence):
        return refs
    out: list[TimeRef] = []
    skip: set[int] = set()
    for i, r in enumerate(refs):
        if i in skip:
            continue
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        if (nxt is not None and not r.is_range and not nxt.is_range
                and _CLOSES.search(sentence, max(0, r.start - offset - 40), r.start - offset)):
            gap = sentence[r.end - offset:nxt.start - offset]
            days = (nxt.first - r.first).days
            last = None
            if _REOPENS.match(gap) and 1 <= days <= 14:
                last = nxt.first - dt.timedelta(days=1)
            elif _SHUT_TOO.match(gap) and 1 <= days <= 3:
                last = nxt.first
            if last is not None:
                r = dataclasses.replace(
                    r, last=last, rule=f"{r.rule}; a closure to {last:%Y-%m-%d} "
                    f"('{' '.join(nxt.text.split())}')",
                    review="; ".join(x for x in (r.review, f"one closure read as "
                                     f"{r.first:%Y-%m-%d}..{last:%Y-%m-%d}; check") if x))
                skip.add(i + 1)
                # the holiday it is closed for names the same closure ("for the
                # Independence Day holiday"): no day of its own
                skip.update(j for j, h in enumerate(refs) if j > i and h.kind == "holiday"
                            and r.first <= h.first <= last)
        out.append(r)
    return out


#: "on Wednesday afternoon in Washington, early Thursday in Tokyo": one instant, two places
_IN_PLACE = (r"(?:\s+(?:morning|afternoon|evening|night))?\s+in\s+[A-Z][\w.'’-]*"
             r"(?:\s+[A-Z][\w.'’-]*)?")
_SECOND_PLACE = re.compile(rf"{_IN_PLACE}\s*,\s*(?:(?:early|late)\s+)?$")
_FIRST_PLACE = re.compile(_IN_PLACE)


def _one_instant_two_places(refs: list[TimeRef], sentence: str, offset: int) -> list[TimeRef]:
    """Drop a day told again in another place's calendar right after the first.

    "announces its decision on Wednesday afternoon in Washington, early Thursday in
    Tokyo": one happening, told in two zones; the first (the doer's place) is kept.
    """
    out: list[TimeRef] = []
    for r in refs:
        prev = out[-1] if out else None
        if (prev is not None and r.kind == prev.kind == "weekday"
                and _SECOND_PLACE.fullmatch(sentence, prev.end - offset, r.start - offset)
                and _FIRST_PLACE.match(sentence, r.end - offset)):
            continue
        out.append(r)
    return out


def resolve_phrase(phrase: str, dateline: dt.date) -> TimeRef:
    """Resolve a text holding exactly one time reference (handy for tests and docs).

    Raises
    ------
    ValueError
        If the text holds no time reference or more than one.
    """
    refs = find_time_refs(phrase, dateline)
    if len(refs) != 1:
        raise ValueError(f"expected one time reference in {phrase!r}, found {len(refs)}")
    return refs[0]
