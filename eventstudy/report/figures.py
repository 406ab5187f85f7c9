"""The report's figures, built from a :class:`~eventstudy.pipeline.result.StudyResult`.

One function per kind of chart, each returning a matplotlib ``Figure``; the
HTML report turns them into inline SVG and ``StudyResult.plot`` hands them to
research code.
"""

from __future__ import annotations

import math
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from eventstudy.report import charts
from eventstudy.report.answer import day, headline_ids, pct, readable, subject
from eventstudy.report.scale import MAX_LINES, NAMED

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


class _Index:
    """The report's lookups into one result, built once: rows by (event, target), fits, assets."""

    def __init__(self, result: StudyResult) -> None:
        ar = result.abnormal_returns
        keep = ar[ar["role"].isin(["primary", "portfolio"])]
        # (event, target) rows sorted by relative day: one stable sort, then positions
        self.rows = keep.sort_values(["event_id", "asset", "rel_day"], kind="stable")
        self.pos = self.rows.groupby(["event_id", "asset"], sort=False).indices
        self.fits = {(m["event_id"], m["asset"]): m
                     for m in result.resolved.get("model_params", [])}
        self.assets = {a["ticker"]: a for a in result.resolved.get("assets", [])}
        self.sessions: dict[str, pd.DatetimeIndex] = {}


_INDEX: dict[int, tuple[Any, _Index]] = {}


def _index(result: StudyResult) -> _Index:
    """Return the :class:`_Index` of ``result`` (cached while it lives; results are immutable)."""
    hit = _INDEX.get(id(result))
    if hit is not None and hit[0]() is result:
        return hit[1]
    idx = _Index(result)
    try:
        ref = weakref.ref(result)
    except TypeError:  # an object without weak references: no cache
        return idx
    for k in [k for k, (r, _) in _INDEX.items() if r() is None]:
        del _INDEX[k]
    _INDEX[id(result)] = (ref, idx)
    return idx


def _rows(result: StudyResult, event_id: str, target: str) -> pd.DataFrame:
    """Primary (or portfolio) abnormal-return rows of one target and event, by relative day."""
    ix = _index(result)
    pos = ix.pos.get((event_id, target))
    return ix.rows.iloc[pos if pos is not None else []]


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


def _returns(prices: pd.DataFrame, shown: pd.DatetimeIndex, kind: str) -> np.ndarray:
    """Compute many assets' returns on the sessions ``shown`` (a sessions x assets array).

    The arithmetic of :func:`~eventstudy.models.join.asset_returns`,
    column-wise: non-positive prices are missing, a session without a price
    gives NaN on it and the next session.
    """
    idx = pd.DatetimeIndex(prices.index)
    idx = (idx.tz_localize(None) if idx.tz is not None else idx).normalize()
    if idx.has_duplicates:
        raise ValueError("prices have more than one row for a date")
    frame = prices.set_axis(idx, axis=0).sort_index()
    p = frame.where(frame > 0).reindex(shown).to_numpy(float)
    prev = np.vstack([np.full((1, p.shape[1]), np.nan), p[:-1]])
    ratio = p / prev
    return ratio - 1.0 if kind == "simple" else np.log(ratio)


