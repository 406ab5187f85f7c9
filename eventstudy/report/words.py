"""Plain words for the answer sentences: names, weekday dates, moves and deciding facts.

Pure text helpers, no data access: :mod:`eventstudy.report.answer` feeds them
the claim record's fields. Nothing here decides anything: the verdict and its
deciding-reason code (``decided_by``, the codes of
:func:`eventstudy.claims.rule.decide`) come from the record; these functions
only say them the way a reporter would (no "CAR", no p-values, no
"estimation window" -- those are one click away, in "Why, in numbers").
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

#: short words kept lower case when an identifier is made readable
_SMALL_WORDS = {"a", "an", "at", "by", "in", "of", "on", "or", "to", "up", "vs", "and", "the",
                "for", "after", "before", "down", "with"}
#: what the claim says happened, by direction (the noun of the verdict's lead)
_NOUN = {"up": "rise", "down": "fall", "any": "move"}


def readable(ident: str) -> str:
    """Turn a snake_case identifier into a label: ``us_boost`` -> ``US boost``.

    Words of one or two letters that are not ordinary short words (``us``,
    ``hk``, ``eu``) are taken for abbreviations and upper-cased.

    Parameters
    ----------
    ident
        A claim, event or group id.

    Returns
    -------
    str
        The label (the identifier unchanged when it has no separators).
    """
    words = [w for w in re.split(r"[_\s]+", str(ident)) if w]
    if not words:
        return str(ident)
    out = [w.upper() if len(w) <= 2 and w.lower() not in _SMALL_WORDS and w.isalpha() else w
           for w in words]
    first = out[0]
    out[0] = first[:1].upper() + first[1:]
    return " ".join(out)


def day(d: Any) -> str:
    """``Thursday 27 Dec 2018``."""
    t = pd.Timestamp(d)
    return f"{t:%A} {t.day} {t:%b %Y}"


def day_range(a: Any, b: Any) -> str:
    """``Thursday 27 – Friday 28 Dec 2018`` (one day when ``a == b``)."""
    ta, tb = pd.Timestamp(a), pd.Timestamp(b)
    if ta == tb:
        return day(ta)
    if (ta.year, ta.month) == (tb.year, tb.month):
        return f"{ta:%A} {ta.day} \u2013 {tb:%A} {tb.day} {tb:%b %Y}"
    if ta.year == tb.year:
        return f"{ta:%A} {ta.day} {ta:%b} \u2013 {tb:%A} {tb.day} {tb:%b %Y}"
    return f"{day(ta)} \u2013 {day(tb)}"


def pct(x: Any, digits: int = 1) -> str:
    """``+4.9%`` (``n/a`` when missing)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "n/a"
    return f"{v * 100:+.{digits}f}%" if math.isfinite(v) else "n/a"


