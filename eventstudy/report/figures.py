"""The report's figures, built from a :class:`~eventstudy.pipeline.result.StudyResult`.

One function per kind of chart, each returning a matplotlib ``Figure``; the
HTML report turns them into inline SVG and ``StudyResult.plot`` hands them to
research code.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from eventstudy.report import charts
from eventstudy.report.answer import day, headline_ids, readable, subject

if TYPE_CHECKING:  # pragma: no cover
    from eventstudy.pipeline.result import StudyResult

#: sessions shown around the claim window in the per-claim chart
_PAD = 3
KINDS = ("path", "bars", "timeline")


def palette(result: StudyResult) -> dict[str, str]:
    """Asset -> colour, the same in every chart of the report (study order)."""
    return charts.colours([a["ticker"] for a in result.resolved.get("assets", [])])


def record(result: StudyResult, claim: str | None) -> dict[str, Any]:
    """The claim record with id ``claim`` (None: the first headline claim)."""
    cid = claim if claim is not None else headline_ids(result)[0]
    for r in result.claim_records:
        if r["id"] == cid:
            return r
    known = ", ".join(r["id"] for r in result.claim_records)
    raise KeyError(f"no claim {cid!r} in this study (claims: {known})")


def _rows(result: StudyResult, event_id: str, target: str) -> pd.DataFrame:
    ar = result.abnormal_returns
    df = ar[(ar["event_id"] == event_id) & (ar["asset"] == target)
            & ar["role"].isin(["primary", "portfolio"])]
    return df.sort_values("rel_day")


def _targets(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """(target, label): the verdict's portfolio first (when there is one), then members."""
    out = [(m["target"], m["label"]) for m in rec.get("members", [])]
    if rec.get("portfolio"):
        out.insert(0, (rec["portfolio"]["target"], "average of the group"))
    return out


def _dated(result: StudyResult, rec: dict[str, Any], df: pd.DataFrame) -> pd.Series:
    """Abnormal returns indexed by date; event-time rows borrow the first member's dates."""
    if df["date"].notna().all():
        return pd.Series(df["abnormal_return"].to_numpy(float),
                         index=pd.DatetimeIndex(pd.to_datetime(df["date"])))
    first = _rows(result, rec["event_id"], rec["members"][0]["target"]).set_index("rel_day")
    dates = first["date"].reindex(df["rel_day"])
    ok = dates.notna().to_numpy()
    return pd.Series(df["abnormal_return"].to_numpy(float)[ok],
                     index=pd.DatetimeIndex(pd.to_datetime(dates[ok])))


def _sigma(result: StudyResult, event_id: str, target: str) -> float | None:
    c = result.cars
    s = c.loc[(c["event_id"] == event_id) & (c["asset"] == target), "sigma"]
    v = float(s.iloc[0]) if len(s) else float("nan")
    return v if math.isfinite(v) else None


def _events(result: StudyResult) -> list[tuple[pd.Timestamp, str, bool]]:
    out = []
    for e in result.resolved.get("events", []):
        day0 = min((al["day0"] for al in e.get("alignments", [])), default=e["start"])
        out.append((pd.Timestamp(day0), f"{pd.Timestamp(day0):%a %d %b}: {readable(e['id'])}",
                    True))
    for e in result.resolved.get("context_events", []):
        out.append((pd.Timestamp(e["start"]), readable(e["id"]), False))
    return out


