"""Read an article's dateline the way newsrooms write it.

The *header* is everything before the first line of prose (a line of twelve or
more words, or one that starts with a wire dateline). In it we look for:

* date lines: ``date 2018-12-31 Publisher`` (the old form), ``December 31,
  2018``, ``Dec. 31, 2018, 10:12 AM EST``, ``March 1, 2018 / 4:17 PM``,
  ``Published Wed, Jan 2 2019 4:37 PM EST``, ``Updated Dec. 19, 2018 6:04 pm
  ET``, ``Published: 6:30pm, 6 Dec, 2018``, ``Source: Xinhua | 2018-07-06
  14:05:12``, ISO timestamps with offsets (``2018-04-04T15:53:01+08:00``). The
  first date line wins (``Published`` comes before ``Updated``);
* bylines (``By ...``, ``AP Business Writer``, ``Name in City``) and source
  lines, which name the publisher when they contain a known one.

Then the first prose line may open with a wire dateline: ``BEIJING, Dec 31
(Reuters) -``, ``NEW YORK (AP) --``, ``(Bloomberg) --``. It gives the city (and
so the time zone), the publisher, and the day; a wire date without a year takes
the year of a header date line, else of the explicit full date in the text it
lies nearest to, else a year the text names that puts the day on the lead's
weekday (both marked for review), else the article needs ``--date``: never the
clock's year, so a draft does not change with the day it is run.

Every header line except the title, and the wire dateline itself, is *masked*:
it is never a sentence, so never an event or the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from eventstudy.draft.headerdate import HeaderDate
from eventstudy.draft.headerline import (
    _CLOCK,
    _FIRST_STAMP,
    _date_line,
    _handle_publisher,
    _lines,
    _publisher,
    _stamp_below,
    masthead,
)
from eventstudy.draft.inferred import lead_date, place_zone, year_of_dates, year_of_weekday
from eventstudy.draft.phrases import _MON, _MONTHS
from eventstudy.draft.times import (
    CITIES,
    CLOCK_PATTERN,
    PUBLISHER_ZONES,
    PUBLISHERS,
    ZONE_PATTERN,
    clock_of,
    zone_of,
)
from eventstudy.exceptions import DraftError
from eventstudy.spec.schema import FIRST_EVENT_DATE

_LEGACY = re.compile(
    r"^date:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+(?P<publisher>[^\n]*?))?[ \t]*$", re.I
)
_PUBLISHED = re.compile(r"(?:First\s+)?Published\b", re.IGNORECASE)
_UPDATED = re.compile(r"(?:Last\s+)?Updated\b", re.IGNORECASE)
#: an "Updated" stamp later in a date line's row: "... ET | Updated Jan. 17, 2018 6:41 p.m."
_UPDATE_IN = re.compile(r"(?<=\S)\s*[|/]?\s*\bUpdated\b:?", re.IGNORECASE)
_FIRST_PUBLISHED = re.compile(r"First\s+published\b", re.IGNORECASE)
_WIRE = re.compile(
    # "Jan 3 (Reuters) -" (syndicated copy without the city)
    rf"(?:(?P<mon0>{_MON})\.?\s+(?P<day0>\d{{1,2}})(?:,\s*(?P<year0>\d{{4}}))?\s*"
    rf"|(?P<city>[A-Z][A-Za-z.'’ /-]{{1,30}}?)(?:,\s*(?P<mon>{_MON})\.?\s+(?P<day>\d{{1,2}})"
    r"(?:,\s*(?P<year>\d{4}))?)?"
    r"\s*)?\((?P<agency>Reuters|Bloomberg|AP|Xinhua|AFP|Dow Jones|Kyodo|dpa|Yonhap"
    r"|MarketWatch|CNN|CNBC|Nikkei"
    # any other agency or service named with a lower-case letter (not a ticker): "(dpa-AFX)",
    # "(Reuters Breakingviews)", "(CNBC.com)"
    r"|(?=[^)]*[a-z])[A-Za-z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2})\)\s*(?:--|—|–|-)+[ \t]*"
)
_BYLINE = re.compile(
    r"^(?:(?i:by)\s+\S.*|.*\bWriters?$|(?:[A-Z][\w'.-]+\s+){1,3}in\s+[A-Z][\w ]+"
    r"(?:\s+and\s+(?:[A-Z][\w'.-]+\s+){1,3}in\s+[A-Z][\w ]+)*|Source:.*|Reporting\s+by.*"
    r"|(?:[A-Z][\w'.-]+\s+){1,3}[A-Z][\w'.-]+,\s+(?:[\w&.-]+\s+){0,3}"
    r"(?:[Ss]taff\s+)?(?:[Ww]riters?|[Rr]eporters?|[Cc]orrespondents?|[Ee]ditors?)"
    # a contributor's byline: "Ravi Sandhu, special to CNBC.com"
    r"|(?:[A-Z][\w'.-]+\s+){1,3}[A-Z][\w'.-]+,\s+(?:[Ss]pecial|[Ww]riting)\s+(?:to|for)\s+\S.*)$"
)
#: the closing lines of a wire story: "(END) Dow Jones Newswires", "Copyright (c) 2018 ...",
#: "Write to X at x@...", "(c) 2018 Reuters" -- never prose, and they may name the publisher
_TRAILER = re.compile(
    r"^(?:\(END\).*|(?:Copyright\b|\(c\)|©).*|Write\s+to\s+.*\bat\s+\S+@\S+.*"
    r"|Contact\s+us\s+at\s+\S+@\S+.*|Source:\s.*"
    # credits: "(Reporting by X; Editing by Y)", "To contact the reporter on this story: ...",
    # "--With assistance from X."
    r"|\(?Reporting\s+by\b.*|.*\bEditing\s+by\b.*|To\s+contact\s+the\s+(?:reporters?|editors?)\b.*"
    r"|-*\s*With\s+assistance\s+from\b.*|.*\bcontributed\s+(?:reporting|to\s+this)\b.*"
    # a newspaper's footer: "Appeared in the February 22, 2018, print edition as '...'"
    r"|(?:This\s+(?:article|story)\s+)?Appeared\s+in\s+the\s+.{0,40}\bprint\s+edition\b.*"
    # a promotion of the site's video or reading under the story: "WATCH: What to expect
    # from Apple's earnings", "READ MORE: ..."
    r"|(?:WATCH|READ\s+MORE|VIDEO|MORE\s+FROM\s+\w+)\s*:\s.*"
    # an editor's update note: "Update, 4:52pm ET: Added closing share price."
    r"|(?:Update|Updated|Editor['’]s\s+note)\s*(?:,|\()\s*.{1,40}?\)?:\s.*"
    # a correction note under the story: "Corrections & Amplifications" and its paragraph
    # ("An earlier version of this article misstated ... (Dec. 21, 2018)")
    r"|Corrections?\s*(?:&|and)\s*Amplifications?\b.*"
    r"|.*\b(?:An\s+earlier\s+version\s+of\s+this\s+(?:article|story)|This\s+(?:article|story)"
    r"\s+(?:has\s+been|was)\s+(?:corrected|updated|amended))\b.*)$",
    re.IGNORECASE,
)

#: Bloomberg's closing credit line: "--With assistance from Lena Marsh"
_ASSIST = re.compile(r"^-+\s*With\s+assistance\s+from\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dateline:
    """The article's date (and time, zone, city, publisher), and where they came from.

    Attributes
    ----------
    date
        The article's date: every relative date is resolved against it.
    publisher
        Named publisher, or ``None``.
    origin
        ``--date``, ``first line`` (``date YYYY-MM-DD``), ``header line N`` or
        ``wire dateline``.
    body_start
        Offset of the first character that is not masked header (kept for
        callers of the old API).
    time, timezone
        Wall time and IANA zone of the dateline when given.
    city
        Wire dateline city (``BEIJING``), or ``None``.
    masked
        ``(start, end)`` spans of header lines and the wire dateline: never
        sentences.
    review
        Why a human should check the dateline (e.g. the year was inferred).
    updated_on
        The day of an "Updated" stamp of the header, when it is later than ``date``.
    """

    date: dt.date
    publisher: str | None
    origin: str
    body_start: int = 0
    time: dt.time | None = None
    timezone: str | None = None
    city: str | None = None
    masked: tuple[tuple[int, int], ...] = field(default=())
    review: str = ""
    updated_on: dt.date | None = None

    @property
    def zone(self) -> str | None:
        """The zone relative times default to: stated, else the city's, else the publisher's."""
        # "LONDON/HONG KONG": the first city; "Hong Kong (AFP)": any case
        first = (self.city or "").split("/")[0].strip().upper()
        return (CITIES.get(first) or self.timezone
                or PUBLISHER_ZONES.get(self.publisher or ""))


@dataclass
class _Found:
    date: dt.date | None = None
    time: dt.time | None = None
    zone: str | None = None
    publisher: str | None = None
    city: str | None = None
    origin: str = ""
    review: str = ""
    masked: list[tuple[int, int]] = field(default_factory=list)
    updated: bool = False  # the date came from an "Updated" line
    published: bool = False  # the date came from a "Published" / "Original" line
    updated_on: dt.date | None = None  # the day of an "Updated" stamp


#: the cell separators of a header row ("Yahoo Finance · name · title", "SITE | SECTION")
_CELLS = re.compile(r"\s+[·|•]\s+")
#: a line that is only a clock time (and zone): "4:52 PM EDT" stacked under a date line
_CLOCK_LINE = re.compile(rf"(?:at\s+)?(?:{CLOCK_PATTERN})(?:\s*(?:{ZONE_PATTERN}))?\.?",
                         re.IGNORECASE)




_POINTS = re.compile(r"(?:Key\s+(?:Points|takeaways)|Highlights|In\s+brief|Summary)\s*:?$",
                     re.IGNORECASE)
def read_dateline(text: str, given: dt.date | None = None) -> _Found:
    """Scan the header and the wire dateline (``--date`` wins in :func:`parse_dateline`).

    ``given`` is the ``--date`` value: a wire dateline without a year takes its
    year, so the city and publisher are still read.
    """
    found = _Found()
    lines = _lines(text)
    body = None
    points = False  # inside a "Key Points" block
    seen_head = False  # past the first line of text (the headline)
    last_dated, i_prev = -1, -2  # the line the date came from; the last non-blank line
    for i, (s, e) in enumerate(lines):
        raw = text[s:e]
        line = raw.strip().lstrip("\ufeff").strip()
        if not line:
            if raw:
                found.masked.append((s, e))
            continue
        lead = s + (len(raw) - len(raw.lstrip(" \t\ufeff")))
        if _POINTS.match(line) or (points and line[:1] in "-•*·"):
            # "Key Points" and its bullets sum the story up, like a headline: never news
            points = True
            found.masked.append((s, e))
            continue
        points = False
        words = len(line.split())
        if _WIRE.match(text, lead) or (
                ((words >= 20 and (seen_head or line[-1] in ".!?\"'”’"))
                 or (words >= 12 and line[-1] in ".!?\"'”’"))
                and not _stamp_below(text, lines, i)):
            # (the first line without a full stop is the headline, however long: "Hong
            # Kong stocks pare early slide ... as Trump rules out Xi meeting before trade
            # deadline", twenty words)
            # a long line is the lead unless a stamp line follows it closely: then it is a
            # deck or a contributor's blurb ("I write about ...") above the date line
            body = (i, lead)
            break
        if (found.date is not None and found.time is None and last_dated == i_prev
                and _CLOCK_LINE.fullmatch(line)):
            # "September 20, 2018" then "4:52 PM EDT" on the line below: one stamp
            c = _CLOCK.search(line)
            if c is not None:
                found.time, found.zone = clock_of(c), zone_of(c) or found.zone
                found.masked.append((s, e))
                i_prev = i
                continue
        i_prev = i
        legacy = _LEGACY.match(line)
        if legacy:
            try:
                day = dt.date.fromisoformat(legacy.group("date"))
            except ValueError:
                raise DraftError(
                    f"line {i + 1}: {legacy.group('date')!r} is not a valid date",
                    hint="write the first line as 'date YYYY-MM-DD Publisher', or pass --date",
                ) from None
            if found.date is None:
                found.date, found.origin = day, "first line"
            found.publisher = found.publisher or (legacy.group("publisher") or "").strip() or None
            found.masked.append((s, e))
            continue
        dated = _date_line(line)
        if dated is not None:
            upd = _date_line(line[u.end():]) if (u := _UPDATE_IN.search(line)) else None
            if upd is not None or _UPDATED.match(line):
                # "Jan. 16, 2018 5:18 p.m. ET | Updated Jan. 17, 2018 6:41 p.m. ET"
                day = (upd or dated).date
                found.updated_on = max(day, found.updated_on or day)
            if found.date is None or (found.updated and _PUBLISHED.match(line)) or (
                    not found.published and _FIRST_PUBLISHED.match(line)):
                # the first date line wins, but "First Published" beats an "Updated" above
                # it, and a bare stamp above it (the Guardian's row of the last update)
                found.updated = bool(_UPDATED.match(line))
                found.published = bool(_FIRST_STAMP.match(line))
                found.date, found.time, found.zone = dated[:3]
                found.review = dated.review or found.review
                found.origin = f"header line {i + 1}"
                last_dated = i
                home = PUBLISHER_ZONES.get(_publisher(line) or "")
                if found.time is not None and found.zone is None and home:
                    found.zone = home  # "Source: Xinhua | 2019-02-01 11:02:44": Beijing time
            found.publisher = found.publisher or _publisher(line)
            found.masked.append((s, e))
            continue
        if re.fullmatch(r"@\w{2,30}", line):  # a reporter's handle: "@DanaWhitcombCNBC"
            found.publisher = found.publisher or _handle_publisher(line[1:])
            found.masked.append((s, e))
            continue
        cells = _CELLS.split(line)
        if len(cells) > 1 and all(len(c.split()) <= 5 for c in cells) and any(
                _publisher(c) for c in cells):
            # a row of cells: "Yahoo Finance · Mara Okafor · Senior Autos Reporter",
            # "HANDELSBLATT GLOBAL | MARKETS" (publisher, byline, section)
            found.publisher = found.publisher or next(p for c in cells if (p := _publisher(c)))
            found.masked.append((s, e))
            continue
        if _BYLINE.match(line) or line.lower() in PUBLISHERS:
            found.publisher = found.publisher or _publisher(line)
            found.masked.append((s, e))
            continue
        if found.date is None and line.lower().strip(" |") in PUBLISHERS:
            found.masked.append((s, e))
        elif seen_head and words <= 4 and (name := _publisher(line)):
            # a short header line naming a publisher: "CNBC.com", "From Reuters",
            # "Nikkei Asian Review", "(c) 2019 Bloomberg L.P."
            found.publisher = found.publisher or name
            found.masked.append((s, e))
        seen_head = True
    if body is not None:
        # decks and standfirsts between the headline and the byline or date line below
        # them sum the story up, like "Key Points": never news (the headline stays: it is
        # the title)
        heads = [(s, e) for s, e in lines[:body[0]] if text[s:e].strip(" \t\ufeff")]
        marked = [k for k, h in enumerate(heads) if h in found.masked]
        if heads and marked and heads[0] not in found.masked:
            for k, h in enumerate(heads[1:], 1):
                line = text[h[0]:h[1]].strip()
                # above the byline or date line, or a line that is not a sentence
                if h not in found.masked and (k < marked[-1] or line[-1:] not in ".!?\"'”’"):
                    found.masked.append(h)
        _, lead = body
        w = _WIRE.match(text, lead)
        if w:
            found.masked.append((lead, w.end()))
            agency = w.group("agency")
            found.publisher = found.publisher or PUBLISHERS.get(agency.lower()) or _publisher(
                agency) or agency
            city = " ".join((w.group("city") or "").split()) or None
            found.city = city
            mon, dd, yy = ((w.group("mon"), w.group("day"), w.group("year")) if w.group("mon")
                           else (w.group("mon0"), w.group("day0"), w.group("year0")))
            if mon:
                month, mday = _MONTHS[mon.lower().rstrip(".")], int(dd)
                year = found.date.year if found.date is not None else None
                if yy:  # "TOKYO, Jan. 31, 2019 (Reuters) -"
                    year = int(yy)
                review = ""
                if year is None and given is not None:
                    year = given.year
                if year is None:
                    inferred = year_of_dates(text, month, mday) or year_of_weekday(
                        text, text[w.end(): w.end() + 400], month, mday)
                    if inferred is None:
                        raise DraftError(
                            f"the wire dateline '{w.group(0).strip()}' has no year and the text "
                            "names none that fits its day (the draft does not guess a year from "
                            "the clock)",
                            hint="pass --date YYYY-MM-DD",
                        )
                    year, review = inferred
                try:
                    wire_day = dt.date(year, month, mday)
                except ValueError:
                    wire_day = None
                if wire_day is not None and wire_day != found.date:
                    if found.date is not None and found.time is not None:
                        found.time, found.zone = None, None  # header time was another day's
                    found.date, found.origin, found.review = wire_day, "wire dateline", review
    if found.date is None and body is not None:
        # "NEW YORK (AP) — U.S. stocks slipped on Thursday, April 18, 2019, as ...": the
        # lead's own weekday and full date date the story when nothing above does
        own = lead_date(text, body[1])
        if own is not None:
            found.date, found.review = own
            found.origin = "the lead's date"
    # the closing lines may name the publisher whose home zone a bare header time takes
    _read_trailer(text, found, body[1] if body is not None else 0)
    if found.date is None:
        _last_resort(text, found)
    home = PUBLISHER_ZONES.get(found.publisher or "")
    if found.time is not None and found.zone is None and found.city is None and home:
        found.zone = home
        found.review = found.review or (
            f"the header's time has no zone; taken as {home}, {found.publisher}'s home zone")
    if (found.time is not None and found.zone is None and found.city is None
            and body is not None):
        place = place_zone(text[body[1]: body[1] + 300])
        if place is not None:
            found.zone, note = place
            found.review = found.review or note
    if found.time is not None and found.zone is None and found.city is None:
        # never a silently wrong zone: the time stays, its zone is left for a human
        found.review = found.review or (
            f"the header's time {found.time:%H:%M} has no zone, and neither a publisher nor a "
            "place the lead names gives one: its zone is unknown")
    return found


def _read_trailer(text: str, found: _Found, body_start: int, limit: int = 8) -> None:
    """Read the closing lines of a wire story (Dow Jones style) into ``found``.

    The last ``limit`` non-blank lines after the body's start are read from the
    end while they are trailer lines: a date line (``October 12, 2018 16:48 ET
    (20:48 GMT)``) dates the article when the header did not, ``(END) Dow Jones
    Newswires`` and copyright lines name the publisher when nothing else did.
    Every trailer line is masked.
    """
    end, seen = len(text), 0
    while end > body_start and seen < limit:
        start = text.rfind("\n", body_start, end) + 1
        start = max(start, body_start)
        line = text[start:end].strip()
        if line:
            seen += 1
            dated = _date_line(line) if len(line.split()) <= 10 else None
            if dated is not None:
                if found.date is None:
                    found.date, found.time, found.zone = dated[:3]
                    found.review = dated.review or found.review
                    found.origin = "closing timestamp"
            elif _TRAILER.match(line):
                found.publisher = found.publisher or _publisher(line) or (
                    # "--With assistance from NAME" is Bloomberg's house credit line
                    "Bloomberg" if _ASSIST.match(line) else None)
            elif re.match(r"[—–-]", line) and (name := masthead(line)):
                # a signature under the story: "— Herald & Review"
                found.publisher = found.publisher or name
            else:
                break
            found.masked.append((start, end))
        end = start - 1


#: where a long byline row splits into cells: a bar, a run of spaces, or a stamp keyword
#: ("Name, Detroit Free Press    Published 4:44 p.m. ET July 26, 2018 | Updated ...")
_ROW_SPLIT = re.compile(r"\s*[|·•]\s*|\s{2,}|\t+|\s(?=(?:First\s+|Last\s+)?(?:Published|Updated"
                        r"|Original|Posted)\b)", re.IGNORECASE)


def _last_resort(text: str, found: _Found) -> None:
    """Take the article's date from any stamp line when the header and trailer gave none.

    Every line of the article is read: a short line that is no sentence and
    holds a full date (``Date 03.07.2018`` above a footer's author line), or a
    cell of a long row (a byline, publisher and stamps on one line, split on
    bars, runs of spaces and ``Published``/``Updated`` keywords). A
    ``Published``/``Original`` stamp beats an ``Updated`` one; else the first
    wins. The reading is marked for review: it was not where a dateline stands.
    """
    best: tuple[int, int, int, HeaderDate, str | None, str] | None = None
    pos = 0
    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        line = raw.strip().lstrip("\ufeff").strip()
        if not line or not re.search(r"(?:19|20)\d\d", line):
            continue
        if len(line.split()) <= 12:
            cells = [line]
        else:
            cells = [c.strip() for c in _ROW_SPLIT.split(line) if c and c.strip()]
            if len(cells) < 2:
                continue
        for cell in cells:
            if len(cell.split()) > 12 or cell[-1] in ".!?\"'”’":
                continue  # prose: "Vote set for March 12, 2019."
            dated = _date_line(cell)
            if dated is None:
                continue
            rank = 0 if _FIRST_STAMP.match(cell) else 2 if _UPDATED.match(cell) else 1
            if best is None or rank < best[0]:
                pub = next((p for c in cells if (p := _publisher(c))), None)
                best = (rank, s, e, dated, pub, cell)
    if best is None:
        return
    _, s, e, dated, pub, stamp = best
    found.date, found.time, found.zone = dated[:3]
    found.origin = "stamp outside the header"
    found.publisher = found.publisher or pub
    found.review = (f"the article's date {found.date:%Y-%m-%d} was read from a "
                    f"stamp outside the header ({stamp[:60]!r}); check it")
    if dated.review:
        found.review += "; " + dated.review
    found.masked.append((s, e))


def parse_dateline(
    text: str, date: str | dt.date | None = None, *, file: str = "article"
) -> Dateline:
    """Find the article's dateline.

    Parameters
    ----------
    text
        The whole article.
    date
        The ``--date`` value; wins over the dateline in the text (which is
        still masked and still gives the publisher, city and zone).
    file
        The article's name, for messages.

    Raises
    ------
    DraftError
        If no dateline is found and ``date`` is not given, or a date is not a
        valid ``YYYY-MM-DD`` or lies outside the era of daily prices (before 1950 or
        after today).
    """
    day: dt.date | None = None
    if isinstance(date, dt.date):
        day = date
    elif date is not None:
        try:
            day = dt.date.fromisoformat(str(date))
        except ValueError:
            raise DraftError(
                f"--date {date!r} is not a date",
                hint="write it as YYYY-MM-DD, e.g. --date 2018-12-31",
            ) from None
    if day is not None and not FIRST_EVENT_DATE <= day <= dt.date.today():
        # the study file would be refused at `validate`/`run`: say so now, in the same words
        raise DraftError(
            f"--date {day.isoformat()} is outside the era of daily market prices "
            f"({FIRST_EVENT_DATE.isoformat()} to today, {dt.date.today().isoformat()})",
            hint="check the year (a typo such as 2918 for 2018?)",
        )
    try:
        found = read_dateline(text, day)
    except DraftError as exc:
        if day is None:
            raise DraftError(f"{file}: {exc.message}", hint=exc.hint) from None
        found = _Found()
    masked = tuple(sorted(found.masked))
    body_start = 0
    for s, e in masked:
        if text[body_start:s].strip("\ufeff \t\r\n"):
            break
        body_start = max(body_start, e)
    zone = found.zone if found.time is not None else None  # "December 24, 2018 GMT"
    if day is not None:
        same = found.date == day
        return Dateline(day, found.publisher, "--date", body_start,
                        found.time if same else None, zone if same else None,
                        found.city, masked)
    if found.date is None:
        raise DraftError(
            f"{file}: no dateline found in the first lines; relative dates such as 'on Saturday' "
            "cannot be resolved without the article's date",
            hint="pass --date YYYY-MM-DD (or keep the article's date line, e.g. "
            "'December 31, 2018' or 'BEIJING, Dec 31 (Reuters) -')",
        )
    later = found.updated_on if found.updated_on and found.updated_on > found.date else None
    return Dateline(found.date, found.publisher, found.origin, body_start, found.time, zone,
                    found.city, masked, found.review, later)


def mask(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span blanked (newlines kept, so offsets and paragraphs hold)."""
    if not spans:
        return text.replace("\ufeff", " ")
    parts, pos = [], 0
    for s, e in spans:
        if s < pos:
            s = pos
        parts.append(text[pos:s])
        parts.append("".join("\n" if c == "\n" else " " for c in text[s:e]))
        pos = max(pos, e)
    parts.append(text[pos:])
    return "".join(parts).replace("\ufeff", " ")
