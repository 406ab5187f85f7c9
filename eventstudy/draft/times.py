"""Times of day in news text: clock times, zones, and market open/close phrases.

A :class:`TimeOfDay` is one phrase such as ``at 12:40 p.m. EST``, ``14:00 GMT``,
``after the close`` or ``before markets opened``. Its zone is resolved by
:func:`resolve_zone` in this order (the first that applies wins):

1. the zone written next to the time (``EST``, ``ET``, ``Eastern time``,
   ``Beijing time``, ``GMT``, a UTC offset), else for "local time" of the place its
   sentence names ("in Mountain View, California": :mod:`eventstudy.draft.localzones`;
   "45 minutes later" takes the zone of the clock told before it), else of a place
   named after it in its clause ("at 1.45pm on Thursday in Vilnius": a dateline city or an IANA
   zone's city; marked), else of a doer with a home city named before it (a central
   bank: "the Bank of England kept rates unchanged at noon" is noon in London) or of
   the place its sentence opens with ("In London, ..."; marked);
2. for a market phrase ("after the close", "before the open"), the market it
   names or, failing that, the home market of a doer named right after it ("After the
   market closed, the People's Bank of China ...": Shanghai), else the market of the
   sentence's subject (Hong Kong, Shanghai, Tokyo, London, else New York) -- the
   time is that market's close or
   open in its own zone;
3. the last zone written earlier in the article (dateline included);
4. the zone of the dateline city (``BEIJING, Dec 31 (Reuters)``), else of the
   publisher's home (Xinhua: Beijing, SCMP: Hong Kong).

Anything decided by rules 2 (market not named), 3 or 4 is marked for review.
Wall times without a date are dated by :mod:`eventstudy.draft.extract`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
import zoneinfo
from dataclasses import dataclass

from eventstudy.draft.lateresults import late_results
from eventstudy.draft.localzones import LATER, later_clock, local_place

#: abbreviation or "<place> time" -> IANA zone
ZONES: dict[str, str] = {
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "eastern": "America/New_York", "new york": "America/New_York",
    "washington": "America/New_York", "ct": "America/Chicago", "cdt": "America/Chicago",
    "central": "America/Chicago", "chicago": "America/Chicago",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "gmt": "UTC", "utc": "UTC", "bst": "Europe/London",
    "london": "Europe/London", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "brussels": "Europe/Brussels", "paris": "Europe/Paris",
    "beijing": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "china": "Asia/Shanghai",
    "hkt": "Asia/Hong_Kong", "hong kong": "Asia/Hong_Kong", "jst": "Asia/Tokyo",
    "tokyo": "Asia/Tokyo", "sgt": "Asia/Singapore", "singapore": "Asia/Singapore",
    "seoul": "Asia/Seoul", "kst": "Asia/Seoul", "korean": "Asia/Seoul",
    "ankara": "Europe/Istanbul", "istanbul": "Europe/Istanbul", "turkish": "Europe/Istanbul",
    "moscow": "Europe/Moscow", "zurich": "Europe/Zurich", "sydney": "Australia/Sydney",
    "mumbai": "Asia/Kolkata", "indian": "Asia/Kolkata", "taipei": "Asia/Taipei",
    "california": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "berlin": "Europe/Berlin", "toronto": "America/Toronto",
}
#: dateline cities (upper case as wires write them) -> IANA zone
CITIES: dict[str, str] = {
    "NEW YORK": "America/New_York", "WASHINGTON": "America/New_York",
    "BOSTON": "America/New_York", "DETROIT": "America/New_York", "ATLANTA": "America/New_York",
    "CHICAGO": "America/Chicago", "SAN FRANCISCO": "America/Los_Angeles",
    "LOS ANGELES": "America/Los_Angeles", "SEATTLE": "America/Los_Angeles",
    "TORONTO": "America/Toronto", "OTTAWA": "America/Toronto",
    "LONDON": "Europe/London", "FRANKFURT": "Europe/Berlin", "BERLIN": "Europe/Berlin",
    "PARIS": "Europe/Paris", "BRUSSELS": "Europe/Brussels", "ZURICH": "Europe/Zurich",
    "BEIJING": "Asia/Shanghai", "SHANGHAI": "Asia/Shanghai", "SHENZHEN": "Asia/Shanghai",
    "HONG KONG": "Asia/Hong_Kong", "TOKYO": "Asia/Tokyo", "SEOUL": "Asia/Seoul",
    "SINGAPORE": "Asia/Singapore", "SYDNEY": "Australia/Sydney", "MUMBAI": "Asia/Kolkata",
    "NEW DELHI": "Asia/Kolkata", "BUENOS AIRES": "America/Argentina/Buenos_Aires",
}
#: the newsrooms the draft knows: their name, the ways a header writes it (lower case),
#: and their home zone, which a zone-less stamp takes when neither the text nor a wire
#: city gives one (``None``: a wire or network with no one home for its stamps). One
#: table serves the publisher names (:data:`PUBLISHERS`) and their zones
#: (:data:`PUBLISHER_ZONES`).
NEWSROOMS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "Reuters": (("reuters",), None),
    "Bloomberg": (("bloomberg", "bloomberg news"), None),
    "Associated Press": (("ap", "associated press"), None),
    "Xinhua": (("xinhua",), "Asia/Shanghai"),
    "CNBC": (("cnbc",), None),
    "Financial Times": (("financial times", "ft"), None),
    "The Wall Street Journal": (("wall street journal", "wsj", "the wall street journal"), None),
    "AFP": (("afp",), None),
    "South China Morning Post": (("south china morning post", "scmp"), "Asia/Hong_Kong"),
    "Dow Jones": (("dow jones newswires", "dow jones"), None),
    "MarketWatch": (("marketwatch",), None),
    "Nikkei": (("nikkei asia", "nikkei"), "Asia/Tokyo"),
    "CNN Business": (("cnn business",), None),
    "CNN": (("cnn",), None),
    "Kyodo News": (("kyodo", "kyodo news"), "Asia/Tokyo"),
    "dpa": (("dpa",), None),
    "Yonhap": (("yonhap",), "Asia/Seoul"),
    "Yahoo Finance": (("yahoo finance",), None),
    "Barron's": (("barron's", "barrons"), None),
    "Handelsblatt": (("handelsblatt",), None),
    "Investing.com": (("investing.com",), None),
    "BBC News": (("bbc news", "bbc"), None),
    "Fox Business": (("fox business",), None),
    "Caixin": (("caixin",), None),
    "The Guardian": (("the guardian", "guardian"), None),
    "Euronews": (("euronews",), "Europe/Paris"),
    "Al Jazeera": (("al jazeera",), "Asia/Qatar"),
    "Sky News": (("sky news",), "Europe/London"),
    # named in a byline ("Benzinga Editor", "Zacks Equity Research") or on a line of their
    # own ("THE GLOBE AND MAIL")
    "The Globe and Mail": (("the globe and mail", "globe and mail"), "America/Toronto"),
    "Benzinga": (("benzinga",), "America/Detroit"),
    "Zacks": (("zacks", "zacks equity research"), "America/Chicago"),
    "Jiji Press": (("jiji press", "jiji"), "Asia/Tokyo"),
    "Detroit Free Press": (("detroit free press",), "America/Detroit"),
}
#: a header's way of writing a newsroom (lower case) -> its name; a name of several words
#: is also written joined, as sites brand themselves ("FOXBusiness", "BBCNews")
PUBLISHERS: dict[str, str] = {a: name for name, (aliases, _) in NEWSROOMS.items()
                              for a in aliases}
PUBLISHERS.update({k.replace(" ", ""): v for k, v in list(PUBLISHERS.items()) if " " in k})
#: publisher -> home zone, used when neither the text nor the city gives one
PUBLISHER_ZONES: dict[str, str] = {name: zone for name, (_, zone) in NEWSROOMS.items()
                                   if zone is not None}


@dataclass(frozen=True)
class Market:
    """An exchange's regular hours (local wall time) and zone."""

    name: str
    timezone: str
    open: dt.time
    close: dt.time


