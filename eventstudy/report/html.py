"""Render a :class:`~eventstudy.pipeline.result.StudyResult` as one self-contained HTML file.

The page makes no external request of any kind: styles are inline, charts
are inline SVG, there are no scripts, fonts or images from elsewhere.
Templates use jinja2 with autoescaping on, so every string that comes from a
study file (titles, claim text, names, notes) is escaped.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from eventstudy.report import charts

if TYPE_CHECKING:  # pragma: no cover
    from eventstudy.pipeline.result import StudyResult

#: days shown around day 0 in the AR/CAR panels, beyond the claim window
_PAD = 3


def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("eventstudy.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    env.filters["pv"] = _pv
    env.filters["wl"] = window_label
    env.filters["mde"] = mde_label
    return env


def _finite(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _pct(x: Any, digits: int = 2) -> str:
    v = _finite(x)
    return "n/a" if v is None else f"{v * 100:+.{digits}f}%"


def _num(x: Any, digits: int = 3) -> str:
    v = _finite(x)
    return "n/a" if v is None else f"{v:.{digits}g}"


def _pv(x: Any) -> str:
    v = _finite(x)
    if v is None:
        return "n/a"
    return "<0.001" if v < 0.001 else f"{v:.3f}"


def mde_label(x: Any, direction: str) -> str:
    """MDE with the claimed direction's sign (``-3.1%`` for down, ``±3.1%`` for any)."""
    v = _finite(x)
    if v is None:
        return "n/a"
    return f"\u00b1{abs(v) * 100:.2f}%" if direction == "any" else _pct(v)


def window_label(w: Any) -> str:
    """``[0, +1]`` style label for a window."""
    a, b = (int(v) for v in w)
    return f"[{a:+d}, {b:+d}]".replace("+0", "0")


def _markup(svg: str) -> Any:
    from markupsafe import Markup

    return Markup(svg)  # noqa: S704 - produced by matplotlib, text XML-escaped by it


def _ar_panels(result: StudyResult, record: dict[str, Any]) -> list[tuple[str, pd.DataFrame]]:
    """AR/CAR panels for one claim: each target's AR bars and CAR path."""
    ar = result.abnormal_returns
    a, b = record["window"]
    lo, hi = min(a, -1) - _PAD, max(b, 1) + _PAD
    targets = [(m["target"], m["label"]) for m in record["members"]]
    if record.get("portfolio"):
        targets.insert(0, (record["portfolio"]["target"], record["portfolio"]["label"]))
    panels = []
    for target, label in targets:
        df = ar[(ar["event_id"] == record["event_id"]) & (ar["asset"] == target)
                & (ar["role"].isin(["primary", "portfolio"]))]
        df = df[(df["rel_day"] >= lo) & (df["rel_day"] <= hi)].sort_values("rel_day").copy()
        if df.empty:
            continue
        # CAR path over the claim window; exact SE path from the CAR table when
        # available, else the sum of AR variances (stated in the methods)
        inwin = (df["rel_day"] >= a) & (df["rel_day"] <= b)
        path = df["abnormal_return"].where(inwin, 0.0).cumsum().where(df["rel_day"] >= a)
        se = (df["ar_se"] ** 2).where(inwin, 0.0).cumsum().pow(0.5).where(df["rel_day"] >= a)
        df["car_path"] = path.where(df["rel_day"] <= b)
        df["car_path_se"] = se.where(df["rel_day"] <= b)
        panels.append((label, df))
    return panels


def _timeline(result: StudyResult, event: dict[str, Any]) -> str | None:
    prices = result.prices
    if prices is None or prices.empty:
        return None
    day0s: dict[str, Any] = {}
    for al in event["alignments"]:
        day0s.setdefault(al["calendar"], pd.Timestamp(al["day0"]))
    if not day0s:
        return None
    anchor_day = min(day0s.values())
    start = anchor_day - pd.Timedelta(days=35)
    end = max(pd.Timestamp(al["last_day"]) for al in event["alignments"]) + pd.Timedelta(days=14)
    markers = []
    for ev in result.resolved.get("events", []) + result.resolved.get("context_events", []):
        markers.append((pd.Timestamp(ev["start"]), ev["id"]))
    labels = {a["ticker"]: a["label"] for a in result.resolved.get("assets", [])}
    cols = [c for c in prices.columns if c in labels]
    return charts.timeline_chart(
        prices[cols], labels, day0s, markers, title=f"{event['id']}: {event['title']}",
        start=start, end=end, anchor=anchor_day - pd.Timedelta(days=1),
    )


