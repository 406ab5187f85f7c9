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
    from eventstudy.report._types import StudyResult

#: sessions shown around the claim window in the per-claim chart
_PAD = 3
KINDS = ("path", "bars", "timeline")
#: small multiples of the timeline (a study with more groups shows the first ones)
MAX_PANELS = 12


def palette(result: StudyResult) -> dict[str, str]:
    """Asset -> colour, the same in every chart of the report (study order)."""
    return charts.colours([a["ticker"] for a in result.resolved.get("assets", [])])


def record(result: StudyResult, claim: str | None) -> dict[str, Any]:
    """Return the claim record with id ``claim`` (None: the first headline claim)."""
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


#: sessions shown before day 0 and after the last window day in the headline chart
_BEFORE, _AFTER = 25, 10
#: models whose expected return the chart can extend from the fitted parameters
_LINEAR = {"constant_mean", "market", "market_adjusted"}


def _extended(result: StudyResult, event_id: str, ticker: str) -> pd.Series | None:
    """Abnormal returns of one asset over the weeks around an event, by date.

    The run estimates abnormal returns only over the study's windows; the
    headline chart shows a few weeks either side. They come from the same
    fitted model (``model_params`` of the event and asset), the same
    returns (:func:`~eventstudy.models.join.asset_returns` on the asset's
    sessions) and the same trade-to-trade benchmark join, and are used only
    when they reproduce the run's own abnormal returns on every window day
    (to 1e-9); otherwise None (the chart keeps the run's window rows).
    """
    from eventstudy.calendar import sessions
    from eventstudy.models.join import asset_returns, trade_to_trade

    prices = result.prices
    asset = next((a for a in result.resolved.get("assets", []) if a["ticker"] == ticker), None)
    fit = next((m for m in result.resolved.get("model_params", [])
                if m["event_id"] == event_id and m["asset"] == ticker), None)
    if asset is None or fit is None or fit["model"] not in _LINEAR or ticker not in prices:
        return None
    bench = asset.get("benchmark")
    if fit["model"] != "constant_mean" and bench not in prices:
        return None
    rows = _rows(result, event_id, ticker).dropna(subset=["date"])
    if rows.empty:
        return None
    day0 = pd.Timestamp(rows["day0"].iloc[0]) if "day0" in rows else pd.Timestamp(
        rows["date"].min())
    last = pd.Timestamp(rows["date"].max())
    kind = result.resolved.get("study", {}).get("data", {}).get("returns", "simple")
    lo, hi = prices.index.min(), prices.index.max()
    sess = pd.DatetimeIndex(sessions(asset["calendar"], lo, hi), name="date")
    i0, i1 = sess.searchsorted(day0), sess.searchsorted(last)
    shown = sess[max(0, i0 - _BEFORE - 1): i1 + _AFTER + 1]
    if len(shown) < 2:
        return None
    r = asset_returns(prices[ticker].dropna(), shown, kind)
    params = fit["params"]
    if fit["model"] == "constant_mean":
        expected = pd.Series(params.get("const") or 0.0, index=shown)
    else:
        m = trade_to_trade(prices[bench].dropna(), shown, kind)
        expected = m if fit["model"] == "market_adjusted" else \
            (params.get("const") or 0.0) + (params.get("market") or 0.0) * m
    ar = (r - expected).iloc[1:]
    check = ar.reindex(pd.to_datetime(rows["date"])).to_numpy(float)
    ref = rows["abnormal_return"].to_numpy(float)
    both = np.isfinite(check) & np.isfinite(ref)
    if not both.any() or np.max(np.abs(check[both] - ref[both])) > 1e-9:
        return None
    return ar.dropna()


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


