"""Zones a clock takes from the place its sentence names, and clocks told from another.

Newsrooms write a clock in the zone of where the thing happens: "began at 2:30 p.m.
local time" at a meeting "in Mountain View, California" is Pacific time, not the
newsroom's; a press conference "45 minutes later" than a statement "at 1.45pm
Frankfurt time" is 14:30 in Frankfurt. This module reads those, for
:func:`eventstudy.draft.times.find_times`.
"""

from __future__ import annotations

import datetime as dt
import re

#: US states and Canadian provinces (as a dateline or a place after a city names them)
#: -> the zone of most of their people
STATE_ZONES: dict[str, str] = {
    "California": "America/Los_Angeles", "Washington state": "America/Los_Angeles",
    "Oregon": "America/Los_Angeles", "Nevada": "America/Los_Angeles",
    "Arizona": "America/Phoenix", "Colorado": "America/Denver", "Utah": "America/Denver",
    "Texas": "America/Chicago", "Illinois": "America/Chicago", "Minnesota": "America/Chicago",
    "Missouri": "America/Chicago", "Tennessee": "America/Chicago",
    "Wisconsin": "America/Chicago", "Louisiana": "America/Chicago",
    "Oklahoma": "America/Chicago", "Nebraska": "America/Chicago", "Iowa": "America/Chicago",
    "Arkansas": "America/Chicago", "Alabama": "America/Chicago",
    "Michigan": "America/Detroit", "Ohio": "America/New_York",
    "Georgia": "America/New_York", "Florida": "America/New_York",
    "Massachusetts": "America/New_York", "Pennsylvania": "America/New_York",
    "New Jersey": "America/New_York", "Connecticut": "America/New_York",
    "Virginia": "America/New_York", "North Carolina": "America/New_York",
    "Delaware": "America/New_York", "Maryland": "America/New_York",
    "Hawaii": "Pacific/Honolulu", "Alaska": "America/Anchorage",
    "Ontario": "America/Toronto", "Quebec": "America/Toronto",
    "British Columbia": "America/Vancouver", "Alberta": "America/Edmonton",
}
_STATE = re.compile(
    r"\b(?:in|at|near)\s+(?:[A-Z][\w.'-]*\s+){0,3}?[A-Z][\w.'-]*,\s+("
    + "|".join(sorted((re.escape(k) for k in STATE_ZONES), key=len, reverse=True))
    + r")\b")
_CITY = re.compile(r"\b(?:in|at|on)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=['’]s\b|\b)")


def local_place(sentence: str, cities: dict[str, str]) -> tuple[str, str] | None:
    """Return the place whose "local time" a sentence's clock reads, and its zone.

    A city followed by its state or province ("in Mountain View, California") names
    the place; else a known city after "in"/"at" ("in Tokyo"), looked up in ``cities``
    (upper case city -> zone).

    Parameters
    ----------
    sentence
        The sentence holding the clock and "local time".
    cities
        Known cities, upper case, with their zones.

    Returns
    -------
    tuple of (str, str) or None
        The place as written and its IANA zone; ``None`` when no place is named.
    """
    m = _STATE.search(sentence)
    if m is not None:
        return m.group(1), STATE_ZONES[m.group(1)]
    for c in _CITY.finditer(sentence):
        zone = cities.get(c.group(1).upper())
        if zone:
            return c.group(1), zone
    return None


_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10,
        "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45}
#: "45 minutes later", "half an hour later", "an hour later", "two hours after that"
LATER = re.compile(
    r"\b(?:(?P<half>half\s+an\s+hour)|(?P<n>\d{1,3}|an?|one|two|three|four|five|ten|fifteen"
    r"|twenty|thirty|forty-five)\s+(?P<unit>minutes?|hours?))\s+(?:later|after\s+that)\b",
    re.IGNORECASE)


def later_clock(m: re.Match[str], before: tuple[dt.time, str] | None) -> dt.time | None:
    """Return the wall time a :data:`LATER` phrase tells from the clock told before it.

    Parameters
    ----------
    m
        A :data:`LATER` match ("45 minutes later").
    before
        The last clock told (its wall time and zone) in this or the sentence before;
        ``None`` when there is none.

    Returns
    -------
    datetime.time or None
        ``before`` moved on by the span, in the same zone; ``None`` without a clock
        before or past midnight (another day: left to a human).
    """
    if before is None:
        return None
    if m.group("half"):
        minutes = 30
    else:
        n = m.group("n").lower()
        k = int(n) if n.isdigit() else _NUM[n]
        minutes = k * (60 if m.group("unit").lower().startswith("hour") else 1)
    total = before[0].hour * 60 + before[0].minute + minutes
    if total >= 24 * 60:
        return None
    return dt.time(total // 60, total % 60)
