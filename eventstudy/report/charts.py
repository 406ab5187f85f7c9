"""Inline SVG charts for the HTML report (matplotlib, deterministic output).

Every chart is returned as an ``<svg>`` string with no XML prolog, ready to be
embedded in the page. Output is byte-for-byte reproducible: a fixed
``svg.hashsalt`` (element ids), no ``Date`` metadata, text kept as text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

_RC = {
    "svg.hashsalt": "eventstudy",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "legend.fontsize": 7,
    "legend.frameon": False,
}
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
#: colour-blind-safe cycle (Okabe-Ito + greys)
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#F0E442", "#999999", "#882255", "#117733", "#44AA99", "#332288", "#AA4499",
           "#661100", "#6699CC", "#888888", "#DDCC77", "#117799", "#994455")


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.subplots


def to_svg(fig: Any) -> str:
    """Serialise a matplotlib figure to an inline ``<svg>`` string.

    Parameters
    ----------
    fig
        A ``matplotlib.figure.Figure``.

    Returns
    -------
    str
        The SVG element (prolog and DOCTYPE removed), deterministic.
    """
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = _PROLOG.sub("", buf.getvalue(), count=1)
    return text.replace("<svg ", '<svg class="chart" role="img" ', 1)


def timeline_chart(prices: pd.DataFrame, labels: Mapping[str, str], day0s: Mapping[str, Any],
                   markers: Iterable[tuple[pd.Timestamp, str]], *, title: str,
                   start: pd.Timestamp, end: pd.Timestamp, anchor: pd.Timestamp) -> str:
    """Normalised prices of all assets around one event, with event markers.

    Parameters
    ----------
    prices
        Price levels (index dates, columns tickers).
    labels
        Ticker -> legend label.
    day0s
        Calendar name -> that market's day 0 (drawn as a dot on the axis).
    markers
        (date, label) of every study / context event in range (dashed lines).
    title
        Chart title.
    start, end
        Date range shown.
    anchor
        Prices are normalised to 100 at the last close on or before this date.

    Returns
    -------
    str
        Inline SVG.
    """
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig, _ = _figure(9.0, 3.6)
        fig.subplots_adjust(left=0.07, right=0.74, top=0.9, bottom=0.2)
        ax = fig.add_subplot(1, 1, 1)
        frame = prices.loc[(prices.index >= start) & (prices.index <= end)]
        for i, col in enumerate(frame.columns):
            s = frame[col].dropna()
            base = prices[col].loc[:anchor].dropna()
            if s.empty or base.empty:
                continue
            ax.plot(s.index, 100 * s / base.iloc[-1], lw=1.0, color=PALETTE[i % len(PALETTE)],
                    label=labels.get(col, col))
        ymin, ymax = ax.get_ylim()
        for d, text in markers:
            if start <= d <= end:
                ax.axvline(d, color="#777777", lw=0.7, ls="--")
                ax.text(d, ymax, f" {text}", rotation=90, va="top", ha="left", fontsize=6,
                        color="#555555")
        for j, (cal, d) in enumerate(sorted(day0s.items())):
            ax.plot([pd.Timestamp(d)], [ymin + (ymax - ymin) * (0.04 + 0.05 * j)], marker="^",
                    ls="none", color=PALETTE[(j + 6) % len(PALETTE)], ms=6,
                    label=f"day 0 {cal}: {pd.Timestamp(d):%Y-%m-%d}")
        ax.set_ylim(ymin, ymax)
        ax.axhline(100, color="#bbbbbb", lw=0.5)
        ax.set_ylabel(f"price, 100 = close {anchor:%Y-%m-%d}")
        ax.set_title(title, loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), ncol=1)
        fig.autofmt_xdate()
        return to_svg(fig)


def ar_car_chart(panels: Sequence[tuple[str, pd.DataFrame]], *, window: tuple[int, int],
                 title: str) -> str:
    """Abnormal-return bars and CAR paths with 95 % bands, one panel per asset.

    Parameters
    ----------
    panels
        (label, frame) with columns ``rel_day``, ``abnormal_return``,
        ``ar_se`` and, optionally, ``car_path`` and ``car_path_se`` (the CAR
        cumulated from the start of the shown range and its exact SE).
    window
        The claim window (shaded).
    title
        Figure title.

    Returns
    -------
    str
        Inline SVG.
    """
    import matplotlib

    n = max(1, len(panels))
    cols = min(3, n)
    rows = int(np.ceil(n / cols))
    with matplotlib.rc_context(_RC):
        height = 2.1 * rows + 0.5
        fig, _ = _figure(3.0 * cols + 0.4, height)
        fig.subplots_adjust(left=0.08 if cols > 1 else 0.2, right=0.98, wspace=0.3,
                            hspace=0.75, top=1 - 0.45 / height, bottom=0.5 / height)
        axes = fig.subplots(rows, cols, squeeze=False)
        for k, ax in enumerate(axes.flat):
            if k >= n:
                ax.set_visible(False)
                continue
            label, df = panels[k]
            df = df.sort_values("rel_day")
            x = df["rel_day"].to_numpy()
            ar = 100 * df["abnormal_return"].to_numpy(float)
            ax.axvspan(window[0] - 0.5, window[1] + 0.5, color="#fdebd0", lw=0)
            ax.bar(x, ar, color=np.where(ar >= 0, "#0072B2", "#D55E00"), width=0.7,
                   label="AR")
            if "car_path" in df:
                car = 100 * df["car_path"].to_numpy(float)
                se = 100 * df["car_path_se"].to_numpy(float)
                ax.plot(x, car, color="black", lw=1.2, marker="o", ms=2.5, label="CAR")
                ax.fill_between(x, car - 1.96 * se, car + 1.96 * se, color="#999999",
                                alpha=0.3, lw=0, label="95% band")
            ax.axhline(0, color="#666666", lw=0.5)
            ax.set_title(label, loc="left")
            ax.set_xlabel("trading day relative to day 0")
            ax.set_ylabel("%")
            ax.set_xticks(x if len(x) <= 12 else x[:: max(1, len(x) // 8)])
        axes.flat[0].legend(loc="best")
        fig.suptitle(title, x=0.01, ha="left", fontsize=9)
        return to_svg(fig)
