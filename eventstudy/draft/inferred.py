"""What a dateline infers when the header does not say it.

The year of a wire day written without one (from the full dates, else the years,
the text writes -- never from the clock, so a draft does not change with the day
it is run), the zone of a header time written without one (the first place the
lead names), and the date of a story with no date line (the lead's own full
date). Each inference is marked for review. Used by :mod:`eventstudy.draft.dateline`.
"""

from __future__ import annotations

import datetime as dt
import re

from eventstudy.draft.phrases import _MON, _MONTHS
from eventstudy.draft.times import CITIES

_YEAR_DATE = re.compile(
    rf"\b(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b",
    re.IGNORECASE,
)


def year_of_dates(text: str, month: int, day: int) -> tuple[int, str] | None:
    """Return the year putting ``month``/``day`` nearest a full date of the text (and why)."""
    best: tuple[int, dt.date, dt.date] | None = None
    for m in _YEAR_DATE.finditer(text):
        try:
            ref = (dt.date.fromisoformat(m.group("iso")) if m.group("iso") else dt.date(
                int(m.group("year")), _MONTHS[m.group("mon").lower().rstrip(".")],
                int(m.group("day"))))
        except (ValueError, KeyError):
            continue
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                cand = dt.date(y, month, day)
            except ValueError:
                continue
            if best is None or abs((cand - ref).days) < abs((best[1] - best[2]).days):
                best = (y, cand, ref)
    if best is None:
        return None
    return best[0], f"the wire dateline has no year; {best[0]} was taken from {best[2]} in the text"


_LEAD_WEEKDAY = re.compile(
    r"(?<!last )(?<!next )\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!'s)",
    re.IGNORECASE)


#: a year written in the text ("in May 2017", "four rate increases in 2018")
_YEAR = re.compile(r"(?<![\w$€£.,-])((?:19|20)\d\d)(?![\w%.,-]\d|\w)")


def year_of_weekday(text: str, lead: str, month: int, day: int) -> tuple[int, str] | None:
    """Return the year the text names that puts ``month``/``day`` on the lead's weekday.

    A wire story's lead tells the day's news with the day's weekday ("Japanese
    stocks tumbled on Friday"): the first weekday of the lead's first sentence,
    not "last/next <weekday>", is the dateline's. The year is looked for among
    the years the text writes (``in May 2017``, ``four increases in 2018``): the
    latest year named, or the year after it (background told the next year) or
    before it (a forecast), whichever fits; else the same about the next latest
    year named. Nothing
    else is read -- not the clock: the draft of an article must not change with
    the day it is run -- so a text naming no fitting year gives ``None`` and the
    caller asks for ``--date``. Marked for review.

    Parameters
    ----------
    text
        The whole article (where years are looked for).
    lead
        The text right after the wire dateline (whose first sentence names the weekday).
    month, day
        The wire dateline's month and day.

    Returns
    -------
    tuple of (int, str) or None
        The year and the review note, or ``None``.
    """
    # the first sentence: a full stop after a word of two lower-case letters or digits
    # ("U.S. stocks rallied on Wednesday" is one sentence)
    first = re.split(r"(?<=[a-z0-9]{2}[.!?])\s+(?=[A-Z\"“])", lead, maxsplit=1)[0]
    m = _LEAD_WEEKDAY.search(first)
    if m is None:
        return None
    wd = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
          "sunday").index(m.group(1).lower())
    # three years in a row put a day on three different weekdays (a year moves it by one
    # or two), so each year named, with the years either side, fits at most once
    for named in sorted({int(y) for y in _YEAR.findall(text)}, reverse=True):
        for y in (named, named + 1, named - 1):
            try:
                fits = dt.date(y, month, day).weekday() == wd
            except ValueError:
                continue
            if fits:
                return y, (f"the wire dateline has no year; {y} (next to {named}, named in the "
                           f"text) puts {day} {dt.date(y, month, day):%B} on a {m.group(1)} "
                           "(the lead's day)")
    return None


#: countries a lead names as the story's place -> the zone of its capital market
_COUNTRIES = {
    "china": "Asia/Shanghai", "chinese": "Asia/Shanghai", "japan": "Asia/Tokyo",
    "japanese": "Asia/Tokyo", "hong kong": "Asia/Hong_Kong", "britain": "Europe/London",
    "british": "Europe/London", "germany": "Europe/Berlin", "german": "Europe/Berlin",
    "france": "Europe/Paris", "french": "Europe/Paris", "south korea": "Asia/Seoul",
    "south korean": "Asia/Seoul",
    "singapore": "Asia/Singapore", "india": "Asia/Kolkata", "australia": "Australia/Sydney",
    "united states": "America/New_York", "u.s.": "America/New_York",
    "american": "America/New_York", "wall street": "America/New_York",
}
_PLACE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, [c.title() for c in CITIES] + [
        c.title() for c in _COUNTRIES if c != "u.s."]), key=len, reverse=True))
    + r"|U\.S\.)(?!\w)")


_OVERNIGHT = re.compile(r"\bovernight\b", re.IGNORECASE)


def place_zone(lead: str) -> tuple[str, str] | None:
    """Return the zone of the first place the lead names, and a review note; ``None`` if none.

    A header's clock time without a zone, city or publisher's home ("By ... /
    Mar 05, 2019 06:12 PM / Economy") is the newsroom's local time, and a
    newsroom mostly writes about its own place: "China lowered its growth
    target ..." -> Beijing time. A guess, so marked for review.
    """
    far: set[str] = set()
    for m in _PLACE.finditer(lead):
        end = lead.find(".", m.end())
        if _OVERNIGHT.search(lead, m.end(), end if end >= 0 else len(lead)):
            # "Wall Street finished higher overnight": the newsroom's night was that place's
            # day, so the newsroom is elsewhere (Sydney, Tokyo the next morning)
            far.add(CITIES.get(m.group(1).upper()) or _COUNTRIES[m.group(1).lower()])
    for m in _PLACE.finditer(lead):
        name = m.group(1)
        zone = CITIES.get(name.upper()) or _COUNTRIES[name.lower()]
        if zone not in far:
            break
    else:
        return None
    return zone, (f"the header's time has no zone; taken as {zone}, the zone of "
                  f"{name}, the first place the lead names")


#: a lead's own weekday and full date: "on Thursday, April 18, 2019"
_LEAD_DATE = re.compile(
    rf"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?P<mon>{_MON})\.?"
    r"\s+(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d\d)\b")


def lead_date(text: str, start: int) -> tuple[dt.date, str] | None:
    """Return the lead's own full date and a review note, when its weekday agrees.

    "NEW YORK (AP) — U.S. stocks slipped on Thursday, April 18, 2019, as ...": with no
    date line above, the lead's own weekday and full date date the story (marked).
    ``start`` is the lead's offset in ``text``.
    """
    m = _LEAD_DATE.search(text, start, start + 400)
    if m is None:
        return None
    try:
        day = dt.date(int(m.group("year")), _MONTHS[m.group("mon").lower().rstrip(".")],
                      int(m.group("day")))
    except ValueError:
        return None
    if f"{day:%A}".lower() != m.group("wd").lower():
        return None
    return day, f"no date line; {day} is the lead's own date ('{' '.join(m.group(0).split())}')"