def path_figure(result: StudyResult, claim: str | None = None, *, narrow: bool = False) -> Any:
    """Draw the headline chart: cumulative abnormal return paths on calendar dates.

    For the claim's targets (the group's average first, then its members) the
    abnormal returns over the weeks around the claim's event are cumulated
    from the first; the windows of the headline claims on that event are
    shaded, with the range of normal variation of the first target over each
    (path value before the window +- 1.96 sigma sqrt(j) after j sessions; a
    lighter band scales it by the volatility ratio of the 20 sessions before
    the window when that is above 1, the verdict's volatility check), and the
    study's events marked on their day 0.

    Parameters
    ----------
    result
        A study result.
    claim
        Claim id; None for the first headline claim.
    narrow
        A phone-width layout (one legend column, shorter date labels).

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
    members = [m["target"] for m in rec.get("members", [])]
    ext = {t: _extended(result, rec["event_id"], t) for t in members}
    if all(v is not None for v in ext.values()) and members:
        frame = pd.concat(ext, axis=1).dropna()
        ext_port = frame.mean(axis=1) if len(members) > 1 else None
    else:
        ext_port = None
    paths = []
    for i, (target, label) in enumerate(_targets(rec)):
        df = _rows(result, rec["event_id"], target)
        if df.empty:
            continue
        longer = ext.get(target) if target in ext else ext_port
        if longer is not None and target not in ext:
            own = _dated(result, rec, df)  # the run's portfolio rows must agree
            diff = (longer.reindex(own.index) - own).abs().max()
            longer = longer if bool(diff <= 1e-9) else None
        s = (longer if longer is not None else _dated(result, rec, df)).cumsum()
        main = i == 0
        colour = charts.MAIN if main else colours.get(target, "#555555")
        paths.append((label, s, colour, "-" if main else charts.style(i)))
    if not paths:
        raise ValueError(f"claim {rec['id']!r} has no abnormal returns to draw")
    first_target = _targets(rec)[0][0]
    base = paths[0][1]
    first_rows = _rows(result, rec["event_id"], first_target)
    first_dates = _dated(result, rec, first_rows).index
    by_rel = pd.Series(first_dates,
                       index=first_rows["rel_day"].to_numpy(int)[: len(first_dates)])
    sig = _sigma(result, rec["event_id"], first_target)
    windows, bands = [], []
    for r in same_event:
        a, b = (int(v) for v in r["window"])
        days = by_rel[(by_rel.index >= a) & (by_rel.index <= b)]
        inw = base.index.isin(days.to_numpy())
        if not inw.any():
            continue
        d = base.index[inw]
        when = f"{d[0]:%d %b}" + (f"\u2013{d[-1]:%d %b}" if d[-1] != d[0] else "")
        windows.append((d[0], d[-1], f"window: {readable(r['id'])} ({when})"))
        if sig is not None:
            # from the close before the window (width 0), widening by sigma sqrt(j)
            k = int(np.argmax(inw))
            level = float(base.iloc[k - 1]) if k > 0 else 0.0
            j = np.arange(0 if k > 0 else 1, inw.sum() + 1)
            half = 1.96 * sig * np.sqrt(j)
            idx = base.index[k - 1:k].append(d) if k > 0 else d
            band = pd.DataFrame({"lo": level - half, "hi": level + half}, index=idx)
            tgt = r.get("portfolio") or (r["members"][0] if len(r["members"]) == 1 else {})
            ratio = tgt.get("vol_ratio")
            if ratio is not None and math.isfinite(ratio) and ratio > 1:
                # the verdict's volatility check: the same band scaled to recent volatility
                band["lo_recent"] = level - half * ratio
                band["hi_recent"] = level + half * ratio
            bands.append(band)
    who = subject(result, rec)
    title = (f"{who}: move beyond the normal return, added up from {day(base.index[0])}, "
             f"around \u201c{rec.get('event_title', rec['event_id'])}\u201d")
    return charts.headline_chart(
        paths, windows=windows, events=_events(result), bands=bands, title=title,
        ylabel="cumulative abnormal return, %", narrow=narrow)


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
    panels = _panels(result)
    more = f"; first {MAX_PANELS} of {len(panels)} panels" if len(panels) > MAX_PANELS else ""
    return charts.timeline_chart(
        prices, panels[:MAX_PANELS], labels, palette(result), _events(result),
        title=f"Prices around the events (100 = close before {day(first)}{more})",
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
