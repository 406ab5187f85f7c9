"""Ticker symbols: safe cache file names and exchange calendars.

Two small, pure functions used by the provider (to validate sessions), the
cache (to name files) and the calendar stage (which re-exports
:func:`calendar_for`).

Calendar names are those of ``pandas_market_calendars``. The table was
checked against the Yahoo data imported into ``cache/`` (docs/data.md): every series
matches its calendar session for session, except ``^STOXX50E``, whose best
match for its days is ``XEUR`` (exchange_calendars' Eurex): it has no session on
2018-12-24 and 2018-12-31 (not STOXX index days) and differs from the data
only on the five genuine Yahoo gaps listed in ``MANIFEST.csv``. pmc's own
``EUREX`` and ``XPAR`` calendars list both December days as sessions. The EURO
STOXX indices get the project's calendar ``STOXX`` (:mod:`eventstudy._calendars`):
Eurex's days with the cash close, 17:30 CET, not Eurex's 22:00.
"""

from __future__ import annotations

import re

from eventstudy._calendars import calendar_names
from eventstudy.exceptions import TickerNameError, UnknownCalendarError

__all__ = ["safe_filename", "calendar_for", "calendar_names", "KNOWN_SYMBOLS", "SUFFIX_CALENDARS"]

#: characters allowed in a ticker used as a file name (Yahoo symbols use these)
_SAFE = re.compile(r"[A-Za-z0-9^=._-]+")
#: names Windows refuses as file stems, whatever the extension
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}
_MAX_LEN = 64

#: Yahoo suffix (after the last dot) -> pandas_market_calendars name
SUFFIX_CALENDARS: dict[str, str] = {
    "SS": "XSHG", "SZ": "XSHG",  # Shanghai / Shenzhen share holidays
    "HK": "XHKG",
    "T": "XTKS",
    "L": "XLON",
    "DE": "XETR", "F": "XFRA",
    "PA": "XPAR", "AS": "XAMS", "BR": "XBRU", "LS": "XLIS", "MC": "XMAD", "MI": "XMIL",
    "SW": "XSWX", "ST": "XSTO", "CO": "XCSE", "OL": "XOSL", "HE": "XHEL",
    "TO": "XTSE", "V": "XTSE",
    "AX": "XASX", "NZ": "XNZE",
    "KS": "XKRX", "KQ": "XKRX",
    "TW": "XTAI", "SI": "XSES", "BO": "XBOM", "NS": "XNSE",
    "SA": "BVMF", "MX": "XMEX", "JO": "XJSE",
}

#: symbols whose calendar cannot be read from a suffix
KNOWN_SYMBOLS: dict[str, str] = {
    # US indices (Cboe's VIX follows NYSE sessions)
    "^GSPC": "XNYS", "^DJI": "XNYS", "^IXIC": "XNYS", "^NDX": "XNYS", "^RUT": "XNYS",
    "^VIX": "XNYS", "^NYA": "XNYS", "^SP500TR": "XNYS", "^TNX": "XNYS", "^IRX": "XNYS",
    "^TYX": "XNYS", "^FVX": "XNYS", "^W5000": "XNYS",
    # non-US indices
    "^STOXX50E": "STOXX", "^STOXX": "STOXX", "^GDAXI": "XETR", "^FCHI": "XPAR",
    "^FTSE": "XLON", "^AEX": "XAMS", "^IBEX": "XMAD", "^SSMI": "XSWX",
    "^N225": "XTKS", "^HSI": "XHKG", "^HSCE": "XHKG", "000001.SS": "XSHG",
    "^AXJO": "XASX", "^GSPTSE": "XTSE", "^KS11": "XKRX", "^TWII": "XTAI",
    "^BSESN": "XBOM", "^NSEI": "XNSE", "^BVSP": "BVMF", "^MXX": "XMEX",
    # CME futures (continuous front month)
    "ZS=F": "CMEGlobex_Grains", "ZC=F": "CMEGlobex_Grains", "ZW=F": "CMEGlobex_Grains",
    "ZM=F": "CMEGlobex_Grains", "ZL=F": "CMEGlobex_Grains", "KE=F": "CMEGlobex_Grains",
    "ZO=F": "CMEGlobex_Grains", "ZR=F": "CMEGlobex_Grains",
    "ES=F": "CME_Equity", "NQ=F": "CME_Equity", "YM=F": "CME_Equity", "RTY=F": "CME_Equity",
    "CL=F": "CMEGlobex_Crude", "NG=F": "CMEGlobex_NatGas", "GC=F": "CMEGlobex_Gold",
    "SI=F": "CMEGlobex_Silver", "HG=F": "CMEGlobex_Copper",
    "LE=F": "CMEGlobex_Live_Cattle", "HE=F": "CMEGlobex_Lean_Hog",
}

#: plain US symbols: letters, digits, and Yahoo's share-class dash (BRK-B)
_US_SYMBOL = re.compile(r"[A-Z][A-Z0-9]{0,5}(-[A-Z]{1,2})?")


