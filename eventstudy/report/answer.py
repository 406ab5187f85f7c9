"""Plain-language answers: one sentence per claim, in the claim's own words.

Nothing here decides a verdict: the verdict, its deciding ``reason`` and the
real-data placebo text (``placebo.text``) come from the claim records
(``claims.json``); this module only says them with weekday dates, readable
names and the one number that decides, for a reader who is not a statistician.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from eventstudy.pipeline.result import StudyResult

#: up to this many claims every claim gets an answer sentence; above it only
#: the headline claims do and the rest go in a compact table
MAX_SENTENCES = 12
#: a move outside the window is named when it exceeds this many residual sigmas
_BIG_MOVE_SIGMAS = 2.0
#: short words kept lower case when an identifier is made readable
_SMALL_WORDS = {"a", "an", "at", "by", "in", "of", "on", "or", "to", "up", "vs", "and", "the",
                "for", "after", "before", "down", "with"}


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


def window_words(window: Any) -> str:
    """Where a window lies relative to the event, in words."""
    a, b = (int(v) for v in window)
    if a == b == 0:
        return "the day of"
    if a == 0:
        return ("the day of and the session after" if b == 1 else
                f"the day of and the {b} sessions after")
    if b == -1:
        return "the session before" if a == -1 else f"the {-a} sessions before"
    if b < 0:
        return f"from {-a} to {-b} sessions before"
    if a > 0:
        return f"from {a} to {b} sessions after"
    return f"from {-a} session{'s' if a < -1 else ''} before to {b} after"


def headline_ids(result: StudyResult) -> list[str]:
    """Ids of the headline claims (``headline: true``; else the first claim)."""
    claims = result.resolved.get("study", {}).get("claims", [])
    marked = [c["id"] for c in claims if c.get("headline")]
    if marked:
        return marked
    if claims:
        return [claims[0]["id"]]
    return [r["id"] for r in result.claim_records[:1]]


def subject(result: StudyResult, record: dict[str, Any]) -> str:
    """Who the claim is about: a group's readable name, an asset's name, or a list."""
    spec = next((c for c in result.resolved.get("study", {}).get("claims", [])
                 if c["id"] == record["id"]), None)
    groups = result.resolved.get("study", {}).get("groups", {}) or {}
    names = {a["ticker"]: a["label"] for a in result.resolved.get("assets", [])}
    refs = list(spec["assets"]) if spec else list(record.get("assets", []))
    parts = [readable(r) if r in groups else names.get(r, r) for r in refs]
    if len(parts) <= 3:
        return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"{', '.join(parts[:3])} and {len(parts) - 3} more"


@dataclass(frozen=True)
class Answer:
    """One claim's plain-language answer (every field is plain text)."""

    id: str
    label: str
    verdict: str
    headline: bool
    who: str
    claim: str
    sentence: str
    reason: str
    placebo: str
    big_move: str
    event_id: str
    dates: str = ""

    @property
    def css(self) -> str:
        """CSS class suffix of the verdict (``not-supported``)."""
        return re.sub(r"[^a-z0-9]+", "-", self.verdict.lower()).strip("-")

    def text(self) -> str:
        """Return the whole answer as one paragraph of plain text."""
        parts = [f"{self.verdict.capitalize()}: {self.who} \u2014 \u201c{self.claim}\u201d.",
                 self.sentence, self.reason, self.big_move, self.placebo]
        return " ".join(p for p in parts if p)


def _target(record: dict[str, Any]) -> dict[str, Any] | None:
    """Return the row the verdict is about: the group's portfolio, else the one member."""
    if record.get("portfolio"):
        return record["portfolio"]
    members = record.get("members") or []
    return members[0] if len(members) == 1 else None


def _dates(record: dict[str, Any]) -> tuple[Any, Any] | None:
    rows = [r for r in [_target(record), *(record.get("members") or [])] if r]
    starts = [r["window_start"] for r in rows if r.get("window_start")]
    ends = [r["window_end"] for r in rows if r.get("window_end")]
    if not starts or not ends:
        return None
    return min(starts), max(ends)


