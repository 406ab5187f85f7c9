"""The report's "Further analyses" section: ``study.json["analyses"]`` as tables.

:mod:`eventstudy.pipeline.peers` computes the peers' analyses (long-run
BHARs and calendar-time alphas, abnormal volume and volatility, the classic
tests); this module only arranges them for the template partial
``analyses.html.j2``: readable asset names, one row per number a reader
compares, and the long-run caveats. Nothing here computes a statistic.
Every string reaches the page through jinja2's autoescaping.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from eventstudy.report.answer import Answer
from eventstudy.report.scale import MAX_MEMBER_ROWS, capped
from eventstudy.report.scale import names as scale_names
from eventstudy.report.words import pvalue

if TYPE_CHECKING:  # pragma: no cover
    from eventstudy.report._types import StudyResult

__all__ = ["further_analyses", "activity_answers", "activity_lead"]


def _labels(resolved: dict[str, Any]) -> dict[str, str]:
    return {a["ticker"]: a.get("label") or a["ticker"] for a in resolved.get("assets", [])}


def _p_rows(tests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per test: statistic, reference distribution and the three p-values."""
    out = []
    for t in tests:
        if not t:
            continue
        out.append({"name": t.get("name", ""), "computable": bool(t.get("computable")),
                    "statistic": t.get("statistic"), "distribution": t.get("distribution", ""),
                    "p_value": t.get("p_value"), "p_greater": t.get("p_greater"),
                    "p_less": t.get("p_less"), "n": t.get("n"),
                    "note": t.get("note") or t.get("reason") or ""})
    return out


