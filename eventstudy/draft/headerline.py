"""Read one header line: its date and clock, the publisher it names, a stamp below it.

The line-level readers of :mod:`eventstudy.draft.dateline`, which walks the
header (see its docstring for the forms): :func:`_date_line` reads a date line
(ISO, month-day-year, day-month-year, European dotted, Dow Jones' legacy stamp,
with the clock and zone after it), :func:`_publisher` and
:func:`_handle_publisher` the publisher a line or a reporter's handle names,
:func:`_stamp_below` whether a date stamp follows within a few lines.
"""

from __future__ import annotations

import datetime as dt
import re

from eventstudy.draft.headerdate import HeaderDate, header_date, region_zone
from eventstudy.draft.phrases import _MON, _MONTHS
from eventstudy.draft.times import (
    CLOCK_PATTERN,
    PUBLISHERS,
    ZONE_PATTERN,
    clock_of,
    zone_of,
)

_PUB_RE = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(map(re.escape, PUBLISHERS), key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_WD = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE_IN_LINE = re.compile(
    rf"(?P<iso>\d{{4}}([-/.])\d{{2}}\2\d{{2}})"
    rf"(?:[T ](?P<isot>\d{{2}}:\d{{2}})(?::\d{{2}}(?:\.\d+)?)?"
    rf"(?P<isoz>Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|(?:{_WD}\s+)?(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?:{_WD}\s+)?(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MON})\.?,?\s+(?P<year2>\d{{4}})"
    # European numeric "26.07.2018 – 17:58 Uhr" (day first, dots)
    r"|\b(?P<eday>[0-3]?\d)\.(?P<emon>[01]?\d)\.(?P<eyear>(?:19|20)\d\d)\b"
    # Dow Jones' legacy closing stamp "01-22-18 1652ET" (month first, two-digit year)
    r"|^(?P<djmon>[01]\d)-(?P<djday>[0-3]\d)-(?P<djyear>\d\d)\s+(?P<djh>[01]\d|2[0-3])"
    r"(?P<djmi>[0-5]\d)\s*(?P<djz>ET|EST|EDT|GMT)$",
    re.IGNORECASE,
)
_CLOCK = re.compile(rf"(?:{CLOCK_PATTERN})(?:\s*(?:{ZONE_PATTERN}))?")
_ZONE_ONLY = re.compile(ZONE_PATTERN)
_DOT_CLOCK = re.compile(rf"\b([01]?\d|2[0-3])\.([0-5]\d)(?=\s*(?:{ZONE_PATTERN}))")
def _lines(text: str, limit: int = 25) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text) and len(out) < limit:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        out.append((pos, end))
        pos = end + 1
    return out


def _publisher(line: str) -> str | None:
    m = _PUB_RE.search(line)
    if not m:
        return masthead(line)
    name = m.group(1)
    if name.lower() in ("ap", "ft", "wsj", "scmp", "cnbc", "afp", "bbc") and not name.isupper():
        return None
    return PUBLISHERS[name.lower()]


#: the nouns publications are named with ("Global Times", "Automotive News", "American
#: Banker", "Herald & Review", "NHK WORLD")
_MASTHEAD_NOUNS = ("News|Times|Post|Journal|Herald|Review|Tribune|Gazette|Press|Chronicle"
                   "|Banker|World|Daily|Telegraph|Observer|Standard|Examiner|Insider|Mail"
                   "|Express|Globe|Courier|Bulletin|Register|Dispatch|Inquirer|Independent"
                   "|Wire|Weekly|Magazine|Business")
_MASTHEAD = re.compile(
    r"(?:Source:\s*|From\s+|[—–-]+\s*|(?i:by)\s+[^,]{1,40},\s*)?"
    r"(?P<name>(?:(?:[A-Z][\w'.-]*|&|of|the)\s+){1,3}"
    rf"(?i:{_MASTHEAD_NOUNS}))\s*")
#: a section or desk, not a publication: "Business News", "World News", "Markets"
_SECTION = re.compile(r"(?i:business|markets?|world|economy|finance|money|tech(?:nology)?"
                      r"|politics|sports?|local|breaking|latest|top|more|related)\s")
#: the cells of a row: bars, middle dots, runs of spaces
_MASTHEAD_CELLS = re.compile(r"\s*[|·•]\s*|\s{3,}")


def masthead(line: str) -> str | None:
    """Return a publication's name a header or footer cell consists of, as written.

    A general reader for newsrooms :data:`~eventstudy.draft.times.NEWSROOMS` does not
    know: a cell (of a row split on bars, dots or runs of spaces) that is two to four
    capitalised words ending in a noun publications are named with (News, Times, Post,
    Journal, Herald, Review, Banker, World, ...), optionally after "Source:", "From", a
    dash or a byline's "By <name>,". Not a section ("Business News") nor a sentence.
    """
    for cell in _MASTHEAD_CELLS.split(line.strip()):
        m = _MASTHEAD.fullmatch(cell.strip())
        if m is not None and not _SECTION.match(m.group("name") + " ") and not re.match(
                r"(?:of|the|&)\s", m.group("name")):
            return m.group("name")
    return None


#: where a second stamp starts on one line: "Published Wed, Oct 31 2018 7:34 AM EDT   Updated ..."
_NEXT_STAMP = re.compile(r"\s(?=(?:First\s+|Last\s+)?(?:Published|Updated|Original)\b)",
                         re.IGNORECASE)
#: the cells of a header row that also holds the date (a slash too: Caixin's "By ... / date /
#: section"; "March 1, 2018 / 4:17 PM" is read whole first)
_ROW_CELLS = re.compile(r"\s+[·|•/]\s+")
_FIRST_STAMP = re.compile(r"[/|\s]*(?:First\s+)?(?:Published|Original)\b", re.IGNORECASE)