def big_move(result: StudyResult, record: dict[str, Any]) -> str:
    """Name the largest abnormal move just outside the window, when it is large.

    Looks at the three sessions on either side of the claim window of the
    verdict's target (portfolio or single asset) and reports the largest
    abnormal return there when it exceeds two residual standard deviations
    and the window's own CAR in size -- the "the jump came the day before"
    finding. Empty string otherwise.
    """
    tgt = _target(record)
    ar = result.abnormal_returns
    if tgt is None or ar is None or ar.empty:
        return ""
    rows = ar[(ar["event_id"] == record["event_id"]) & (ar["asset"] == tgt["target"])
              & ar["role"].isin(["primary", "portfolio"])].dropna(subset=["date"])
    a, b = (int(v) for v in record["window"])
    near = rows[((rows["rel_day"] >= a - 3) & (rows["rel_day"] < a))
                | ((rows["rel_day"] > b) & (rows["rel_day"] <= b + 3))]
    cars = result.cars
    sig = cars.loc[(cars["event_id"] == record["event_id"]) & (cars["asset"] == tgt["target"]),
                   "sigma"]
    if near.empty or sig.empty or not math.isfinite(float(sig.iloc[0])):
        return ""
    row = near.loc[near["abnormal_return"].abs().idxmax()]
    x = float(row["abnormal_return"])
    car = abs(float(record["car"])) if record.get("car") is not None else 0.0
    if not (abs(x) > _BIG_MOVE_SIGMAS * float(sig.iloc[0]) and abs(x) > car):
        return ""
    k = int(row["rel_day"])
    n = a - k if k < a else k - b
    side = "before" if k < a else "after"
    where = f"the session {side} the window" if n == 1 else f"{n} sessions {side} the window"
    if k == -1 and a == 0:
        where = "the session before the news"
    return (f"The big move, {pct(x)}, came on {day(row['date'])}, {where} "
            f"(about {abs(x) / float(sig.iloc[0]):.0f} times a normal day's swing).")


def answer(result: StudyResult, record: dict[str, Any], headline: bool = False,
           *, detail: bool = True) -> Answer:
    """Say the answer to one claim in plain language.

    Parameters
    ----------
    result
        The study result (for names, dates and abnormal returns).
    record
        The claim's record (``claims.json``).
    headline
        Whether the reader asked about this claim.
    detail
        Look for a big move next to the window (skipped for the compact
        table of a large study).

    Returns
    -------
    Answer
    """
    events = {e["id"]: e for e in result.resolved.get("events", [])}
    ev = events.get(record["event_id"], {})
    who = subject(result, record)
    dates = _dates(record)
    title = ev.get("title") or record.get("event_title", record["event_id"])
    when = day(ev["start"]) if ev.get("start") else ""
    tgt = _target(record)
    plural = bool(record.get("portfolio"))
    moved = ("they moved on average" if plural else "it moved") + \
        f" {pct(record.get('car'), 2)} beyond {'their' if plural else 'its'} normal return"
    span = f"Over {day_range(*dates)}" if dates else "Over the window"
    starts = {m.get("window_start") for m in record.get("members") or []}
    if dates and len(starts) > 1:
        span += " (each market on its own sessions)"
    same_day = dates is not None and ev.get("start") == dates[0] and int(record["window"][0]) == 0
    news = f"\u201c{title}\u201d" + ("" if same_day or not when else f" ({when})")
    sentence = f"{span}, {window_words(record['window'])} {news}, {moved}."
    if tgt is None and not plural:
        sentence = f"{span}, {window_words(record['window'])} {news}."
    placebo = (record.get("placebo") or {}).get("text") or ""
    return Answer(
        id=str(record["id"]), label=readable(record["id"]), verdict=str(record["verdict"]),
        headline=headline, who=who, claim=str(record.get("text", "")), sentence=sentence,
        reason=str(record.get("reason") or ""), placebo=str(placebo),
        big_move=big_move(result, record) if detail else "", event_id=str(record["event_id"]),
        dates=day_range(*dates) if dates else "",
    )


def answers(result: StudyResult) -> list[Answer]:
    """Answers for every claim, headline claims first (study order otherwise)."""
    heads = set(headline_ids(result))
    small = len(result.claim_records) <= MAX_SENTENCES
    out = [answer(result, r, r["id"] in heads, detail=small or r["id"] in heads)
           for r in result.claim_records]
    return sorted(out, key=lambda a: not a.headline)