def build_context(result: StudyResult) -> dict[str, Any]:
    """Everything the template needs, charts rendered to inline SVG.

    Parameters
    ----------
    result
        A study result.

    Returns
    -------
    dict
        Template context.
    """
    resolved = result.resolved
    claim_charts = {}
    for rec in result.claim_records:
        panels = _ar_panels(result, rec)
        if panels:
            claim_charts[rec["id"]] = _markup(charts.ar_car_chart(
                panels, window=tuple(rec["window"]),
                title=f"{rec['id']}: abnormal returns and CAR, "
                      f"window {window_label(rec['window'])}"))
    timelines = {}
    for ev in resolved.get("events", []):
        svg = _timeline(result, ev)
        if svg:
            timelines[ev["id"]] = _markup(svg)
    diag = result.cars
    if not diag.empty:
        diag = (diag[diag["role"].isin(["primary", "portfolio"])]
                .drop_duplicates(["event_id", "asset"]).sort_values(["event_id", "asset"]))
        diag = diag.assign(estimation=[_span(a, b) for a, b in
                                       zip(diag["estimation_start"], diag["estimation_end"],
                                           strict=True)],
                           n_estimation=diag["n_estimation"].map(_int),
                           n_excluded=diag["n_excluded"].map(_int),
                           vol_ratio=diag["vol_ratio_day0"])  # before day 0, like the warning
    return {
        "r": result,
        "study": resolved.get("study", {}),
        "resolved": resolved,
        "claims": result.claim_records,
        "claim_charts": claim_charts,
        "timelines": timelines,
        "diagnostics": diag.to_dict("records") if not diag.empty else [],
        "provenance": resolved.get("provenance", []),
        "versions": resolved.get("versions", {}),
        "counts": _counts(result.claim_records),
        "asset_issues": _asset_issues(resolved),
        "event_groups": {ev["id"]: group_alignments(ev["alignments"])
                         for ev in resolved.get("events", [])},
        "span": _window_span(resolved.get("study", {})),
    }


def _int(x: Any) -> str:
    v = _finite(x)
    return "n/a" if v is None else f"{int(round(v))}"


def _span(a: Any, b: Any) -> str:
    """``YYYY-MM-DD – YYYY-MM-DD`` or a note when the row has no own estimation window."""
    if pd.isna(a) or pd.isna(b):
        return "members' own windows"
    return f"{pd.Timestamp(a):%Y-%m-%d} \u2013 {pd.Timestamp(b):%Y-%m-%d}"


def _window_span(study: dict[str, Any]) -> list[int] | None:
    """Union ``[min a, max b]`` of the study's event windows and claim windows."""
    ws = [w for w in study.get("event_windows", [])] + [c["window"] for c in
                                                         study.get("claims", [])]
    if not ws:
        return None
    return [min(int(w[0]) for w in ws), max(int(w[1]) for w in ws)]


def group_alignments(alignments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse an event's per-asset rows that share calendar, day 0, reason and windows.

    Parameters
    ----------
    alignments
        ``study.json`` alignment rows of one event.

    Returns
    -------
    list of dict
        One row per distinct (calendar, day 0, reason, window dates), with the
        asset labels that share it under ``labels``.
    """
    out: dict[Any, dict[str, Any]] = {}
    for al in alignments:
        key = (al["calendar"], al["day0"], al["reason"],
               tuple((tuple(w["window"]), w["start"], w["end"]) for w in al["windows"]))
        if key not in out:
            out[key] = {**al, "labels": []}
        out[key]["labels"].append(al["label"])
    return list(out.values())


def _asset_issues(resolved: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(event, asset) -> data-sanity messages, for the diagnostics rows."""
    out: dict[tuple[str, str], list[str]] = {}
    for i in resolved.get("data_issues", []):
        msgs = out.setdefault((i["event_id"], i["asset"]), [])
        if i["message"] not in msgs:
            msgs.append(i["message"])
    return out


def _counts(records: Any) -> dict[str, int]:
    out = {"supported": 0, "not supported": 0, "contradicted": 0}
    for r in records:
        out[r["verdict"]] = out.get(r["verdict"], 0) + 1
    return out


def render_html(result: StudyResult) -> str:
    """Render the full self-contained report as a string.

    Parameters
    ----------
    result
        A study result.

    Returns
    -------
    str
        An HTML5 document.
    """
    return _env().get_template("report.html.j2").render(**build_context(result))


def render_summary_html(result: StudyResult) -> str:
    """Verdict table only (for notebooks' ``_repr_html_``).

    Parameters
    ----------
    result
        A study result.

    Returns
    -------
    str
        An HTML fragment.
    """
    ctx = {"claims": result.claim_records, "study": result.resolved.get("study", {})}
    return _env().get_template("summary.html.j2").render(**ctx)