def _long_run(lr: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    windows = [tuple(p["window"]) for p in lr.get("pooled", [])]
    by_pair: dict[tuple[str, str], dict[tuple[int, int], Any]] = {}
    for row in lr.get("bhar", []):
        by_pair.setdefault((row["event_id"], row["asset"]), {})[tuple(row["window"])] = row["bhar"]
    pooled = []
    for p in lr.get("pooled", []):
        sk = p.get("skewness_adjusted") or {}
        boot = p.get("bootstrap") or {}
        pooled.append({"window": p["window"], "n": p.get("n"), "n_past_data": p.get("n_past_data"),
                       "mean_bhar": p.get("mean_bhar"), "t": sk.get("statistic"),
                       "p": sk.get("p_value"), "note": sk.get("note") or sk.get("reason") or "",
                       "boot_p": boot.get("p_value") if boot.get("computable") else None,
                       "boot_note": ("" if boot.get("computable") else
                                     boot.get("reason", "not asked for" if not boot else ""))})
    ct = []
    for c in lr.get("calendar_time", []):
        se = c.get("se")
        ct.append({"model": c.get("model", ""), "alpha": c.get("alpha"),
                   "se_pct": "n/a" if se is None else f"{se * 100:.3f}%",
                   "t": c.get("t", c.get("statistic")), "p": c.get("pvalue", c.get("p_value")),
                   "n_days": c.get("n_days"), "mean_size": c.get("mean_size"),
                   "maxlags": c.get("maxlags"),
                   "note": c.get("reason", "") if c.get("computable") is False else "",
                   "assets": scale_names([names.get(t, t) for t in c.get("assets", [])])})
    bhar, bhar_left = capped([{"event_id": e, "asset": names.get(t, t),
                               "values": [v.get(w) for w in windows]}
                              for (e, t), v in by_pair.items()])
    return {"benchmark": lr.get("benchmark"), "caveats": lr.get("caveats", []),
            "windows": windows, "pooled": pooled, "calendar_time": ct,
            "bhar": bhar, "bhar_left": bhar_left,
            "error": " ".join(x for x in (lr.get("error"), lr.get("hint"),
                                         lr.get("calendar_time_error")) if x)}


def _volume(vol: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    rows = []
    for r in vol.get("rows", []):
        rows.append({"event_id": r["event_id"], "asset": names.get(r["asset"], r["asset"]),
                     "window": r.get("window"), "cav": r.get("cav"), "se": r.get("se"),
                     "t": r.get("t"), "p": r.get("p_value"), "ratio": r.get("volume_ratio"),
                     "error": r.get("error", "")})
    pooled = [{"event_id": p["event_id"], "window": p["window"], "n": p["n"],
               "mean_cav": p.get("mean_cav"), "test": _p_rows([p.get("test") or {}])}
              for p in vol.get("pooled", [])]
    rows, rows_left = capped(rows, lambda r: bool(r["error"]))
    return {"market": names.get(vol.get("market") or "", vol.get("market")), "rows": rows,
            "rows_left": rows_left, "pooled": pooled,
            "error": " ".join(x for x in (vol.get("error"), vol.get("hint")) if x)}


def _volatility(items: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for c in items:
        shown, left = capped(c.get("assets", []), limit=MAX_MEMBER_ROWS)
        out.append({"claim": c["claim"], "event_id": c["event_id"], "assets_left": left,
                    "assets": [{"asset": names.get(a["asset"], a["asset"]), "window": a["window"],
                                **_p_rows([a])[0]} for a in shown],
                    "pooled": _p_rows(list((c.get("pooled") or {}).values()))})
    return out


def _classic(items: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"claim": c["claim"], "event_id": c["event_id"], "window": c["window"],
             "assets": scale_names([names.get(t, t) for t in c.get("assets", [])]),
             "tests": _p_rows(c.get("tests", []))} for c in items]


def further_analyses(result: StudyResult) -> dict[str, Any] | None:
    """Arrange ``study.json["analyses"]`` for the report's "Further analyses" section.

    Parameters
    ----------
    result
        A study result whose ``resolved["analyses"]`` holds what
        :func:`eventstudy.pipeline.peers.run_analyses` returned.

    Returns
    -------
    dict or None
        ``long_run``, ``volume``, ``volatility``, ``classic`` (each present
        only when the study ran it) with asset tickers replaced by their
        names; None when the study ran no analysis.
    """
    resolved = result.resolved
    raw = resolved.get("analyses") or {}
    names = _labels(resolved)
    out: dict[str, Any] = {}
    if raw.get("long_run"):
        out["long_run"] = _long_run(raw["long_run"], names)
    if raw.get("volume"):
        out["volume"] = _volume(raw["volume"], names)
    if raw.get("volatility"):
        out["volatility"] = _volatility(raw["volatility"], names)
    if raw.get("classic"):
        out["classic"] = _classic(raw["classic"], names)
    return out or None


#: the verdict in words for claims about trading: (measure, direction) -> what "yes" is
_YES = {("volume", "up"): "unusually heavy trading", ("volume", "down"): "unusually light trading",
        ("volume", "any"): "unusual trading volume",
        ("volatility", "up"): "unusually volatile", ("volatility", "down"): "unusually calm",
        ("volatility", "any"): "unusual volatility"}


def activity_lead(measure: str, verdict: str, code: str, direction: str) -> str:
    """Say a volume or volatility verdict in words: ``Yes, unusually heavy trading``."""
    yes = _YES.get((measure, direction), "unusual trading")
    if verdict == "supported":
        return f"Yes, {yes}"
    if verdict == "contradicted":
        return "No, the opposite"
    if code == "missing":
        return "Cannot tell"
    return f"No, not {yes}" if direction != "any" else f"No {yes}"




def _price_words(rec: dict[str, Any]) -> str:
    """Say the claim's price move over the same window (not what it is judged on)."""
    car = (rec.get("price") or {}).get("car")
    if car is None:
        return "n/a"
    return (f"moved {car * 100:+.2f}% beyond normal over the same window (judged as a price "
            f"claim in the same direction: {rec.get('price_verdict', 'n/a')})")


def activity_answers(the_answers: list[Answer], records: Any) -> list[Answer]:
    """Give volume and volatility claims their own answer: lead, sentence and numbers.

    :func:`eventstudy.report.answer.answer` says how far the price moved; for
    a claim with ``measure: volume`` or ``volatility`` the words come from
    the record's ``activity`` block
    (:func:`eventstudy.pipeline.activity.judge_activity_claims`): the lead
    (``Yes, unusually heavy trading``), the sentence (how many times the
    normal volume, or how volatile), and "Why, in numbers"; the price's big
    move and the price rule's placebo caution are dropped. Return claims are
    returned unchanged.

    Parameters
    ----------
    the_answers
        Answers from :func:`eventstudy.report.answer.answers`.
    records
        The claim records (``claims.json``).

    Returns
    -------
    list of Answer
    """
    by_id = {r["id"]: r for r in records}
    out = []
    for a in the_answers:
        rec = by_id.get(a.id) or {}
        act = rec.get("activity")
        if not act or not act.get("sentence"):
            out.append(a)
            continue
        code = str(act.get("code") or "")
        lead = activity_lead(str(act.get("measure")), str(rec.get("verdict")), code,
                             str(rec.get("direction", "any")))
        text = str(act["sentence"])
        local = act.get("local") or {}
        test = act.get("test") or {}
        value = (f"= {test['statistic']:.2f} ({test.get('distribution', '')})"
                 if test.get("computable") else f"n/a ({test.get('reason', '')})")
        numbers = (("Verdict rule", str(rec.get("reason") or "")),
                   ("Test", f"{act.get('method', '')}: {test.get('name', '')} {value}"),
                   ("p-values (more / less)",
                    f"test {pvalue(test.get('p_greater'))} / {pvalue(test.get('p_less'))}; "
                    f"ordinary sessions nearby {pvalue(local.get('p_greater'))} / "
                    f"{pvalue(local.get('p_less'))}"),
                   ("The price, for context", _price_words(rec)))
        out.append(replace(a, lead=lead, sentence=f"{lead}: {text[:1].lower()}{text[1:]}",
                           big_move="", caution="", placebo="", numbers=numbers))
    return out