def pvalue(x: Any) -> str:
    """``0.057`` or ``<0.001`` (``n/a`` when missing or not finite): every p-value shown."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "n/a"
    if not math.isfinite(v):
        return "n/a"
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def size(x: float) -> str:
    """Unsigned percent with one decimal, the way a reporter writes it: ``0.6%``."""
    return f"{abs(x) * 100:.1f}%"


def count(n: int) -> str:
    """``two`` for 2 (words up to ten, digits above)."""
    names = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten")
    return names[n] if 0 <= n <= 10 else str(n)


def window_words(window: Any, dates: str, same_day: bool = True) -> str:
    """Where the window lies relative to the news, with its dates.

    ``[0, 1]`` -> ``on Thursday 27 – Friday 28 Dec 2018, the day of the news
    and the session after``; ``[-20, -1]`` -> ``over the 20 sessions before
    the news (Tuesday 27 Nov – Wednesday 26 Dec 2018)``. ``same_day=False``
    (news on a weekend, a holiday or after the close) says "the first
    session(s) after the news" for a window starting at day 0.

    A pre-event window of one session, ``[k, k]`` with ``k < 0`` (a move made
    ahead of a happening still to come, docs/draft.md), counts its sessions
    back from day 0, the first session that can react to the news: when the
    news came after a close, or on a weekend or holiday (``same_day=False``),
    ``[-1, -1]`` is the session the news came after, possibly on the news's own
    date -- ``on Thursday 28 Jun 2018, the last session before the news reached
    the market`` -- not a session a day before it.
    """
    a, b = (int(v) for v in window)
    if a == 0:
        if same_day:
            rel = ("the day of the news" if b == 0 else
                   "the day of the news and the session after" if b == 1 else
                   f"the day of the news and the {b} sessions after")
        else:
            rel = ("the first session after the news" if b == 0 else
                   f"the first {count(b + 1)} sessions after the news")
        return f"on {dates}, {rel}"
    if a == b < 0 and not same_day:
        return (f"on {dates}, the last session before the news reached the market" if a == -1
                else f"on {dates}, {-a} sessions before the news reached the market")
    if a == b:
        n = abs(a)
        return (f"on {dates}, {n} session{'s' if n > 1 else ''} "
                f"{'before' if a < 0 else 'after'} the news")
    if b == -1:
        return f"over the {-a} sessions before the news ({dates})"
    if b < 0:
        return f"from {-a} to {-b} sessions before the news ({dates})"
    if a > 0:
        return f"from {a} to {b} sessions after the news ({dates})"
    return f"over {dates}, from {-a} session{'s' if a < -1 else ''} before the news to {b} after"


#: the deciding check, named for the "Why, in numbers" line
CHECK_NAMES = {"supported": "all four checks", "contradicted": "all four checks, the other way",
               "direction": "the direction of the move", "missing": "a check lacked data",
               "t": "t-test", "sq": "SQ test", "regime": "volatility of the month before",
               "local": "ordinary days nearby", "data": "suspect prices (no verdict)"}


def lead(verdict: str, code: str, direction: str) -> str:
    """Say the verdict in words, first thing the reader sees: ``No unusual rise``.

    Parameters
    ----------
    verdict
        The record's verdict (``supported``, ``not supported``, ``contradicted``).
    code
        The record's ``decided_by``.
    direction
        The claimed direction (``up``, ``down``, ``any``).
    """
    noun = _NOUN.get(direction, "move")
    if verdict == "supported":
        return f"Yes, an unusual {noun}"
    if verdict == "contradicted":
        return "No, the opposite"
    if code == "direction":
        return f"No {noun}"
    if code == "missing":
        return "Cannot tell"
    if code == "data":
        return "Cannot tell: the prices look wrong"
    return f"No unusual {noun}"


def moved(who: str, car: float, plural: bool) -> str:
    """``US indices rose 0.6% beyond normal`` (the record's CAR, one decimal)."""
    if round(abs(car) * 1000) == 0:
        return f"{who} {'were' if plural else 'was'} flat beyond normal ({size(car)})"
    return f"{who} {'rose' if car > 0 else 'fell'} {size(car)} beyond normal"


def deciding_fact(code: str, *, plural: bool, before: str, vol_ratio: float | None = None
                  ) -> str:
    """Say the one fact that decided the verdict, in plain words, from ``decided_by``.

    Parameters
    ----------
    code
        ``supported``, ``contradicted``, ``direction``, ``missing``, ``t``,
        ``sq``, ``regime`` or ``local`` (:data:`eventstudy.claims.rule.CODES`).
    plural
        Whether the subject is a group ("their") or one asset ("its").
    before
        The period the normal return was fitted on, in words
        (``the year before``).
    vol_ratio
        How many times the usual volatility the 20 sessions before the window
        had (named for ``regime`` when above 1.2).

    Returns
    -------
    str
        A clause without a final full stop; empty for an unknown code.
    """
    its, it = ("their", "they") if plural else ("its", "it")
    if code == "supported":
        return (f"more than {its} usual swings in {before}, in the month before and on "
                "ordinary days around that time")
    if code == "contradicted":
        return f"{it} moved the other way, more than {its} usual swings"
    if code == "direction":
        return f"{it} moved the other way"
    if code == "missing":
        return "there was not enough data for every check"
    if code == "t":
        return f"no bigger than {its} usual ups and downs in {before}"
    if code == "sq":
        return f"moves this size happened often enough in {before}"
    if code == "regime":
        jumpy = (f", which were {vol_ratio:.1f} times the usual" if vol_ratio is not None
                 and math.isfinite(vol_ratio) and vol_ratio >= 1.2 else "")
        return f"within {its} day-to-day swings that month{jumpy}"
    if code == "local":
        return "moves this size were common on ordinary days around that time"
    return ""


def period_words(start: Any, end: Any) -> str:
    """Say the estimation window's span: ``the year before``, ``the 5 months before``."""
    try:
        a, b = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError):
        return "the months before"
    if pd.isna(a) or pd.isna(b):
        return "the months before"
    months = round((b - a).days / 30.44)
    if months >= 11:
        return "the year before"
    return "the month before" if months <= 1 else f"the {months} months before"


def big_move_words(x: float, when: Any, k: int, window: Any) -> str:
    """Name a big move: ``The big jump, +5.2%, came the session before the news, on ...``."""
    a, b = (int(v) for v in window)
    if k > b:
        where = "the next session" if k == b + 1 else f"{k - b} sessions later"
    elif a == 0:
        where = "the session before the news" if k == -1 else f"{-k} sessions before the news"
    else:
        where = f"{a - k} session{'s' if a - k > 1 else ''} before those dates"
    kind = "jump" if x > 0 else "drop"
    return f"The big {kind}, {pct(x)}, came {where}, on {day(when)}."


def own_move(name: str, x: float) -> str:
    """Say a raw price move, one decimal: ``the S&P 500 fell 7.7% in all``."""
    return f"{name} {'rose' if x > 0 else 'fell'} {size(x)} in all"


def caution(k: int, n: int) -> str:
    """Say the placebo warning in plain words (shown when the false-alarm rate is high)."""
    return (f"Treat this with caution: on {k} of {n} ordinary days nearby, the same check "
            "said \u201csupported\u201d.")
