"""Render a :class:`~eventstudy.pipeline.result.StudyResult` as one self-contained HTML file.

The page makes no external request of any kind: styles are inline, charts
are inline SVG, there are no scripts, fonts or images from elsewhere.
Templates use jinja2 with autoescaping on, so every string that comes from a
study file (titles, claim text, names, notes) is escaped.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.report import charts, figures, scale
from eventstudy.report._types import StudyResult
from eventstudy.report.analyses import activity_answers, further_analyses
from eventstudy.report.answer import MAX_SENTENCES, answers, day, headline_ids, readable
from eventstudy.report.words import pvalue


@functools.cache
def _env() -> Any:
    """Make the jinja2 environment, once per process (templates compiled once)."""
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
    env.filters["pv"] = pvalue
    env.filters["wl"] = window_label
    env.filters["mde"] = mde_label
    env.filters["readable"] = readable
    env.filters["longday"] = _longday
    env.filters["shortday"] = _shortday
    env.filters["names"] = scale.names
    env.filters["counts"] = scale.verdict_counts
    return env


def _longday(x: Any) -> str:
    """``Thursday 27 Dec 2018`` (the text unchanged when it is not a date)."""
    try:
        return day(x)
    except (TypeError, ValueError):
        return str(x)


def _shortday(x: Any) -> str:
    """``Thu 27 Dec`` (the text unchanged when it is not a date)."""
    try:
        t = pd.Timestamp(x)
    except (TypeError, ValueError):
        return str(x)
    return str(x) if pd.isna(t) else f"{t:%a} {t.day} {t:%b %Y}"


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


#: bar charts drawn for at most this many headline claims (the rest: ``res.plot``)
MAX_CLAIM_CHARTS = 6


def _svg(fig: Any) -> Any:
    return _markup(charts.to_svg(fig))


def build_context(result: StudyResult) -> dict[str, Any]:
    """Everything the template needs, charts rendered to inline SVG.

    Charts are drawn only for what a reader looks at: the headline chart
    (the first headline claim's event), the daily abnormal returns of each
    headline claim and one timeline of all events in small multiples. Other
    claims are one answer line or, in a large study, a row of a compact table.

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
    heads = headline_ids(result)
    the_answers = activity_answers(answers(result), result.claim_records)
    headline_chart, headline_note = None, ""
    if heads:
        try:  # a laptop and a phone layout of the same data; CSS shows one
            parts = figures.path_parts(result, heads[0])
            if parts["spread"] is not None:
                headline_note = (
                    f"Purple: the middle 80% of the {parts['spread'].attrs['members']} "
                    f"members\u2019 paths; the {scale.NAMED} largest and {scale.NAMED} smallest "
                    "moves over the window are drawn and named; every member\u2019s numbers "
                    "are in car.csv.")
            headline_chart = _markup(
                '<div class="only-wide">' + charts.to_svg(charts.headline_chart(**parts))
                + '</div><div class="only-narrow">'
                + charts.to_svg(charts.headline_chart(**parts, narrow=True)) + "</div>")
        except (KeyError, ValueError):
            headline_chart = None
    claim_charts = {}
    for cid in heads[:MAX_CLAIM_CHARTS]:  # a study marking many headlines stays fast
        try:
            claim_charts[cid] = _svg(figures.bars_figure(result, cid))
        except (KeyError, ValueError):
            continue
    try:
        timeline = _svg(figures.timeline_figure(result))
    except ValueError:
        timeline = None
    issues = _asset_issues(resolved)
    diag_rows, diag_left = _diagnostics(result.cars, issues)
    by_id = {a.id: a for a in the_answers}
    small = len(the_answers) <= MAX_SENTENCES
    prov_rows, prov_left = scale.capped(
        resolved.get("provenance", []),
        lambda p: (p.get("missing_sessions", "none") != "none"
                   or p.get("extra_rows", "none") != "none"))
    others = [c for c in result.claim_records if c["id"] not in heads]
    return {
        "r": result,
        "study": resolved.get("study", {}),
        "resolved": resolved,
        "claims": result.claim_records,
        "answers": the_answers,
        "answer_of": by_id,
        "sentences": [a for a in the_answers if small or a.headline],
        # findings first: claims whose verdict is not a "not ..." come before the rest
        "compact": [] if small else sorted(
            (a for a in the_answers if not a.headline),
            key=lambda a: a.verdict.lower().startswith("not")),
        "records": {r["id"]: r for r in result.claim_records},
        "headline_ids": heads,
        "headline_chart": headline_chart,
        "claim_charts": claim_charts,
        "timeline": timeline,
        "diagnostics": diag_rows,
        "diagnostics_left": diag_left,
        "provenance": prov_rows,
        "provenance_left": prov_left,
        "versions": resolved.get("versions", {}),
        "counts": _counts(result.claim_records),
        "asset_issues": issues,
        # what a claim card shows of a large group (scale.py): rows and a note on the rest
        "member_rows": {c["id"]: scale.members_shown(c) for c in result.claim_records},
        "robustness_rows": {c["id"]: scale.robustness_shown(c) for c in result.claim_records},
        "disagreement_notes": {c["id"]: scale.disagreement_shown(c)
                               for c in result.claim_records},
        "headline_note": headline_note,
        "max_lines": scale.MAX_LINES,
        "others": others[:scale.MAX_CARDS],
        "others_left": len(others) - len(others[:scale.MAX_CARDS]),
        "n_others": len(others),
        "event_groups": {ev["id"]: group_alignments(ev["alignments"])
                         for ev in resolved.get("events", [])},
        "span": _window_span(resolved.get("study", {})),
        "further": further_analyses(result),  # "Further analyses" (report/analyses.py)
    }


def _diagnostics(cars: pd.DataFrame, issues: dict[tuple[str, str], list[str]]
                 ) -> tuple[list[dict[str, Any]], int]:
    """Rows of the diagnostics table (one per event x asset), capped for a large study.

    Beyond :data:`scale.MAX_TABLE_ROWS` rows: the group portfolios and the
    rows with a data warning or a vol ratio above 1.5, then the first others
    (table order). Returns the rows and how many were left out.
    """
    if cars.empty:
        return [], 0
    diag = (cars[cars["role"].isin(["primary", "portfolio"])]
            .drop_duplicates(["event_id", "asset"]).sort_values(["event_id", "asset"]))
    vr = pd.to_numeric(diag["vol_ratio_day0"], errors="coerce").to_numpy(float)
    flag = (diag["asset"].astype(str).str.startswith("portfolio:").to_numpy()
            | np.array([k in issues for k in zip(diag["event_id"], diag["asset"], strict=True)],
                       dtype=bool)
            | (np.nan_to_num(vr) > 1.5))
    keep, left = scale.capped(range(len(diag)), lambda i: flag[i])
    diag = diag.iloc[keep]
    diag = diag.assign(estimation=[_span(a, b) for a, b in
                                   zip(diag["estimation_start"], diag["estimation_end"],
                                       strict=True)],
                       n_estimation=diag["n_estimation"].map(_int),
                       n_excluded=diag["n_excluded"].map(_int),
                       vol_ratio=diag["vol_ratio_day0"])  # before day 0, like the warning
    return [{str(k): v for k, v in d.items()} for d in diag.to_dict("records")], left


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
    out: dict[str, int] = {}
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
    """Render the answer block (for notebooks' ``_repr_html_``).

    Parameters
    ----------
    result
        A study result.

    Returns
    -------
    str
        An HTML fragment.
    """
    the_answers = activity_answers(answers(result), result.claim_records)
    small = len(the_answers) <= MAX_SENTENCES
    ctx = {"claims": result.claim_records, "study": result.resolved.get("study", {}),
           "sentences": [a for a in the_answers if small or a.headline],
           "compact": [] if small else [a for a in the_answers if not a.headline],
           "answer_of": {a.id: a for a in the_answers}}
    return _env().get_template("notebook.html.j2").render(**ctx)