def path_figure(result: StudyResult, claim: str | None = None) -> Any:
    """The headline chart: cumulative abnormal return paths on calendar dates.

    For the claim's targets (the group's average first, then its members) the
    abnormal returns over every session the run estimated around the claim's
    event are cumulated from the first; the windows of the headline claims on
    that event are shaded, with the range of normal variation of the first
    target over each (path value before the window +- 1.96 sigma sqrt(j) after
    j sessions), and the study's events marked on their day 0.

    Parameters
    ----------
    result
        A study result.
    claim
        Claim id; None for the first headline claim.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rec = record(result, claim)
    colours = palette(result)
    heads = set(headline_ids(result)) | {rec["id"]}
    same_event = [r for r in result.claim_records
                  if r["event_id"] == rec["event_id"] and r["id"] in heads
                  and r["assets"] == rec["assets"]]
    paths = []
    for i, (target, label) in enumerate(_targets(rec)):
        df = _rows(result, rec["event_id"], target)
        if df.empty:
            continue
        s = _dated(result, rec, df).cumsum()
        main = i == 0
        colour = charts.MAIN if main else colours.get(target, "#555555")
        paths.append((label, s, colour, "-" if main else charts.style(i)))
    if not paths:
        raise ValueError(f"claim {rec['id']!r} has no abnormal returns to draw")
    first_target = _targets(rec)[0][0]
    base = paths[0][1]
    rel = _rows(result, rec["event_id"], first_target)["rel_day"].to_numpy(int)
    rel = rel[: len(base)]
    sig = _sigma(result, rec["event_id"], first_target)
    windows, bands = [], []
    for r in same_event:
        a, b = (int(v) for v in r["window"])
        inw = (rel >= a) & (rel <= b)
        if not inw.any():
            continue
        d = base.index[inw]
        windows.append((d[0], d[-1], f"window: {readable(r['id'])} ({d[0]:%d %b}\u2013"
                                     f"{d[-1]:%d %b})"))
        if sig is not None:
            k = int(np.argmax(inw))
            level = float(base.iloc[k - 1]) if k > 0 else 0.0
            j = np.arange(1, inw.sum() + 1)
            half = 1.96 * sig * np.sqrt(j)
            bands.append(pd.DataFrame({"lo": level - half, "hi": level + half}, index=d))
    who = subject(result, rec)
    title = (f"{who}: move beyond the normal return, added up from {day(base.index[0])}, "
             f"around \u201c{rec.get('event_title', rec['event_id'])}\u201d")
    return charts.headline_chart(
        paths, windows=windows, events=_events(result), bands=bands, title=title,
        ylabel="cumulative abnormal return, %")


def bars_figure(result: StudyResult, claim: str) -> Any:
    """Daily abnormal returns and the CAR over one claim's window, one panel per target.

    Parameters
    ----------
    result
        A study result.
    claim
        Claim id.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rec = record(result, claim)
    a, b = rec["window"]
    lo, hi = min(a, -1) - _PAD, max(b, 1) + _PAD
    targets = [(m["target"], m["label"]) for m in rec["members"]]
    if rec.get("portfolio"):
        targets.insert(0, (rec["portfolio"]["target"], "average of the group"))
    panels = []
    for target, label in targets:
        df = _rows(result, rec["event_id"], target)
        df = df[(df["rel_day"] >= lo) & (df["rel_day"] <= hi)].copy()
        if df.empty:
            continue
        inwin = (df["rel_day"] >= a) & (df["rel_day"] <= b)
        path = df["abnormal_return"].where(inwin, 0.0).cumsum().where(df["rel_day"] >= a)
        se = (df["ar_se"] ** 2).where(inwin, 0.0).cumsum().pow(0.5).where(df["rel_day"] >= a)
        df["car_path"] = path.where(df["rel_day"] <= b)
        df["car_path_se"] = se.where(df["rel_day"] <= b)
        panels.append((label, df))
    if not panels:
        raise ValueError(f"claim {rec['id']!r} has no abnormal returns to draw")
    return charts.ar_car_chart(panels, window=(int(a), int(b)),
                               title=f"{readable(rec['id'])}: daily abnormal returns")


def _panels(result: StudyResult) -> list[tuple[str, list[str]]]:
    """Small multiples: each asset in its first group; the rest in panels of up to 4."""
    groups = result.resolved.get("study", {}).get("groups", {}) or {}
    tickers = [a["ticker"] for a in result.resolved.get("assets", [])]
    seen: set[str] = set()
    out = []
    for name, members in groups.items():
        mine = [t for t in members if t in tickers and t not in seen]
        if mine:
            out.append((readable(name), mine))
            seen.update(mine)
    rest = [t for t in tickers if t not in seen]
    for i in range(0, len(rest), 4):
        out.append(("Other assets" if len(rest) <= 4 else f"Other assets ({i // 4 + 1})",
                    rest[i:i + 4]))
    return out


def timeline_figure(result: StudyResult) -> Any:
    """Prices around all the study's events, one panel per group (100 = before the first).

    Parameters
    ----------
    result
        A study result with ``prices``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    prices = result.prices
    events = result.resolved.get("events", [])
    if prices is None or prices.empty or not events:
        raise ValueError("this result has no prices or events to draw")
    day0s = [pd.Timestamp(al["day0"]) for e in events for al in e["alignments"]]
    lasts = [pd.Timestamp(al["last_day"]) for e in events for al in e["alignments"]]
    first = min(day0s)
    start, end = first - pd.Timedelta(days=28), max(lasts) + pd.Timedelta(days=10)
    anchor = first - pd.Timedelta(days=1)
    labels = {a["ticker"]: a["label"] for a in result.resolved.get("assets", [])}
    return charts.timeline_chart(
        prices, _panels(result), labels, palette(result), _events(result),
        title=f"Prices around the events (100 = close before {day(first)})",
        start=start, end=end, anchor=anchor)


def figure(result: StudyResult, claim: str | None = None, kind: str = "path") -> Any:
    """Dispatch for ``StudyResult.plot``: ``path``, ``bars`` or ``timeline``."""
    if kind == "path":
        return path_figure(result, claim)
    if kind == "bars":
        return bars_figure(result, record(result, claim)["id"])
    if kind == "timeline":
        return timeline_figure(result)
    raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