def _extended_many(result: StudyResult, event_id: str, tickers: list[str]
                   ) -> dict[str, pd.Series | None]:
    """Abnormal returns of many assets over the weeks around an event, by date.

    The run estimates abnormal returns only over the study's windows; the
    headline chart shows a few weeks either side. They come from the same
    fitted model (``model_params`` of the event and asset), the same
    returns (the arithmetic of :func:`~eventstudy.models.join.asset_returns`,
    column-wise, on the asset's sessions) and the same trade-to-trade
    benchmark join (:func:`~eventstudy.models.join.trade_to_trade`), and an
    asset's series is used only when it reproduces the run's own abnormal
    returns on every window day (to 1e-9); otherwise its entry is None (the
    chart keeps the run's window rows). Assets sharing a calendar and dates
    are computed together, so a group of hundreds costs about one asset.
    """
    from eventstudy.calendar import sessions
    from eventstudy.models.join import trade_to_trade

    ix = _index(result)
    prices = result.prices
    out: dict[str, pd.Series | None] = {t: None for t in tickers}
    cand = []
    for t in tickers:
        asset, fit = ix.assets.get(t), ix.fits.get((event_id, t))
        if asset is None or fit is None or fit["model"] not in _LINEAR or t not in prices:
            continue
        if fit["model"] != "constant_mean" and asset.get("benchmark") not in prices:
            continue
        if (event_id, t) in ix.pos:
            cand.append(t)
    if not cand:
        return out
    rows = ix.rows.iloc[np.concatenate([ix.pos[(event_id, t)] for t in cand])]
    rows = rows[rows["date"].notna()]
    firsts = rows.groupby("asset", sort=False).head(1).set_index("asset")
    lasts = rows.groupby("asset", sort=False)["date"].max()
    todo: dict[tuple[Any, ...], list[str]] = {}
    for t in firsts.index:
        day0: Any = firsts.at[t, "day0"] if "day0" in firsts else rows.loc[
            rows["asset"] == t, "date"].min()
        last: Any = lasts[t]
        key = (ix.assets[t]["calendar"], pd.Timestamp(day0), pd.Timestamp(last),
               ix.assets[t].get("benchmark"))
        todo.setdefault(key, []).append(t)
    kind = result.resolved.get("study", {}).get("data", {}).get("returns", "simple")
    lo, hi = prices.index.min(), prices.index.max()
    for (cal, day0, last, bench), items in todo.items():
        if cal not in ix.sessions:
            ix.sessions[cal] = pd.DatetimeIndex(sessions(cal, lo, hi), name="date")
        sess = ix.sessions[cal]
        i0, i1 = sess.searchsorted(day0), sess.searchsorted(last)
        shown = sess[max(0, i0 - _BEFORE - 1): i1 + _AFTER + 1]
        if len(shown) < 2:
            continue
        ar = _returns(prices[items], shown, kind)
        fits = [ix.fits[(event_id, t)] for t in items]
        m: Any = (trade_to_trade(prices[bench].dropna(), shown, kind).to_numpy(float)
                  if any(f["model"] != "constant_mean" for f in fits) else None)
        for j, fit in enumerate(fits):
            params = fit["params"]
            if fit["model"] == "constant_mean":
                ar[:, j] -= params.get("const") or 0.0
            elif fit["model"] == "market_adjusted":
                ar[:, j] -= m
            else:
                ar[:, j] -= (params.get("const") or 0.0) + (params.get("market") or 0.0) * m
        ar[0] = np.nan  # the first session has no return
        # the run's own window rows must be reproduced, asset by asset
        mine = rows[rows["asset"].isin(items)]
        col = pd.Index(items).get_indexer(pd.Index(mine["asset"]))
        at = shown.get_indexer(pd.DatetimeIndex(mine["date"].to_numpy()))
        check = np.where(at >= 0, ar[np.clip(at, 0, None), col], np.nan)
        ref = mine["abnormal_return"].to_numpy(float)
        both = np.isfinite(check) & np.isfinite(ref)
        worst = np.full(len(items), -1.0)  # -1: no day to compare
        np.maximum.at(worst, col[both], np.abs(check[both] - ref[both]))
        for j, t in enumerate(items):
            if 0 <= worst[j] <= 1e-9:
                s = pd.Series(ar[1:, j], index=shown[1:])
                out[t] = s[np.isfinite(ar[1:, j])]
    return out


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


def extremes(rec: dict[str, Any], k: int = NAMED) -> list[dict[str, Any]]:
    """Pick the ``k`` members with the largest and the ``k`` with the smallest CAR (extremes first).

    Members without a finite CAR are left out; a group of at most ``2 k``
    members gives them all, largest first.
    """
    ok = [m for m in rec.get("members") or []
          if isinstance(m.get("car"), (int, float)) and math.isfinite(m["car"])]
    ok.sort(key=lambda m: -m["car"])
    return ok if len(ok) <= 2 * k else ok[:k] + ok[-k:][::-1]


def many(rec: dict[str, Any]) -> bool:
    """Whether a claim has more members than a chart draws one by one (:data:`MAX_LINES`)."""
    return len(rec.get("members") or []) > MAX_LINES