MARKETS = {
    "New York": Market("New York", "America/New_York", dt.time(9, 30), dt.time(16, 0)),
    "Hong Kong": Market("Hong Kong", "Asia/Hong_Kong", dt.time(9, 30), dt.time(16, 0)),
    "Shanghai": Market("Shanghai", "Asia/Shanghai", dt.time(9, 30), dt.time(15, 0)),
    "Tokyo": Market("Tokyo", "Asia/Tokyo", dt.time(9, 0), dt.time(15, 0)),
    "London": Market("London", "Europe/London", dt.time(8, 0), dt.time(16, 30)),
    "Frankfurt": Market("Frankfurt", "Europe/Berlin", dt.time(9, 0), dt.time(17, 30)),
    "Milan": Market("Milan", "Europe/Rome", dt.time(9, 0), dt.time(17, 30)),
    "Paris": Market("Paris", "Europe/Paris", dt.time(9, 0), dt.time(17, 30)),
}
_MARKET_WORDS = [
    ("Hong Kong", r"Hong\s+Kong|Hang\s+Seng"),
    ("Shanghai", r"Shanghai|Shenzhen|mainland|China|Chinese"),
    ("Tokyo", r"Tokyo|Nikkei|Japan(?:ese)?"),
    ("Milan", r"Milan|Ital(?:y|ian)|FTSE\s+MIB"),
    ("Paris", r"Paris|French|France|CAC"),
    ("London", r"London|FTSE|British|UK"),
    ("Frankfurt", r"Frankfurt|DAX|German|Europe(?:an)?|Euro\s+Stoxx"),
    ("New York", r"Wall\s+Street|New\s+York|U\.?S\.?|American|Nasdaq|NYSE|S&P|Dow"),
]
_MARKET_RE = re.compile(
    "|".join(f"(?P<m{i}>\\b(?:{p})\\b)" for i, (_, p) in enumerate(_MARKET_WORDS)))