#: the first publication's clock after an update's stamp: ", first published at 7.05am"
_FIRST_AT = re.compile(rf"[,;(\s]+first\s+published(?:\s+at)?\s+(?P<clock>(?:{CLOCK_PATTERN})"
                       rf"(?:\s*(?:{ZONE_PATTERN}))?)\)?\s*$", re.IGNORECASE)
#: a year run into the clock after it, as scraped pages render a stamp's cells: "Feb 26
#: 20184:02 PM EST" is 2018 and 4:02 PM
_YEAR_INTO_CLOCK = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[01]?\d:[0-5]\d\s*[AaPp]\.?\s?[Mm]\b)")
def _handle_publisher(handle: str) -> str | None:
    """Return the publisher a reporter's handle ends with ("DanaWhitcombCNBC" -> CNBC)."""
    for key in sorted(PUBLISHERS, key=len, reverse=True):
        tag = key.replace(" ", "")
        if len(tag) >= 3 and handle.lower().endswith(tag) and len(handle) > len(tag) and (
                tag not in ("wsj", "scmp", "afp") or handle.endswith(tag.upper())):
            return PUBLISHERS[key]
    return None


def _date_line(line: str) -> HeaderDate | None:
    """Read a header line that holds a full date (with year); ``None`` if it is not one.

    The newsroom forms of :data:`_DATE_IN_LINE` first; any other short line is
    read by the general reader :func:`~eventstudy.draft.headerdate.header_date`.

    A line holding several stamps ("Published ... Updated ...", "Updated ... /
    Original ...") is read as its publication stamp (``Published``,
    ``Original``), else its first: each stamp is a line of its own that shares
    a row, and the dateline is the first publication.
    """
    line = _YEAR_INTO_CLOCK.sub(r"\1 ", line)
    first = _FIRST_AT.search(line)
    if first is not None:
        # "Updated Oct 25, 2017 - 7.48am, first published at 7.05am": the first publication's
        # clock, on the update's day (and its zone when only the update's clock names one)
        upd = _date_line(line[: first.start()])
        c = _CLOCK.search(first.group("clock"))
        if upd is not None and c is not None:
            return HeaderDate(upd.date, clock_of(c), zone_of(c) or upd.zone, upd.review)
    cut = _NEXT_STAMP.search(line, 1)
    if cut is not None and _DATE_IN_LINE.search(line, cut.end()) and _DATE_IN_LINE.search(
            line[: cut.start()]):
        if _FIRST_STAMP.match(line, cut.end()) and not _FIRST_STAMP.match(line):
            line = line[cut.end():]
        else:
            line = line[: cut.start()]
    m = _DATE_IN_LINE.search(line)
    if m is None:
        return header_date(line)
    g = m.groupdict()
    try:
        if g["iso"]:
            day = dt.date.fromisoformat(g["iso"].replace("/", "-").replace(".", "-"))
        elif g["eday"]:
            day = dt.date(int(g["eyear"]), int(g["emon"]), int(g["eday"]))
        elif g["djmon"]:
            day = dt.date(2000 + int(g["djyear"]), int(g["djmon"]), int(g["djday"]))
        else:
            mon, dd, yy = (g["mon"], g["day"], g["year"]) if g["mon"] else (
                g["mon2"], g["day2"], g["year2"])
            day = dt.date(int(yy), _MONTHS[mon.lower().rstrip(".")], int(dd))
    except ValueError:
        return None
    rest = line[: m.start()] + " " + line[m.end():]
    if len(re.findall(r"[A-Za-z]{2,}", rest)) > 6:  # prose that happens to hold a date
        # unless a row of cells holds it: "By A and B / Mar 05, 2019 06:12 PM / Economy"
        cells = _ROW_CELLS.split(line)
        if len(cells) > 1:
            return next((r for c in cells if (r := _date_line(c)) is not None), None)
        return None
    clock, zone = None, None
    if g.get("djh"):
        z = _ZONE_ONLY.search(g["djz"].upper())
        return HeaderDate(day, dt.time(int(g["djh"]), int(g["djmi"])), zone_of(z) if z else None,
                          "")
    if g.get("isot"):
        clock = dt.time.fromisoformat(g["isot"])
        if g.get("isoz"):
            z = _ZONE_ONLY.search(g["isoz"])
            zone = "UTC" if g["isoz"] == "Z" else zone_of(z) if z else None
    else:
        c = _CLOCK.search(line)
        if c is not None:
            clock = clock_of(c)
            zone = zone_of(c)
        else:  # "Friday 12 October 2018 16.48 BST" (a period, and a zone next to it)
            d = _DOT_CLOCK.search(line)
            if d is not None and int(d.group(1)) < 24 and int(d.group(2)) < 60:
                clock = dt.time(int(d.group(1)), int(d.group(2)))
                z = _ZONE_ONLY.search(line, d.end(2))
                zone = zone_of(z) if z else None
    if zone is None:
        z = _ZONE_ONLY.search(rest)
        zone = zone_of(z) if z else region_zone(rest) if clock is not None else None
    return HeaderDate(day, clock, zone, "")


def _stamp_below(text: str, lines: list[tuple[int, int]], i: int, ahead: int = 3) -> bool:
    """Tell whether one of the next ``ahead`` non-blank lines after line ``i`` is a stamp."""
    if i > 8:
        return False
    seen = 0
    for s, e in lines[i + 1:]:
        line = text[s:e].strip()
        if not line:
            continue
        seen += 1
        if seen > ahead or len(line.split()) >= 12:
            return False
        if line[-1] not in ".!?\"'”’" and _date_line(line) is not None:
            return True  # (a stamp is no sentence: "Vote set for March 12, 2019." is prose)
    return False