def path_figure(result: StudyResult, claim: str | None = None, *, narrow: bool = False) -> Any:
    """Draw the headline chart: cumulative abnormal return paths on calendar dates.

    For the claim's targets (the group's average first, then its members) the
    abnormal returns over the weeks around the claim's event are cumulated
    from the first; the windows of the headline claims on that event are
    shaded, with the range of normal variation of the first target over each
    (path value before the window +- 1.96 sigma sqrt(j) after j sessions; a
    lighter band scales it by the volatility ratio of the 20 sessions before
    the window when that is above 1, the verdict's volatility check), and the
    study's events marked on their day 0. A group of more than
    :data:`MAX_LINES` members draws the average, the band of the
    middle 80% of the members' paths and the :data:`NAMED` members with the
    largest and the smallest CAR, named; every member is in ``car.csv``.

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
    return charts.headline_chart(**path_parts(result, claim), narrow=narrow)


def path_parts(result: StudyResult, claim: str | None = None) -> dict[str, Any]:
    """Gather the data of :func:`path_figure` (keyword arguments of :func:`charts.headline_chart`).

    Computed once for the report's laptop and phone versions of the chart.
    """
    rec = record(result, claim)
    colours = palette(result)
    heads = set(headline_ids(result)) | {rec["id"]}
    same_event = [r for r in result.claim_records
                  if r["event_id"] == rec["event_id"] and r["id"] in heads
                  and r["assets"] == rec["assets"]]
    members = [m["target"] for m in rec.get("members", [])]
    ext = _extended_many(result, rec["event_id"], members)
    frame = None
    if all(v is not None for v in ext.values()) and members:
        frame = pd.concat(ext, axis=1).dropna()
        ext_port = frame.mean(axis=1) if len(members) > 1 else None
    else:
        ext_port = None
    targets = _targets(rec)
    big = many(rec)
    if big:  # the average and the named extremes; the rest as a band
        ends = extremes(rec)  # largest first, then the smallest
        targets = [(t, lab) for t, lab in targets if t not in ext] + [
            (m["target"], f"{m['label']}: {'largest' if i < NAMED else 'smallest'} move, "
                          f"{pct(m['car'])}") for i, m in enumerate(ends)]
    paths = []
    for i, (target, label) in enumerate(targets):
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
        if big and not main:  # named extremes: blues and greens up, oranges and pinks down
            colour = charts.EXTREMES[(i - 1) % len(charts.EXTREMES)]
        paths.append((label, s, colour, "-" if main else charts.style(i)))
    if not paths:
        raise ValueError(f"claim {rec['id']!r} has no abnormal returns to draw")
    first_target = _targets(rec)[0][0]
    base = paths[0][1]
    spread = None
    if big and frame is not None and len(frame):
        cum = frame.cumsum()
        spread = pd.DataFrame({"lo": cum.quantile(0.1, axis=1), "hi": cum.quantile(0.9, axis=1)})
        spread.attrs["label"] = f"middle 80% of the {len(members)} members"
        spread.attrs["members"] = len(members)
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
    return {"paths": paths, "windows": windows, "events": _events(result), "bands": bands,
            "title": title, "ylabel": "cumulative abnormal return, %", "spread": spread}


def bars_figure(result: StudyResult, claim: str) -> Any:
    """Daily abnormal returns and the CAR over one claim's window, one panel per target.

    A group of more than :data:`MAX_LINES` members: the average's
    panel and one panel of the members' CARs, sorted, with their 95% ranges
    and the :data:`NAMED` largest and smallest named.

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
    big = many(rec)
    targets = [] if big else [(m["target"], m["label"]) for m in rec["members"]]
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
    ranks = None
    if big:  # hundreds of members: one panel of their CARs, sorted, extremes named
        ranks = pd.DataFrame([{k: m.get(k) for k in ("label", "car", "ci_low", "ci_high")}
                              for m in rec["members"]])
    if not panels and ranks is None:
        raise ValueError(f"claim {rec['id']!r} has no abnormal returns to draw")
    return charts.ar_car_chart(panels, window=(int(a), int(b)), ranks=ranks,
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