def safe_filename(ticker: str) -> str:
    r"""Return the cache file stem for ``ticker`` (no extension).

    Yahoo symbols map to themselves: ``^GSPC``, ``000001.SS`` and ``ZS=F``
    are all valid, readable file names on Linux, macOS and Windows. Anything
    that could escape the cache folder or is not a portable file name is
    refused.

    Parameters
    ----------
    ticker
        A Yahoo-style ticker symbol.

    Returns
    -------
    str
        The file stem, e.g. ``"^GSPC"`` (the cache adds ``.csv``/``.json``).

    Raises
    ------
    TickerNameError
        For empty names, path separators (``/``, ``\\``), NUL and other
        control characters, ``.``/``..`` and names starting with a dot,
        trailing dots, characters outside ``A-Z a-z 0-9 ^ = . _ -``, names
        longer than 64 characters, and Windows reserved names (``CON``,
        ``NUL``, ``COM1``, ...).

    Examples
    --------
    >>> safe_filename("^GSPC"), safe_filename("000001.SS"), safe_filename("ZS=F")
    ('^GSPC', '000001.SS', 'ZS=F')
    """
    if not isinstance(ticker, str) or not ticker:
        raise TickerNameError(f"ticker {ticker!r} is empty or not a string",
                              hint="use a Yahoo symbol such as 'AAPL' or '^GSPC'")
    shown = ticker  # !r below escapes control characters such as a newline
    if any(sep in ticker for sep in ("/", "\\", "\x00")) or ticker.startswith("."):
        raise TickerNameError(
            f"ticker {shown!r} cannot be used as a cache file name: it contains a path "
            "separator, NUL or starts with a dot (it could escape the cache folder)",
            hint="use the plain Yahoo symbol, e.g. 'AAPL', '^GSPC', '000001.SS', 'ZS=F'")
    if not _SAFE.fullmatch(ticker) or ticker.endswith(".") or len(ticker) > _MAX_LEN:
        raise TickerNameError(
            f"ticker {shown!r} is not a portable file name (allowed: letters, digits and "
            f"^ = . _ -, at most {_MAX_LEN} characters, no trailing dot)",
            hint="check the symbol on finance.yahoo.com")
    if ticker.split(".")[0].upper() in _RESERVED:
        raise TickerNameError(
            f"ticker {shown!r} is a reserved device name on Windows and cannot be a file name",
            hint="load it from a CSV file under another name (cache import --ticker)")
    return ticker


def _check_calendar(name: str, ticker: str) -> str:
    if name not in calendar_names():
        close = sorted(n for n in calendar_names() if n.upper().startswith(name[:2].upper()))[:8]
        raise UnknownCalendarError(
            f"calendar {name!r} (for ticker {ticker!r}) is not a pandas_market_calendars "
            f"calendar" + (f"; similar: {', '.join(close)}" if close else ""),
            hint="use a name from pandas_market_calendars.get_calendar_names(), "
            "e.g. XNYS, XSHG, XHKG, XTKS, XEUR, CMEGlobex_Grains")
    return name


def calendar_for(ticker: str, override: str | None = None) -> str:
    """Return the pandas_market_calendars name of ``ticker``'s exchange.

    Parameters
    ----------
    ticker
        Yahoo symbol.
    override
        An explicit calendar (the study's ``assets[].calendar``); validated
        against pandas_market_calendars and returned unchanged.

    Returns
    -------
    str
        E.g. ``"XNYS"`` for US stocks, ETFs and indices, ``"XSHG"`` for
        ``.SS``/``.SZ``, ``"XHKG"`` for ``.HK`` and ``^HSI``, ``"XTKS"`` for
        ``.T`` and ``^N225``, ``"STOXX"`` for ``^STOXX50E`` (Eurex's days, the cash
        market's 17:30 CET close) and
        ``"CMEGlobex_Grains"`` for ``ZS=F``, ``ZC=F``, ``ZW=F``.

    Raises
    ------
    UnknownCalendarError
        When ``override`` is not a known calendar, or no calendar can be
        inferred (unknown suffix, index or future); the message says how
        to set ``calendar:`` in the study.
    """
    if override is not None:
        return _check_calendar(override, ticker)
    symbol = ticker.strip()
    upper = symbol.upper()
    if upper in KNOWN_SYMBOLS:
        return _check_calendar(KNOWN_SYMBOLS[upper], ticker)
    if "." in upper and not upper.startswith("^"):
        suffix = upper.rsplit(".", 1)[1]
        if suffix in SUFFIX_CALENDARS:
            return _check_calendar(SUFFIX_CALENDARS[suffix], ticker)
    elif _US_SYMBOL.fullmatch(upper):
        return "XNYS"
    raise UnknownCalendarError(
        f"cannot infer the exchange calendar of ticker {ticker!r} (unknown suffix, index "
        "or futures symbol)",
        hint=f"set it in the study: assets: [{{ticker: '{ticker}', calendar: XNYS}}] with a "
        "pandas_market_calendars name (XNYS, XLON, XETR, XSHG, XHKG, XTKS, XEUR, ...)")
