"""The result of running a study: tidy frames, claim records and the resolved study."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from eventstudy.models.summary import Summary
from eventstudy.stats.results import test_label

#: exact leading columns of the tidy outputs (more may follow)
AR_COLUMNS: tuple[str, ...] = (
    "event_id", "asset", "date", "rel_day", "return", "benchmark_return",
    "expected_return", "abnormal_return", "ar_se",
)
CAR_COLUMNS: tuple[str, ...] = (
    "event_id", "asset", "day0", "window_start", "window_end", "car", "car_se", "t_stat",
    "p_value", "p_value_sq", "model", "alpha", "beta", "sigma", "n_estimation",
)
CLAIM_KEYS: tuple[str, ...] = (
    "id", "text", "event_id", "assets", "window", "direction", "verdict", "car", "p_value",
    "p_value_sq", "mde",
)


@dataclass(frozen=True)
class StudyResult:
    """Everything a study run produced.

    Attributes
    ----------
    abnormal_returns
        One row per event x asset x event-window day (columns
        :data:`AR_COLUMNS` first, then ``model``, ``role``, ``day0``).
        ``role`` is ``primary``, ``alternative`` (robustness model) or
        ``portfolio`` (a group's equal-weighted portfolio).
    cars
        One row per event x asset x window x role (columns
        :data:`CAR_COLUMNS` first, then ``rel_start``, ``rel_end``, ``ci_low``,
        ``ci_high``, ``r2``, ``n_excluded``, ``vol_ratio`` (20 sessions
        before the row's window), ``vol_ratio_day0`` (20 sessions before day
        0, as in the diagnostics table and the volatility warning), ``role``...).
    claims
        One row per claim x judged target (each asset, and the group's
        portfolio when one was formed), with raw and Benjamini-Hochberg
        adjusted p-values.
    claim_records
        The ``claims.json`` payload: one dict per claim (keys
        :data:`CLAIM_KEYS` first).
    resolved
        The ``study.json`` payload: the study as written, every day 0 and
        its reason, every window's dates, diagnostics, data provenance and
        package versions.
    prices
        Price levels used for the timeline charts (index ``date``, columns tickers).
    warnings
        Warnings raised while running, as text.
    out
        Folder the files were written to, if any.
    elapsed
        Wall time of the run in seconds.
    """

    abnormal_returns: pd.DataFrame
    cars: pd.DataFrame
    claims: pd.DataFrame
    claim_records: tuple[dict[str, Any], ...]
    resolved: dict[str, Any]
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: tuple[str, ...] = ()
    out: Path | None = None
    elapsed: float = float("nan")

    @property
    def title(self) -> str:
        """The study's title."""
        return str(self.resolved.get("study", {}).get("title", "event study"))

    # ------------------------------------------------------------------ output
    def to_html(self, path: str | Path | None = None) -> str:
        """Render the self-contained HTML report; write it to ``path`` if given.

        Parameters
        ----------
        path
            Output file (created with its parent folder), or None.

        Returns
        -------
        str
            The HTML document.
        """
        from eventstudy.report import render_html

        html = render_html(self)
        if path is not None:
            p = Path(path)
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(html, encoding="utf-8")
        return html

    def summary(self) -> Summary:
        """One-screen summary of the claim verdicts (``str()`` is the text).

        Returns
        -------
        Summary
            Title = the study's title; one note line per claim: verdict, CAR,
            p-values (t and SQ) and MDE, plus members that disagree with a
            group verdict, data issues and confounders; ``as_text()``,
            ``as_html()``. The frames are :attr:`cars`, :attr:`abnormal_returns`
            and :attr:`claims`.
        """
        lines: list[str] = []
        width = max((len(str(r["id"])) for r in self.claim_records), default=10)
        for r in self.claim_records:
            act = r.get("activity")
            if act:  # a volume/volatility claim: its own statistic, not a CAR
                t = act.get("test") or {}
                stat = f"{t['statistic']:.2f}" if t.get("computable") else "n/a"
                name = test_label(str(t.get("test") or t.get("name", "")))
                name = name if act["measure"] in name else f"{act['measure']} {name}"
                lines.append(f"{r['id']:<{width}}  {r['verdict'].upper():<13} {name} = {stat} "
                             f"p={_p(act.get('p_value'))}  [{r['window_label']}]")
                continue
            lines.append(
                f"{r['id']:<{width}}  {r['verdict'].upper():<13} CAR {_pct(r['car'])}  "
                f"p(t)={_p(r['p_value'])} p(SQ)={_p(r['p_value_sq'])}  "
                f"MDE {_mde(r['mde'], r['direction'])}"
                f"  [{r['window_label']}, {r['method']}]"
            )
            for m in r.get("members", []):
                if m.get("disagrees"):
                    lines.append(f"{'':<{width}}    {m['target']}: {m['verdict']} "
                                 f"(CAR {_pct(m['car'])})")
            for msg in r.get("data_issues", []):
                lines.append(f"{'':<{width}}    data: {msg}")
            if r.get("confounders"):
                ids = ", ".join(c["id"] for c in r["confounders"])
                lines.append(f"{'':<{width}}    confounded by: {ids}")
        return Summary(self.title, (), tuple(lines))

    def __str__(self) -> str:
        return str(self.summary())

    def to_markdown(self) -> str:
        """Return the answers and the verdict table in Markdown (``summary.md``).

        Returns
        -------
        str
            One plain-language answer per claim (headline claims first), a
            verdict table and the numbers' provenance, text escaped for Markdown.
        """
        from eventstudy.report.markdown import to_markdown

        return to_markdown(self)

    def plot(self, claim: str | None = None, kind: str = "path") -> Any:
        """Draw a chart of the report as a matplotlib Figure, for research code.

        Parameters
        ----------
        claim
            Claim id; None for the first headline claim (``headline: true``,
            else the first claim).
        kind
            ``"path"``: cumulative abnormal returns of the claim's assets on
            calendar dates, events marked, claim windows shaded and the band
            of normal variation (the report's headline chart);
            ``"bars"``: daily abnormal returns and the CAR over the window,
            one panel per asset; ``"timeline"``: prices of every asset
            around all events, one panel per group (``claim`` is ignored).

        Returns
        -------
        matplotlib.figure.Figure
            A figure with its own SVG canvas (no pyplot state); save it with
            ``fig.savefig("x.png")`` or show it in a notebook.

        Raises
        ------
        KeyError
            Unknown claim id.
        ValueError
            Unknown kind, or nothing to draw.
        """
        from eventstudy.report.figures import figure

        return figure(self, claim, kind)

    def __repr__(self) -> str:
        n_pairs = len(self.cars[["event_id", "asset"]].drop_duplicates()) if len(self.cars) else 0
        return (f"<StudyResult {self.title!r}: {len(self.claim_records)} claims, {n_pairs} "
                f"(event, asset/portfolio) estimates, {len(self.warnings)} warnings; frames: "
                ".cars, .abnormal_returns, .claims; .summary(), .to_html(path), .plot()>")

    def _repr_html_(self) -> str:
        """Show the answer block (plain-language sentences) in Jupyter."""
        from eventstudy.report import render_summary_html

        return render_summary_html(self)


def _pct(x: Any) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "   n/a "
    return f"{v * 100:+6.2f}%" if math.isfinite(v) else "   n/a "


def _mde(x: Any, direction: str) -> str:
    s = _pct(x)
    return s.replace("+", "\u00b1") if direction == "any" else s


def _p(x: Any) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return " n/a "
    return f"{v:.3f}" if math.isfinite(v) else " n/a "