CITY_MARKETS = {
    "America/New_York": "New York", "Asia/Hong_Kong": "Hong Kong", "Asia/Shanghai": "Shanghai",
    "Asia/Tokyo": "Tokyo", "Europe/London": "London", "Europe/Berlin": "Frankfurt",
}

_ZONE_WORDS = "|".join(
    sorted((re.escape(k) for k in ZONES if len(k) > 3 or k in ("gmt", "utc")), key=len,
           reverse=True)
)
_ABBR = r"\b(?:E[SD]?T|C[D]?T|P[SD]?T|GMT|UTC|BST|CES?T|HKT|JST|SGT|KST)\b"
# (the offset first: "GMT+8", "UTC+05:30" are offsets, not GMT itself; an ISO "+08:00")
ZONE_PATTERN = (
    r"(?:(?P<offset>(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?(?!\d)|[+-]\d{2}:?\d{2})"
    rf"|(?P<abbr>{_ABBR})|(?P<place>(?i:{_ZONE_WORDS}))\s+(?i:time)"
    rf"|(?i:in)\s+(?P<place2>(?i:{_ZONE_WORDS}))\b)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
CLOCK_PATTERN = (
    r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ampm>[ap]\.\s?m\.|[ap]m\b|[AP]M\b)"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?!\d)"
    # Reuters' "0130 GMT", "1800 GMT": four digits, only next to GMT/UTC
    r"|\b(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)(?=\s*(?:GMT|UTC)\b)"
    r"|(?P<noon>\bnoon\b|\bmidday\b|\bmidnight\b)"
)
_CLOCK_PHRASE = re.compile(
    rf"(?:\b(?:at|around|about|by|(?:shortly|just|soon|right|a\s+little)\s+(?:after|before)"
    rf"|at\s+about|at\s+around)\s+)?(?:{CLOCK_PATTERN})"
    rf"(?:,?\s+(?:on\s+)?{_WD})?(?:\s*\(?\s*{ZONE_PATTERN}\)?)?"
)
#: "local time" right after a clock, and a sentence naming many places
_LOCAL = re.compile(r"\s+local\s+time\b", re.IGNORECASE)
_MANY_PLACES = re.compile(r"\bfrom\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+to\s+[A-Z]"
                          r"|\b(?:around|across)\s+the\s+(?:world|globe)\b|\bworldwide\b")
