"""Plain-language answers: one sentence per claim, in the claim's own words.

Nothing here decides a verdict: the verdict, its deciding ``reason`` and the
real-data placebo text (``placebo.text``) come from the claim records
(``claims.json``); this module only says them with weekday dates, readable
names and the one number that decides, for a reader who is not a statistician.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from eventstudy.report import words as W
from eventstudy.report.scale import MAX_LINES
from eventstudy.report.words import day, day_range, pct, readable

if TYPE_CHECKING:  # pragma: no cover
    from eventstudy.report._types import StudyResult

#: up to this many claims every claim gets an answer sentence; above it only
#: the headline claims do and the rest go in a compact table
MAX_SENTENCES = 12
#: a move outside the window is named when it exceeds this many residual sigmas
_BIG_MOVE_SIGMAS = 2.0

__all__ = ["MAX_SENTENCES", "Answer", "answer", "answers", "big_move", "day", "day_range",
           "headline_ids", "pct", "raw_moves", "readable", "subject"]


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
    """One claim's plain-language answer (every field is plain text).

    ``sentence``, ``big_move`` and ``caution`` are the words for the first
    screen; ``reason`` and ``placebo`` are the verdict rule's own text,
    verbatim, and ``numbers`` the figures behind them ("Why, in numbers").
    """

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
    news: str = ""
    caution: str = ""
    numbers: tuple[tuple[str, str], ...] = ()
    lead: str = ""

    @property
    def body(self) -> str:
        """The sentence after its lead (``US indices rose 0.6% beyond normal ...``)."""
        cut = f"{self.lead}: "
        return self.sentence[len(cut):] if self.lead and self.sentence.startswith(cut) \
            else self.sentence

    @property
    def css(self) -> str:
        """CSS class suffix of the verdict (``not-supported``)."""
        return re.sub(r"[^a-z0-9]+", "-", self.verdict.lower()).strip("-")

    @property
    def said(self) -> str:
        """``Not supported: US indices — “received a boost ...”``."""
        return f"{self.verdict.capitalize()}: {self.who} \u2014 \u201c{self.claim}\u201d"

    def plain(self) -> str:
        """Return the first-screen words after the claim: sentence, big move, caution."""
        return " ".join(p for p in (self.sentence, self.big_move, self.caution) if p)

    def text(self) -> str:
        """Return the whole answer as one paragraph of plain text."""
        end = "" if self.claim.rstrip().endswith(("?", "!", ".")) else "."
        return f"{self.said}{end} {self.plain()}"


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


def _float(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


CarRows = dict[tuple[Any, ...], dict[str, Any]]


def car_rows(result: StudyResult, records: Sequence[dict[str, Any]] | None = None) -> CarRows:
    """Index ``car.csv``'s primary and portfolio rows for the answers (built once).

    Keys ``(event_id, asset, rel_start, rel_end)`` and ``(event_id, asset)``
    (the first row of that pair); values are the rows as dicts. Only the
    rows of the verdict targets (a group's portfolio, or the one asset) of
    ``records`` (default: the result's claims) are indexed: a study of
    hundreds of assets answers from a few.
    """
    cars = result.cars
    out: CarRows = {}
    if cars is None or cars.empty:
        return out
    wanted = {(r["event_id"], t["target"])
              for r in (result.claim_records if records is None else records)
              if (t := _target(r)) is not None}
    keep = cars[cars["role"].isin(["primary", "portfolio"])]
    keep = keep[[k in wanted for k in zip(keep["event_id"], keep["asset"], strict=True)]]
    has_rel = "rel_start" in keep and "rel_end" in keep
    for rec in keep.to_dict("records"):
        row = {str(k): v for k, v in rec.items()}
        out.setdefault((row["event_id"], row["asset"]), row)
        if has_rel:
            out.setdefault((row["event_id"], row["asset"], row["rel_start"], row["rel_end"]),
                           row)
    return out


def _car_row(rows: CarRows, record: dict[str, Any], asset: str) -> dict[str, Any] | None:
    """Return the claim window's ``car.csv`` row of one target (sigma, estimation dates)."""
    a, b = (int(v) for v in record["window"])
    return rows.get((record["event_id"], asset, a, b)) or rows.get((record["event_id"], asset))


def _big(result: StudyResult, record: dict[str, Any], rows: CarRows | None = None
         ) -> tuple[float, Any, int, float] | None:
    """Find the largest abnormal move just outside the window, when it is large.

    Looks at the three sessions on either side of the claim window of the
    verdict's target (portfolio or single asset); returns ``(move, date,
    relative day, move in residual sigmas)`` when the move exceeds two
    residual standard deviations and the window's own CAR in size -- the
    "the jump came the day before" finding -- else None.
    """
    tgt = _target(record)
    ar = result.abnormal_returns
    if tgt is None or ar is None or ar.empty:
        return None
    own = ar[(ar["event_id"] == record["event_id"]) & (ar["asset"] == tgt["target"])
             & ar["role"].isin(["primary", "portfolio"])].dropna(subset=["date"])
    a, b = (int(v) for v in record["window"])
    near = own[((own["rel_day"] >= a - 3) & (own["rel_day"] < a))
               | ((own["rel_day"] > b) & (own["rel_day"] <= b + 3))]
    near = near.dropna(subset=["abnormal_return"])
    row = _car_row(car_rows(result, [record]) if rows is None else rows, record, tgt["target"])
    sig = _float(row.get("sigma")) if row is not None else None
    if near.empty or not sig:
        return None
    best = near.loc[near["abnormal_return"].abs().idxmax()]
    x = float(best["abnormal_return"])
    car = abs(_float(record.get("car")) or 0.0)
    if not (abs(x) > _BIG_MOVE_SIGMAS * sig and abs(x) > car):
        return None
    return x, best["date"], int(best["rel_day"]), abs(x) / sig


def big_move(result: StudyResult, record: dict[str, Any]) -> str:
    """Name the largest abnormal move just outside the window, when it is large.

    ``The big jump, +5.2%, came the session before the news, on Wednesday 26
    Dec 2018.`` Empty string when there is none (see :func:`_big`).
    """
    found = _big(result, record)
    return "" if found is None else W.big_move_words(found[0], found[1], found[2],
                                                     record["window"])


def raw_moves(result: StudyResult, record: dict[str, Any]) -> dict[str, float]:
    """Each member's own price move over its window (compounded returns), by ticker.

    These are the raw returns the reader could look up (``S&P 500 +0.7%``),
    not abnormal returns; missing sessions leave a member out.
    """
    ar = result.abnormal_returns
    if ar is None or ar.empty:
        return {}
    a, b = (int(v) for v in record["window"])
    rows = ar[(ar["event_id"] == record["event_id"]) & (ar["role"] == "primary")
              & (ar["rel_day"] >= a) & (ar["rel_day"] <= b)]
    pos = rows.groupby("asset", sort=False).indices  # one pass, rows in frame order
    ret = rows["return"].to_numpy(float)
    out = {}
    for m in record.get("members") or []:
        r = ret[pos.get(m["target"], [])]
        if len(r) == b - a + 1 and not np.isnan(r).any():
            out[m["target"]] = float(np.prod(1.0 + r) - 1.0)
    return out


def _numbers(record: dict[str, Any], labels: dict[str, str], raw: dict[str, float],
             found: tuple[float, Any, int, float] | None) -> tuple[tuple[str, str], ...]:
    """List the figures behind the answer, for "Why, in numbers" (plain labels)."""
    tgt = _target(record) or {}

    ci = (f" (95% range {pct(record.get('ci_low'), 2)} to {pct(record.get('ci_high'), 2)})"
          if _float(record.get("ci_low")) is not None else "")
    mde = _float(record.get("mde"))
    p = W.pvalue
    out = [("Verdict rule", str(record.get("reason") or "")),
           ("Move beyond normal (CAR)", f"{pct(record.get('car'), 2)}{ci}"),
           ("p-values, claimed direction",
            f"t-test {p(record.get('p_value'))}, SQ test {p(record.get('p_value_sq'))}, "
            f"recent volatility {p(tgt.get('p_value_regime'))}, ordinary days nearby "
            f"{p(tgt.get('p_value_local'))}; adjusted for many claims (t) "
            f"{p(record.get('p_value_bh'))}"),
           ("Smallest move the tests catch 4 times in 5",
            "n/a" if mde is None else (f"\u00b1{abs(mde) * 100:.2f}%"
                                       if record.get("direction") == "any" else pct(mde, 2))),
           ("Deciding check", W.CHECK_NAMES.get(str(record.get("decided_by")),
                                                str(record.get("decided_by") or "n/a")))]
    vr = _float(tgt.get("vol_ratio"))
    if vr is not None:
        out.append(("Volatility of the 20 sessions before, vs usual", f"{vr:.2f} times"))
    if raw:
        moves = list(raw.items())
        if len(moves) > MAX_LINES:  # a large group: the largest and smallest, and a count
            moves.sort(key=lambda tv: -tv[1])
            k = MAX_LINES // 2
            shown = (", ".join(f"{labels.get(t, t)} {pct(v)}" for t, v in moves[:k])
                     + " \u2026 " + ", ".join(f"{labels.get(t, t)} {pct(v)}"
                                              for t, v in moves[-k:])
                     + f" (the {k} largest and {k} smallest of {len(moves)}; every member's "
                     "returns are in abnormal_returns.csv)")
        else:
            shown = ", ".join(f"{labels.get(t, t)} {pct(v)}" for t, v in moves)
        out.append(("Price moves over the window", shown))
    if found is not None:
        out.append(("Big move nearby", f"{pct(found[0], 2)} on {W.day(found[1])}, about "
                    f"{found[3]:.0f} times a normal day's swing"))
    placebo = (record.get("placebo") or {}).get("text")
    if placebo:
        out.append(("Ordinary days as pseudo-events", str(placebo)))
    return tuple(out)


def _caution(record: dict[str, Any]) -> str:
    """Say the placebo warning when the same rule's false-alarm rate nearby is high.

    High means above twice the level, the threshold the placebo's own text
    uses (:func:`eventstudy.pipeline.placebo.placebo_check`).
    """
    pl = record.get("placebo") or {}
    rate, alpha = _float(pl.get("rate")), _float(record.get("alpha")) or 0.05
    if rate is None or not pl.get("n") or rate <= 2 * alpha:
        return ""
    return W.caution(int(pl["k"]), int(pl["n"]))


def answer(result: StudyResult, record: dict[str, Any], headline: bool = False,
           *, detail: bool = True, rows: CarRows | None = None) -> Answer:
    """Say the answer to one claim in plain language.

    The sentence is the verdict in words (from ``verdict`` and
    ``decided_by``), who moved and by how much beyond normal (the record's
    CAR, one decimal), the window as weekday dates relative to the news, the
    first member's own price move when it adds something, and the one fact
    that decided the verdict (:func:`eventstudy.report.words.deciding_fact`).

    Parameters
    ----------
    result
        The study result (for names, dates and abnormal returns).
    record
        The claim's record (``claims.json``).
    headline
        Whether the reader asked about this claim.
    detail
        Look for a big move next to the window and the members' price moves
        (skipped for the compact table of a large study).
    rows
        :func:`car_rows` of ``result`` (built here when not given).

    Returns
    -------
    Answer
    """
    events = {e["id"]: e for e in result.resolved.get("events", [])}
    ev = events.get(record["event_id"], {})
    labels = {a["ticker"]: a["label"] for a in result.resolved.get("assets", [])}
    who = subject(result, record)
    dates = _dates(record)
    span = W.day_range(*dates) if dates else "the window"
    title = ev.get("title") or record.get("event_title", record["event_id"])
    news = f"{title} ({W.day(ev['start'])})" if ev.get("start") else str(title)
    tgt = _target(record)
    plural = bool(record.get("portfolio")) or len(record.get("members") or []) > 1
    starts = {m.get("window_start") for m in record.get("members") or []}
    # whether the news came on the date of the window's first session -- for a window before
    # day 0 (a pre-event claim), on day 0's own date, rather than after a close, on a
    # weekend or on a holiday before it
    ref = dates[0] if dates else None
    if int(record["window"][0]) < 0:
        ref = next((r["day0"] for r in [tgt, *(record.get("members") or [])]
                    if r and r.get("day0")), ref)
    same_day = (ref is None or not ev.get("start")
                or pd.Timestamp(ev["start"]).normalize() == pd.Timestamp(ref).normalize())
    when = W.window_words(record["window"], span, same_day)
    if dates and len(starts) > 1:
        when += " (each market on its own sessions)"
    code = str(record.get("decided_by") or "")
    car = _float(record.get("car"))
    raw = raw_moves(result, record) if detail else {}
    rows = car_rows(result, [record]) if rows is None else rows
    found = _big(result, record, rows) if detail else None
    lead = W.lead(str(record["verdict"]), code, str(record.get("direction", "any")))
    if code == "data":  # the verdict was withheld: never print the suspect move as a finding
        why = str(record.get("reason") or "")
        why = why.split(": ", 1)[1] if why.startswith("No verdict") and ": " in why else why
        sentence = f"{lead}: no verdict for {who} {when}" + (f" \u2014 {why}." if why else ".")
    elif tgt is None or car is None:
        sentence = f"{lead}: no single move can be measured for {who} {when}."
    else:
        row = _car_row(rows, record, tgt["target"])
        before = (W.period_words(row.get("estimation_start"), row.get("estimation_end"))
                  if row is not None else "the months before")
        fact = W.deciding_fact(code, plural=plural, before=before,
                               vol_ratio=_float(tgt.get("vol_ratio")))
        own = ""
        first = next(iter(raw.items()), None)
        if first and plural and first[0].startswith("^"):  # a named index: its own move
            own = f" ({W.own_move('the ' + labels.get(first[0], first[0]), first[1])})"
        elif first and not plural and abs(first[1] - car) >= 0.001:
            own = f" ({W.own_move('its price', first[1])})"
        name = who if len(who) <= 24 else ("they" if plural else "it")  # named just above
        sentence = f"{lead}: {W.moved(name, car, plural)}{own} {when}" + \
            (f" \u2014 {fact}." if fact else ".")
    placebo = (record.get("placebo") or {}).get("text") or ""
    return Answer(
        id=str(record["id"]), label=readable(record["id"]), verdict=str(record["verdict"]),
        headline=headline, who=who, claim=str(record.get("text", "")), sentence=sentence,
        reason=str(record.get("reason") or ""), placebo=str(placebo),
        big_move=("" if found is None else
                  W.big_move_words(found[0], found[1], found[2], record["window"])),
        event_id=str(record["event_id"]), dates=W.day_range(*dates) if dates else "",
        news=news, caution=_caution(record),
        numbers=_numbers(record, labels, raw, found), lead=lead,
    )


def answers(result: StudyResult) -> list[Answer]:
    """Answers for every claim, headline claims first (study order otherwise)."""
    heads = set(headline_ids(result))
    small = len(result.claim_records) <= MAX_SENTENCES
    rows = car_rows(result)
    out = [answer(result, r, r["id"] in heads, detail=small or r["id"] in heads, rows=rows)
           for r in result.claim_records]
    return sorted(out, key=lambda a: not a.headline)
