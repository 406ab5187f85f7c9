"""Read any full calendar date a short header or footer line holds.

The fallback of :mod:`eventstudy.draft.dateline`: the newsroom forms it knows
by pattern (wire datelines, ``Published ... Updated ...`` rows, Dow Jones
stamps) come first; any other line short enough to be a stamp is handed to
``dateutil.parser`` (python-dateutil, already a pandas dependency), which reads
every common order and separator -- ``20/11/2017 - 18:07``, ``published
December 04, 2017``, ``Mar 28, 2018, 04:41pm EDT``, ``Thursday 15 November
2018 17:20, UK``, ``MARCH 15, 2019 | 4:05 PM`` -- in any case, with weekday
names and abbreviations with or without periods.

What is ours, and why it is not left to dateutil:

* a *full* date only: dateutil fills what a string omits from a default, so
  the line is parsed against two different defaults and a field is taken as
  written only when both readings agree (``Posted 3 hours ago`` names no day);
* a *stamp*, not prose: at most :data:`MAX_OTHER_WORDS` words that are not the
  date's (``Last updated``, ``published``, a section name);
* numeric day/month order: dateutil decides ``20/11/2017`` by validity, but
  ``05/03/2019`` is ambiguous; the caller's locale (``dayfirst``) decides it,
  else month-first, and the reading is marked for review;
* the zone as an IANA name (dateutil returns offsets or nothing for ``SGT``,
  ``KST``, ``UK``): read from the line with the zone words of
  :mod:`eventstudy.draft.times`, plus the bare region words a header writes
  (``UK``, ``Eastern``, ``Pacific``);
* the dotted clock ``16.48``, which dateutil does not read as a time.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import NamedTuple

from dateutil import parser as _du  # type: ignore[import-untyped]

from eventstudy.draft.times import ZONE_PATTERN, ZONES, zone_of

#: words of a stamp line that are not the date's ("Last updated", "published", "Technology")
MAX_OTHER_WORDS = 4
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOT_CLOCK = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?!\d)")
_ZONE = re.compile(ZONE_PATTERN)
#: region words a header writes alone after its time ("17:20, UK", "4:05 PM Eastern")
_REGION = re.compile(r"\b(UK|U\.K\.|Eastern|Central|Pacific)\b", re.IGNORECASE)
_REGIONS = {"uk": "Europe/London", "u.k.": "Europe/London"}
_WORD = re.compile(r"[A-Za-z]{2,}")
_DEFAULTS = (dt.datetime(1900, 1, 1, 0, 0), dt.datetime(1904, 2, 2, 1, 1))


class HeaderDate(NamedTuple):
    """A date read from a stamp line: the day, its clock time and zone, and a review note."""

    date: dt.date
    time: dt.time | None
    zone: str | None
    review: str


def region_zone(line: str) -> str | None:
    """Return the zone of a region word a stamp writes alone (``17:20, UK``), else ``None``."""
    r = _REGION.search(line)
    if r is None:
        return None
    word = r.group(1).lower()
    return _REGIONS.get(word) or ZONES.get(word)


def _parse(line: str, default: dt.datetime, dayfirst: bool) -> tuple[dt.datetime, int] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil warns of zone names it does not know
        try:
            when, skipped = _du.parse(line, fuzzy_with_tokens=True, default=default,
                                      ignoretz=True, dayfirst=dayfirst)
        except (ValueError, OverflowError, TypeError):
            return None
    return when, sum(len(_WORD.findall(t)) for t in skipped)


def header_date(line: str, dayfirst: bool | None = None) -> HeaderDate | None:
    """Return the full date (and clock time, zone) of a stamp line, else ``None``.

    Parameters
    ----------
    line
        One header or footer line.
    dayfirst
        The publication's numeric order when known (``True``: day/month/year);
        ``None``: an ambiguous numeric date is read month-first and marked.

    Returns
    -------
    HeaderDate or None
        ``None`` when the line writes no year, day and month, or is prose.
    """
    if len(line.split()) > 12 or not _YEAR.search(line):
        return None
    text = _DOT_CLOCK.sub(r"\1:\2", line.replace("|", " ").replace("·", " "))
    review = ""
    num = _NUMERIC.search(text)
    first = bool(dayfirst)
    if num is not None:
        a, b = int(num.group(1)), int(num.group(2))
        if a > 12 and b <= 12:
            first = True
        elif b > 12 and a <= 12:
            first = False
        elif a != b and dayfirst is None:
            review = (f"the header date {num.group(0)} may be day/month or month/day; read "
                      "month-first (the publication's order is not known)")
    a_read, b_read = (_parse(text, d, first) for d in _DEFAULTS)
    if a_read is None or b_read is None:
        return None
    (one, other_words), (two, _) = a_read, b_read
    if other_words > MAX_OTHER_WORDS or one.date() != two.date():
        return None  # prose, or a day, month or year the line does not write
    clock = one.time() if (one.hour, one.minute) == (two.hour, two.minute) else None
    zone = None
    if clock is not None:
        z = _ZONE.search(line)
        zone = zone_of(z) if z else region_zone(line)
    return HeaderDate(one.date(), clock.replace(second=0) if clock else None, zone, review)