_MKT = (r"(?:(?:the|U\.?S\.?|US|stock|Wall\s+Street|New\s+York|Hong\s+Kong|Tokyo|Shanghai"
        r"|London|Frankfurt|Milan|Paris|Europe(?:an|'s)?|Asian?|Japanese|Chinese|mainland"
        r"|Italian|German|British|French"
        # "after Wednesday's close": that day's close
        r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday)['’]s)\s+)*")
_AFTER_CLOSE = re.compile(
    rf"\b(?:after|following)\s+{_MKT}(?:(?:market|markets|stock\s+market)\s+)?"
    r"(?:(?:had|has)\s+)?(?:close[ds]?|closing(?:\s+bell)?|bell)\b"
    # "after trading ended", "after the end of trading": the close told by its trading
    rf"|\b(?:after|following)\s+{_MKT}trading\s+(?:ended|closed|finished|had\s+(?:ended|closed))\b"
    r"|\b(?:after|following)\s+the\s+end\s+of\s+trading\b",
    re.IGNORECASE,
)
#: a span before "after the close" that puts the happening well past it
_HOURS_AFTER = re.compile(r"\b(?:(?:several|a\s+few|some|two|three|four|five|six)\s+)?"
                          r"(?:hours|long|well)\s+$", re.IGNORECASE)
_BEFORE_OPEN = re.compile(
    rf"\b(?:(?:before|ahead\s+of)\s+{_MKT}(?:(?:market|markets|stock\s+market)\s+)?"
    r"(?:open(?:ed|s|ing(?:\s+bell)?)?|bell)"
    r"|when\s+(?:trading|markets?|the\s+market)\s+opened|at\s+the\s+open(?:ing\s+bell)?"
    # "before trading began", "before the start of trading": the open told by its trading
    rf"|before\s+{_MKT}trading\s+(?:began|started|opened|got\s+under\s?way)"
    r"|before\s+the\s+(?:start|beginning)\s+of\s+trading)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeOfDay:
    """A time-of-day phrase, resolved to a wall time and zone.

    Attributes
    ----------
    text, start, end, sentence
        The phrase, its offsets into the article and its sentence index.
    time
        The wall time (a market's open or close for market phrases).
    timezone
        IANA zone of ``time``; ``None`` when nothing gives one.
    rule
        How the time and zone were read, in words.
    review
        Why a human should check it (empty when the text says it all).
    stated_zone
        True when the zone was written next to the time.
    """

    text: str
    start: int
    end: int
    sentence: int
    time: dt.time
    timezone: str | None
    rule: str
    review: str = ""
    stated_zone: bool = False


def _offsets(zone: str) -> set[dt.timedelta]:
    """Return the UTC offsets ``zone`` keeps in winter and in summer."""
    tz = zoneinfo.ZoneInfo(zone)
    return {dt.datetime(2018, month, 1, 12, tzinfo=tz).utcoffset() or dt.timedelta()
            for month in (1, 7)}


def bracketed_gmt(first: TimeOfDay, gmt: TimeOfDay) -> TimeOfDay:
    """Reconcile a clock with no zone written and its GMT twin in brackets after it.

    "Trump is expected to speak at 1 p.m. (1800 GMT)" in a Tokyo story: the zone read
    for "1 p.m." (the dateline's, Tokyo) puts it nine hours off the instant the brackets
    state. The brackets give the offset: a zone read that cannot have it (in winter or
    summer) gives way to the fixed offset (``Etc/GMT+5``), and the clock keeps its own
    wall time, so its day stays the text's. A zone that can have it stays.
    """
    if first.stated_zone or not gmt.stated_zone or gmt.timezone != "UTC":
        return first
    minutes = (first.time.hour * 60 + first.time.minute
               - gmt.time.hour * 60 - gmt.time.minute) % 1440
    minutes = minutes - 1440 if minutes > 720 else minutes
    off = dt.timedelta(minutes=minutes)
    if minutes % 60 or (first.timezone is not None and off in _offsets(first.timezone)):
        return first
    zone = "UTC" if not minutes else f"Etc/GMT{-minutes // 60:+d}"  # IANA's signs inverted
    return dataclasses.replace(
        first, timezone=zone, rule=f"clock time; offset from '{gmt.text}' in brackets after it",
        review="")


def zone_of(m: re.Match[str]) -> str | None:
    """Return the IANA zone of a :data:`ZONE_PATTERN` match (``None`` if it has none)."""
    g = m.groupdict()
    if g.get("abbr"):
        return ZONES.get(g["abbr"].lower())
    if g.get("place") or g.get("place2"):
        return ZONES.get(" ".join((g.get("place") or g["place2"]).lower().split()))
    if g.get("offset"):
        off = g["offset"].upper().replace("UTC", "").replace("GMT", "")
        sign = 1 if off[0] == "+" else -1
        # "+8", "+08", "+0800", "+08:00", "+5:30"
        hh, _, mm = off[1:].partition(":") if ":" in off else (
            (off[1:-2], "", off[-2:]) if len(off) > 3 else (off[1:], "", "0"))
        delta = dt.timedelta(hours=int(hh), minutes=int(mm or 0))
        if not delta:
            return "UTC"
        if delta.seconds % 3600:
            return None  # no IANA name for a fractional-hour offset; the city's zone is used
        return f"Etc/GMT{-sign * delta.seconds // 3600:+d}"  # IANA's Etc/ signs are inverted
    return None


def clock_of(m: re.Match[str]) -> dt.time | None:
    """Return the wall time of a :data:`CLOCK_PATTERN` match (``None`` if invalid)."""
    g = m.groupdict()
    if g.get("noon"):
        return dt.time(0, 0) if g["noon"].lower() == "midnight" else dt.time(12, 0)
    if g.get("h24"):
        return dt.time(int(g["h24"]), int(g["mi24"]))
    if g.get("h4"):
        return dt.time(int(g["h4"]), int(g["mi4"]))
    h, mi = int(g["h"]), int(g["mi"] or 0)
    if not 1 <= h <= 12 or mi > 59:
        return None
    pm = g["ampm"].lower().startswith("p")
    return dt.time(h % 12 + (12 if pm else 0), mi)


#: the economy of data told right after a time phrase: "... showed US first-quarter growth"
_DATA_OF = re.compile(r"[^,;.]{0,40}?\bshow(?:ed|s)?\s+(?:that\s+)?(?:the\s+)?((?:[\w.]+\s+){0,2})",
                      re.IGNORECASE)


def market_named(text: str) -> str | None:
    """Return the first market named in ``text`` (see :data:`MARKETS`), or ``None``."""
    m = _MARKET_RE.search(text)
    if m is None:
        return None
    return next(_MARKET_WORDS[int(k[1:])][0] for k, v in m.groupdict().items() if v)


#: "in Vilnius", "in New York": a place named after a time in its clause
_IN_PLACE = re.compile(r"[^,;.]*?\bin\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


@functools.lru_cache(maxsize=1)
def _zone_cities() -> dict[str, str]:
    """IANA zones by their city, lower case ("vilnius" -> Europe/Vilnius)."""
    return {k.rsplit("/", 1)[-1].replace("_", " ").lower(): k
            for k in zoneinfo.available_timezones() if "/" in k and not k.startswith("Etc")}


def _place_in_clause(sentence: str, pos: int) -> tuple[str, str] | None:
    """Return the place named ("in Vilnius") after ``pos`` in its clause, and its zone."""
    m = _IN_PLACE.match(sentence, pos)
    if m is None:
        return None
    name = m.group(1)
    zone = (CITIES.get(name.upper()) or ZONES.get(name.lower())
            or _zone_cities().get(name.lower()))
    return (name, zone) if zone else None


#: a sentence opening with its place: "In London, the pound jumped ..."
_OPENING_PLACE = re.compile(r"^\W*(?:Meanwhile,?\s+|Elsewhere,?\s+)?(?:In|At)\s+"
                            r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*,")

#: the central banks, whose acts are told by their own city's clock (a decision "at noon"
#: is noon where the bank sits)
CENTRAL_BANKS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), z) for p, z in (
        (r"\bBank\s+of\s+England\b|\bBoE\b|\bBOE\b", "Europe/London"),
        (r"\bEuropean\s+Central\s+Bank\b|\bECB\b", "Europe/Berlin"),
        (r"\bBank\s+of\s+Japan\b|\bBOJ\b|\bBoJ\b", "Asia/Tokyo"),
        (r"\bFederal\s+Reserve\b|\bthe\s+Fed\b|\bFOMC\b", "America/New_York"),
        (r"\bPeople's\s+Bank\s+of\s+China\b|\bPBOC\b|\bPBoC\b", "Asia/Shanghai"),
        (r"\bSwiss\s+National\s+Bank\b|\bSNB\b", "Europe/Zurich"),
        (r"\bBank\s+of\s+Canada\b", "America/Toronto"),
        (r"\bReserve\s+Bank\s+of\s+Australia\b|\bRBA\b", "Australia/Sydney"),
        (r"\bBank\s+of\s+Korea\b", "Asia/Seoul"),
        (r"\bReserve\s+Bank\s+of\s+India\b|\bRBI\b", "Asia/Kolkata"),
    ))

#: institutions whose acts are told by their own city's clock: the central banks, then the
#: statistics offices
HOME_ZONES: tuple[tuple[re.Pattern[str], str], ...] = CENTRAL_BANKS + tuple(
    (re.compile(p), z) for p, z in (
        # the statistics offices: a report "released at 8:30 a.m." by the Labor Department
        # is 8:30 in Washington, whatever newsroom tells it (post-round-17 rule)
        (r"\b(?:Labor|Commerce)\s+Department\b|\bDepartment\s+of\s+(?:Labor|Commerce)\b"
         r"|\bBureau\s+of\s+(?:Labor\s+Statistics|Economic\s+Analysis)\b|\bCensus\s+Bureau\b",
         "America/New_York"),
        (r"\bOffice\s+for\s+National\s+Statistics\b|\bONS\b", "Europe/London"),
    ))


def _doer_home(sentence: str, pos: int) -> tuple[str, str] | None:
    """Return the last doer with a home city named before ``pos`` (a central bank), and its zone."""
    best: tuple[int, str, str] | None = None
    for pattern, tz in HOME_ZONES:
        for m in pattern.finditer(sentence, 0, pos):
            if best is None or m.start() > best[0]:
                best = (m.start(), m.group(0), tz)
    return (best[1], best[2]) if best else None


def _clock_home(sentence: str, pos: int) -> tuple[str, str] | None:
    """Return the place whose clock a zone-less time at ``pos`` reads, and its zone.

    A doer with a home city named before the time in its sentence ("the Bank of England
    kept rates unchanged at noon": London), else the place the sentence opens with ("In
    London, the pound jumped after ... at noon"); ``None`` when neither is named.
    """
    doer = _doer_home(sentence, pos)
    if doer is not None:
        return doer
    m = _OPENING_PLACE.match(sentence)
    if m is not None and m.end() <= pos:
        name = m.group(1)
        zone = (CITIES.get(name.upper()) or ZONES.get(name.lower())
                or _zone_cities().get(name.lower()))
        if zone:
            return name, zone
    return None


def find_times(
    sentence: str,
    *,
    sentence_index: int = -1,
    offset: int = 0,
    zone: str | None = None,
    market: str | None = None,
    subject_market: str | None = None,
    last_clock: tuple[dt.time, str] | None = None,
) -> tuple[list[TimeOfDay], str | None]:
    """Find the times of day in one sentence.

    Parameters
    ----------
    sentence
        The sentence text.
    sentence_index, offset
        Stored on each result; ``offset`` makes positions article offsets.
    zone
        The zone in force before this sentence (last stated, else the
        dateline's); used for clock times written without one.
    market
        The default market for "after the close"/"before the open" when the
        phrase names none and the sentence has no subject (the dateline
        city's, else New York).
    subject_market
        The market of the sentence's first subject (Hong Kong for "Hong Kong
        stocks", New York for US-listed names), used before ``market``.
    last_clock
        The last clock told in the sentence before (wall time and zone): "45 minutes
        later" in this sentence is told from it.

    Returns
    -------
    times, zone
        The times in order of appearance, and the zone in force after the
        sentence (a zone stated here carries on to later sentences).
    """
    out: list[TimeOfDay] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in ((_AFTER_CLOSE, "close"), (_BEFORE_OPEN, "open")):
        for m in pattern.finditer(sentence):
            of = re.match(r"\s+of\s+([^,.;]{2,30}?)\s+(?:trading|markets?|stocks)\b",
                          sentence[m.end():m.end() + 45])
            # "after the close of US trading": the market named after it
            named = market_named(m.group(0)) or (market_named(of.group(1)) if of else None)
            actor = None if named else _doer_home(sentence[m.end():m.end() + 60], 60)
            # "After the market closed on Friday, the People's Bank of China announced ...":
            # the doer right after the phrase acts after its own home market's close
            named = named or (CITY_MARKETS.get(actor[1]) if actor else None) or subject_market
            data = None if named else _DATA_OF.match(sentence, m.end())
            # "Figures published before the opening bell showed US first-quarter growth was
            # revised": the data's own economy names the market
            named = named or (market_named(data.group(1)) if data else None)
            mk = MARKETS[named or market or "New York"]
            when = mk.close if kind == "close" else mk.open
            doer = _doer_home(sentence, m.start())
            if kind == "close" and _HOURS_AFTER.search(sentence, max(0, m.start() - 20),
                                                       m.start()):
                # "late Friday, hours after U.S. markets had closed": later than the close
                # by an untold span -- a bound, no time (the day only)
                out.append(TimeOfDay(m.group(0), offset + m.start(), offset + m.end(),
                                     sentence_index, when, None,
                                     f"'{m.group(0)}' told hours after: a bound, the day only",
                                     f"'{m.group(0)}' only bounds the time (hours after the "
                                     f"{mk.name} close); the day only -- set the time by hand"))
                taken.append(m.span())
                continue
            if named and doer is not None and doer[1] != mk.timezone:
                # "the US Federal Reserve's decision, due after the European close": another
                # place's doer acts after that market's close, not at it -- a bound, no time
                # (the phrase still dates its happening by the day: no zone, so no clock)
                out.append(TimeOfDay(m.group(0), offset + m.start(), offset + m.end(),
                                     sentence_index, when, None,
                                     f"'{m.group(0)}': {doer[0]} acts after the {mk.name} "
                                     f"{kind}, not at it: the day only",
                                     f"'{m.group(0)}' bounds {doer[0]}'s time (another "
                                     f"market's {kind}); the day only -- set the time by hand"))
                taken.append(m.span())
                continue
            review = "" if named else (
                f"'{m.group(0)}': no market named, so the {mk.name} {kind} "
                f"({when:%H:%M} {mk.timezone}) was used; check")
            words = "after the close" if kind == "close" else "before the open"
            out.append(TimeOfDay(m.group(0), offset + m.start(), offset + m.end(), sentence_index,
                                 when, mk.timezone,
                                 f"'{words}': the {mk.name} {kind} at {when:%H:%M}", review))
            taken.append(m.span())
    for s0, e0 in late_results(sentence):
        # "Intel slumped after reporting late Thursday": results told late in a day came
        # after the close of the company's market, as "after the bell" (lateresults.py)
        # (only when the sentence's subject names its market: a company the mapping does
        # not place keeps the day)
        if subject_market is None or any(s < e0 and s0 < e for s, e in taken):
            continue
        mk = MARKETS[subject_market]
        out.append(TimeOfDay(sentence[s0:e0], offset + s0, offset + e0, sentence_index,
                             mk.close, mk.timezone,
                             f"results told '{sentence[s0:e0]}': the {mk.name} close at "
                             f"{mk.close:%H:%M}"))
        taken.append((s0, e0))
    for m in _CLOCK_PHRASE.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.group("h24") and not re.search(r"\b(?:at|around|about|by)\s+$|^\s*$",
                                            sentence[: m.start("h24")]) and not m.group("abbr"):
            continue  # "2:1" ratios, scores: a 24-hour time needs 'at' or a zone
        clock = clock_of(m)
        if clock is None:
            continue
        stated = zone_of(m)
        place = None if stated else (_place_in_clause(sentence, m.end())
                                     or _clock_home(sentence, m.start()))
        if stated:
            zone = stated
            tz, rule, review = stated, "clock time with its zone", ""
        elif _LOCAL.match(sentence, m.end()) and _MANY_PLACES.search(sentence):
            # "went on sale at 8 a.m. local time" in stores "from Sydney to New York": one
            # clock in many zones is no one instant -- the day only
            tz, rule = None, "local time in several places: no one instant"
            review = (f"'{m.group(0).strip()}' is local time in several places: the day only; "
                      "set a time by hand if one place is meant")
        elif _LOCAL.match(sentence, m.end()) and (local := local_place(sentence, CITIES)):
            # "began at 2:30 p.m. local time" at a meeting "in Mountain View, California":
            # the clock of the place its sentence names, not the newsroom's
            tz, rule, review = local[1], f"local time of '{local[0]}', named in its sentence", ""
        elif place:
            tz, rule = place[1], f"clock time; zone of '{place[0]}', named in its sentence"
            review = f"'{m.group(0).strip()}' has no zone; {tz} ({place[0]}) was used; check"
        elif zone:
            tz, rule = zone, "clock time; zone from earlier in the article or the dateline"
            review = f"'{m.group(0).strip()}' has no zone; {zone} was used; check"
        else:
            tz, rule = None, "clock time without any zone"
            review = f"'{m.group(0).strip()}' has no zone and the article gives none: set timezone"
        out.append(TimeOfDay(m.group(0).strip(), offset + m.start(), offset + m.end(),
                             sentence_index, clock, tz, rule, review, stated_zone=bool(stated)))
    for m in LATER.finditer(sentence):
        # "Speaking at his press conference 45 minutes later": a sentence with no clock of
        # its own tells its happening from the clock of the sentence before (a second clock
        # in one sentence -- "halted at 2:08 p.m. ... resumed 90 minutes later" -- tells
        # the same story's path, no happening of its own)
        later = None if out else later_clock(m, last_clock)
        if later is not None and last_clock is not None:
            out.append(TimeOfDay(m.group(0), offset + m.start(), offset + m.end(),
                                 sentence_index, later, last_clock[1],
                                 f"clock told from {last_clock[0]:%H:%M} {last_clock[1]} (the "
                                 f"sentence before): '{m.group(0)}'"))
        break
    out.sort(key=lambda t: t.start)
    # "at 1800 GMT (2 p.m. EDT)": the time in brackets right after another is the same one
    # "at about 8 p.m. Beijing time, after Asian markets had closed": a market phrase right
    # after a clock time tells the same instant against a market's hours
    gap = [""] + [sentence[a.end - offset:b.start - offset] for a, b in itertools.pairwise(out)]
    bracketed = [bool(i and re.fullmatch(r"\s*\(\s*", g)) for i, g in enumerate(gap)]
    for i in range(1, len(out)):
        if bracketed[i]:
            out[i - 1] = bracketed_gmt(out[i - 1], out[i])
    kept = [t for i, t in enumerate(out) if not bracketed[i]
        and not (i and t.rule.startswith("'") and not out[i - 1].rule.startswith("'")
                 and re.fullmatch(r"(?:\s+local\s+time)?\s*,?\s*", gap[i]))]
    return kept, zone
