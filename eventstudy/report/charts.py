r"""Charts of the report and of ``StudyResult.plot`` (matplotlib, deterministic SVG).

Every chart is built as a :class:`matplotlib.figure.Figure` with its own SVG
canvas (no pyplot, no global backend switch, no change to the global
rcParams: styles apply through :func:`matplotlib.rc_context`). ``to_svg``
serialises it to an inline ``<svg>`` string, byte-for-byte reproducible: a
fixed ``svg.hashsalt``, no ``Date`` metadata, text kept as text.

Text is text: every label may come from a study file, so no text artist is
ever parsed as mathtext (``parse_math=False`` on each one) and TeX is off;
``$``, ``\``, ``_``, ``^`` and braces are drawn as typed, and matplotlib
XML-escapes ``<``/``&`` in the SVG. Time axes show calendar dates.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from eventstudy.report.scale import MAX_LINES, NAMED

_RC: dict[str, Any] = {
    "svg.hashsalt": "eventstudy",
    "svg.fonttype": "none",
    "text.usetex": False,
    "text.parse_math": False,  # every text artist made while drawing: plain text
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titlelocation": "left",
    "axes.titley": 1.0,  # titles at the top (no search for top tick labels: there are none)
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
}
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
#: colour-blind-safe cycle (Okabe-Ito first, then Tol's muted), one colour per asset
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
           "#117733", "#44AA99", "#332288", "#AA4499", "#661100", "#6699CC", "#999933",
           "#888888", "#DDCC77", "#117799", "#994455", "#000000")
#: the named largest (blue, green, sky) and smallest (vermillion, orange, purple) members
EXTREMES = ("#0072B2", "#009E73", "#56B4E9", "#D55E00", "#E69F00", "#882255")
#: a panel of more members than this draws their marks as one embedded raster image
RASTER_ABOVE = 1000
#: line styles, so lines stay apart in greyscale
STYLES = ("-", "--", ":", "-.")
#: main target of a chart (the verdict's portfolio or asset)
MAIN = "#000000"
_SHADE = "#cfe3f3"
#: claim windows of the headline chart (light blue, light sand: apart in greyscale too)
_SHADES = ("#cfe3f3", "#f6e3c2", "#dcefdc")
_BAND = "#bdbdbd"
#: the spread of a large group's members (light purple: apart from the grey bands)
_SPREAD = "#c9b3d9"


def colours(tickers: Sequence[str]) -> dict[str, str]:
    """One colour per asset, stable across every chart of a report (study order)."""
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(tickers)}


def style(i: int) -> str:
    """Line style of the ``i``-th line of a panel."""
    return STYLES[i % len(STYLES)]


_DEPTH = [0]  # nesting of _context: the rc and warning filters are set once


@contextmanager
def _context() -> Iterator[None]:
    if _DEPTH[0]:
        yield
        return
    import matplotlib

    with matplotlib.rc_context(_RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # text with characters the font lacks (emoji, some scripts) is still
        # written as text in the SVG; the browser draws it with its own fonts
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*does not support.*", category=UserWarning)
        _DEPTH[0] += 1
        try:
            yield
        finally:
            _DEPTH[0] -= 1


def new_figure(width: float, height: float) -> Any:
    """Make a Figure with its own SVG canvas (no pyplot state, no backend switch)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with _context():
        fig = Figure(figsize=(width, height))
    FigureCanvasSVG(fig)
    return fig


def plain_text(fig: Any) -> Any:
    """Switch mathtext off on every text artist of ``fig`` (titles, labels, legends)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        t.set_parse_math(False)
        t.set_usetex(False)
    return fig


def _plain(fig: Any) -> bool:
    """Whether every text artist made so far has maths off (our charts: made under ``_RC``).

    Looks at the figure's and axes' own texts, titles, axis labels and
    legends without creating tick labels (those are made while drawing,
    under ``text.parse_math: False``); when any is not plain (a figure made
    elsewhere) :func:`plain_text` walks the whole figure.
    """
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label,
                  *ax.texts]
        leg = ax.get_legend()
        if leg is not None:
            texts += [*leg.get_texts(), leg.get_title()]
    return all(not t.get_usetex() and not t._parse_math for t in texts)


def to_svg(fig: Any) -> str:
    """Serialise a figure to an inline ``<svg>`` string (prolog removed, deterministic).

    Parameters
    ----------
    fig
        A ``matplotlib.figure.Figure``.

    Returns
    -------
    str
        The SVG element.
    """
    buf = io.StringIO()
    with _context():
        if not _plain(fig):
            plain_text(fig)
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = _PROLOG.sub("", buf.getvalue(), count=1)
    return text.replace("<svg ", '<svg class="chart" role="img" ', 1)


def _date_axis(ax: Any, start: pd.Timestamp, end: pd.Timestamp, *,
               narrow: bool = False) -> None:
    """Calendar dates on the x axis: ticks on Mondays for spans over three weeks.

    ``narrow`` (a panel of a small-multiple chart): day and month only, and
    half as many ticks.
    """
    import matplotlib.dates as mdates

    days = (end - start).days * (2 if narrow else 1)
    if days > 180:  # about eight month ticks at most (four in a narrow panel)
        loc: Any = mdates.MonthLocator(interval=max(1, int(np.ceil(days / 30.4 / 8))))
        fmt = "%b %Y"
    elif days > 21:
        loc = mdates.WeekdayLocator(byweekday=mdates.MO, interval=1 if days <= 63 else 2)
        fmt = "%d %b" if narrow else "%a %d %b"
    else:  # a few weeks: weekdays only (no ticks on weekends without sessions)
        loc = mdates.WeekdayLocator(byweekday=(mdates.MO, mdates.TU, mdates.WE, mdates.TH,
                                               mdates.FR), interval=max(1, days // 10))
        fmt = "%d %b" if narrow else "%a %d %b"
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    ax.set_xlim(start, end)


def _label_events(ax: Any, events: Sequence[tuple[pd.Timestamp, str, bool]],
                  start: pd.Timestamp, end: pd.Timestamp, *, labels: bool = True,
                  numbers: bool = False) -> int:
    """Dashed lines for events; labels above the axes in rows so none overlap.

    ``numbers``: label each study event with its number (1, 2, ... in date
    order) instead of its text, for panels of a small-multiple chart.
    Returns the number of label rows used (the caller leaves room for them).
    """
    if numbers:
        marked = sorted(d for d, _, s in events if s and start <= d <= end)
        for d, _, s in events:
            if start <= d <= end:
                ax.axvline(d, color="#444444" if s else "#999999", lw=0.8 if s else 0.6,
                           ls="--" if s else ":", zorder=1)
        last = None
        for i, d in enumerate(marked, 1):
            close = last is not None and (d - last).days < max(3, (end - start).days // 25)
            ax.annotate(str(i), xy=(d, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(0, 2 + (9 if close else 0)), textcoords="offset points",
                        fontsize=7, ha="center", va="bottom", annotation_clip=False,
                        color="#222222")
            last = d if not close else None
        return 1
    span = max((end - start).days, 1)
    width_px = ax.figure.get_figwidth() * ax.get_position().width * 72
    char = 5.2 / width_px * span  # days per character at 8 pt
    rows: list[float] = []  # right edge (days from start) of the last label in each row
    for d, text, study in sorted(events, key=lambda e: e[0]):
        if not (start <= d <= end):
            continue
        ax.axvline(d, color="#444444" if study else "#999999", lw=0.9 if study else 0.6,
                   ls="--" if study else ":", zorder=1)
        if not labels or not study:
            continue
        x0 = (d - start).days
        w = char * (len(text) + 1)
        right_aligned = x0 + w > span
        left = x0 - w if right_aligned else x0
        row = next((i for i, edge in enumerate(rows) if left > edge + char), len(rows))
        if row == len(rows):
            rows.append(-1e9)
        rows[row] = x0 if right_aligned else x0 + w
        ax.annotate(text, xy=(d, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(-2 if right_aligned else 2, 4 + 11 * row),
                    textcoords="offset points", fontsize=8, color="#222222",
                    ha="right" if right_aligned else "left", va="bottom",
                    annotation_clip=False, parse_math=False)
    return len(rows)


def headline_chart(paths: Sequence[tuple[str, pd.Series, str, str]], *,
                   windows: Sequence[tuple[pd.Timestamp, pd.Timestamp, str]],
                   events: Sequence[tuple[pd.Timestamp, str, bool]],
                   bands: Sequence[pd.DataFrame], title: str, ylabel: str,
                   narrow: bool = False, spread: pd.DataFrame | None = None) -> Any:
    """Cumulative abnormal return paths on calendar dates, events marked, window shaded.

    Parameters
    ----------
    paths
        ``(label, series, colour, linestyle)``; each series is a cumulative
        abnormal return (fraction) indexed by session date. The first path is
        the verdict's target and is drawn thickest.
    windows
        ``(first day, last day, label)`` of each claim window (shaded).
    events
        ``(date, label, is_study_event)``: study events are labelled, context
        events only drawn as dotted lines.
    bands
        Frames with columns ``lo``, ``hi`` (fractions) indexed by date: the
        range of normal variation of the first path over each window (grey);
        optional ``lo_recent``, ``hi_recent``: the same range at the volatility
        of the sessions before the window (lighter grey).
    title, ylabel
        Title and y-axis label.
    narrow
        Phone layout: 4.4 inches wide, one legend column, short date labels.
    spread
        Optional frame with columns ``lo``, ``hi`` (fractions) indexed by
        date: the spread of a large group's members (a light band under
        everything else), its legend text in ``spread.attrs["label"]``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with _context():
        width = 4.4 if narrow else 9.0
        fig = new_figure(width, 4.4)
        left = 0.15 if narrow else 0.08
        ax = fig.add_axes((left, 0.27, 0.97 - left, 0.55))
        dates = [s.index.min() for _, s, _, _ in paths if len(s)] + \
                [s.index.max() for _, s, _, _ in paths if len(s)]
        start = min(dates) - pd.Timedelta(days=1)
        end = max(dates) + pd.Timedelta(days=1)
        from matplotlib.patches import Patch

        handles, names = [], []
        order = sorted(range(len(windows)), key=lambda i: windows[i][0] - windows[i][1])
        for i in order:  # longest first, so a shorter window stays visible on top
            a, b, label = windows[i]
            colour = _SHADES[i % len(_SHADES)]
            ax.axvspan(pd.Timestamp(a) - pd.Timedelta(hours=12),
                       pd.Timestamp(b) + pd.Timedelta(hours=12), color=colour, lw=0, zorder=0)
            handles.append(Patch(color=colour))
            names.append(label)
        if spread is not None and len(spread):
            ax.fill_between(spread.index, 100 * spread["lo"], 100 * spread["hi"],
                            color=_SPREAD, alpha=0.45, lw=0, zorder=0.3)
            handles.append(Patch(color=_SPREAD, alpha=0.45))
            names.append(str(spread.attrs.get("label", "spread of the members")))
        recent = [b for b in bands if "lo_recent" in b]
        for band in recent:
            ax.fill_between(band.index, 100 * band["lo_recent"], 100 * band["hi_recent"],
                            color=_BAND, alpha=0.22, lw=0, zorder=0.4)
            if len(band) <= 2:
                ax.vlines(band.index[-1], 100 * band["lo_recent"].iloc[-1],
                          100 * band["hi_recent"].iloc[-1], color=_BAND, lw=7, alpha=0.35,
                          zorder=0.45)
        for band in bands:
            ax.fill_between(band.index, 100 * band["lo"], 100 * band["hi"], color=_BAND,
                            alpha=0.5, lw=0, zorder=0.5)
            if len(band) <= 2:  # a one-day window: also a bar, visible at any width
                ax.vlines(band.index[-1], 100 * band["lo"].iloc[-1], 100 * band["hi"].iloc[-1],
                          color=_BAND, lw=7, alpha=0.8, zorder=0.6)
        if any(len(b) for b in bands):
            handles.append(Patch(color=_BAND, alpha=0.5))
            names.append("normal variation over the window (95%)")
        if recent:
            handles.append(Patch(color=_BAND, alpha=0.22))
            names.append("the same, at the recent volatility")
        for i, (label, s, colour, ls) in enumerate(paths):
            (h,) = ax.plot(s.index, 100 * s.to_numpy(float), color=colour, ls=ls,
                           lw=2.6 if i == 0 else 1.3, marker="o" if i == 0 else None, ms=3,
                           zorder=3 if i == 0 else 2)
            handles.insert(i, h)
            names.insert(i, label)
        ax.axhline(0, color="#666666", lw=0.6)
        n_rows = _label_events(ax, events, start, end)
        _date_axis(ax, start, end, narrow=narrow)
        ax.set_ylabel(ylabel, parse_math=False)
        # heights in inches: title, event-label rows, plot, dates + legend
        ncol = 1 if narrow else 3
        n_legend = int(np.ceil(len(names) / ncol))
        n_title = max(2, int(np.ceil(len(title) * 0.095 / width)))  # wrapped title lines
        parts = (0.22 * n_title + 0.1, 0.17 * n_rows + 0.1, 2.5 if not narrow else 2.3,
                 0.45 + 0.19 * n_legend)
        total = sum(parts)
        fig.set_figheight(total)
        ax.set_position((left, parts[3] / total, 0.97 - left, parts[2] / total))
        fig.text(0.01, 1 - 0.08 / total, title, fontsize=11 if not narrow else 10,
                 fontweight="bold", va="top", ha="left", parse_math=False, wrap=True)
        ax.legend(handles, names, loc="upper left",
                  bbox_to_anchor=(-left + 0.02, -0.4 / parts[2]), ncol=ncol,
                  borderaxespad=0, fontsize=8.5)
        return fig


def ar_car_chart(panels: Sequence[tuple[str, pd.DataFrame]], *, window: tuple[int, int],
                 title: str, ranks: pd.DataFrame | None = None) -> Any:
    """Daily abnormal returns (bars) and the CAR over the window, one panel per target.

    Parameters
    ----------
    panels
        ``(label, frame)``; frame columns ``rel_day``, ``abnormal_return``,
        optional ``date`` (calendar date of each session; the x axis shows it
        when present), ``car_path`` and ``car_path_se`` (the CAR cumulated
        over the claim window and its SE).
    window
        The claim window in relative days (shaded).
    title
        Figure title.
    ranks
        Optional: one row per member of a large group (columns ``label``,
        ``car``, ``ci_low``, ``ci_high``), drawn after the panels as one panel
        of the CARs sorted (:func:`rank_panel`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = max(1, len(panels) + (ranks is not None))
    cols = min(2, n)
    rows = int(np.ceil(n / cols))
    with _context():
        height = 2.5 * rows + 0.6
        fig = new_figure(4.5 * cols, height)
        fig.subplots_adjust(left=0.09 if cols > 1 else 0.14, right=0.98, wspace=0.25,
                            hspace=0.65, top=1 - 0.6 / height, bottom=0.55 / height)
        axes = fig.subplots(rows, cols, squeeze=False)
        for k, ax in enumerate(axes.flat):
            if k >= n:
                ax.set_visible(False)
                continue
            if k >= len(panels) and ranks is not None:
                rank_panel(ax, ranks)
                continue
            label, df = panels[k]
            df = df.sort_values("rel_day")
            rel = df["rel_day"].to_numpy(int)
            x = np.arange(len(df))
            ar = 100 * df["abnormal_return"].to_numpy(float)
            inw = (rel >= window[0]) & (rel <= window[1])
            if inw.any():
                ax.axvspan(x[inw][0] - 0.5, x[inw][-1] + 0.5, color=_SHADE, lw=0)
            ax.bar(x, ar, color=np.where(ar >= 0, "#0072B2", "#D55E00"), width=0.7,
                   label="abnormal return, day")
            if "car_path" in df:
                car = 100 * df["car_path"].to_numpy(float)
                se = 100 * df["car_path_se"].to_numpy(float)
                ax.plot(x, car, color="black", lw=1.4, marker="o", ms=2.5,
                        label="cumulative, over the window")
                ax.fill_between(x, car - 1.96 * se, car + 1.96 * se, color=_BAND,
                                alpha=0.45, lw=0, label="normal variation (95%)")
            ax.axhline(0, color="#666666", lw=0.5)
            ax.set_title(label, loc="left", parse_math=False)
            ax.set_ylabel("abnormal return, %")
            step = max(1, int(np.ceil(len(x) / 6)))
            ticks = x[::step]
            ax.set_xticks(ticks)
            if "date" in df and df["date"].notna().all():
                d = pd.to_datetime(df["date"]).to_numpy()[::step]
                ax.set_xticklabels([f"{pd.Timestamp(v):%a}\n{pd.Timestamp(v):%d %b}" for v in d])
            else:
                ax.set_xticklabels([f"day {r:+d}" for r in rel[::step]])
                ax.set_xlabel("sessions relative to each market's day 0")
        if panels:
            axes.flat[0].legend(loc="best", fontsize=7)
        fig.text(0.01, 1 - 0.12 / height, title, fontsize=10, fontweight="bold", va="top",
                 ha="left", parse_math=False)
        return fig


def rank_panel(ax: Any, ranks: pd.DataFrame, named: int = NAMED) -> None:
    """Members' CARs sorted from smallest to largest, 95% ranges grey, extremes named.

    One marker line and one line collection whatever the number of members
    (a cheap SVG); the ``named`` largest and smallest are listed in the
    panel's empty corners (upper left: largest; lower right: smallest).
    """
    r = ranks.assign(car=pd.to_numeric(ranks["car"], errors="coerce"))
    r = r[np.isfinite(r["car"].to_numpy(float))].sort_values("car", kind="stable")
    x = np.arange(len(r))
    car = 100 * r["car"].to_numpy(float)
    lo = 100 * pd.to_numeric(r["ci_low"], errors="coerce").to_numpy(float)
    hi = 100 * pd.to_numeric(r["ci_high"], errors="coerce").to_numpy(float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    dense = len(r) > RASTER_ABOVE  # thousands of marks: one embedded image, not SVG paths
    ax.vlines(x[ok], lo[ok], hi[ok], color=_BAND, lw=0.8, zorder=1, rasterized=dense)
    ax.plot(x, car, ls="none", marker="o", ms=2.2, color="#0072B2", zorder=2, rasterized=dense)
    ax.axhline(0, color="#666666", lw=0.5)
    ax.set_xticks([])
    ax.set_xlim(-1, max(len(r), 2))
    ax.set_xlabel("members, from the smallest to the largest move")
    ax.set_ylabel("move beyond normal, % (grey: 95% range)")
    ax.set_title(f"all {len(r)} members, sorted", loc="left", parse_math=False)
    up = r.iloc[::-1].head(named)
    down = r.head(named)
    if len(r):
        ax.text(0.02, 0.98, "largest: " + ", ".join(
            f"{lab} {v * 100:+.1f}%" for lab, v in zip(up["label"], up["car"], strict=True)),
            transform=ax.transAxes, va="top", ha="left", fontsize=7, parse_math=False,
            wrap=True)
        ax.text(0.98, 0.02, "smallest: " + ", ".join(
            f"{lab} {v * 100:+.1f}%" for lab, v in zip(down["label"], down["car"], strict=True)),
            transform=ax.transAxes, va="bottom", ha="right", fontsize=7, parse_math=False,
            wrap=True)


def timeline_chart(prices: pd.DataFrame, panels: Sequence[tuple[str, Sequence[str]]],
                   labels: Mapping[str, str], palette: Mapping[str, str],
                   events: Sequence[tuple[pd.Timestamp, str, bool]], *, title: str,
                   start: pd.Timestamp, end: pd.Timestamp, anchor: pd.Timestamp) -> Any:
    """Normalised prices, small multiples: one panel per group of assets.

    A panel of more than :data:`MAX_LINES` assets draws their median and the
    band of the middle 80% instead of one line each.

    Parameters
    ----------
    prices
        Price levels (index dates, columns tickers).
    panels
        ``(panel title, tickers)``, e.g. one per study group.
    labels, palette
        Ticker -> legend label, ticker -> colour (the same in every chart).
    events
        ``(date, label, is_study_event)``; labelled on the top row of panels.
    title
        Figure title.
    start, end
        Date range shown.
    anchor
        Prices are 100 at the last close on or before this date.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Patch

    n = max(1, len(panels))
    cols = 2 if n > 1 else 1
    rows = int(np.ceil(n / cols))
    with _context():
        height = 2.1 * rows + 1.0
        fig = new_figure(9.0, height)
        fig.subplots_adjust(left=0.07, right=0.97, wspace=0.2, hspace=0.55,
                            top=1 - 0.95 / height, bottom=0.35 / height)
        axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
        frame = prices.loc[(prices.index >= start) & (prices.index <= end)]
        for k, ax in enumerate(axes.flat):
            if k >= n:
                ax.set_visible(False)
                continue
            name, tickers = panels[k]
            handles, names = [], []
            if len(tickers) > MAX_LINES:  # a large group: median and middle 80%
                have = [t for t in tickers if t in frame]
                base = prices[have].loc[:anchor].ffill().iloc[-1] if have else pd.Series()
                norm = 100 * frame[have] / base
                if have and norm.notna().any().any():
                    ax.fill_between(norm.index, norm.quantile(0.1, axis=1),
                                    norm.quantile(0.9, axis=1), color=_SPREAD, alpha=0.6, lw=0)
                    (h,) = ax.plot(norm.index, norm.median(axis=1), lw=1.4, color=MAIN)
                    handles += [h, Patch(color=_SPREAD, alpha=0.6)]
                    names += [f"median of {len(have)} assets", "middle 80%"]
                tickers = []
            for i, t in enumerate(tickers):
                if t not in frame:
                    continue
                s = frame[t].dropna()
                base = prices[t].loc[:anchor].dropna()
                if s.empty or base.empty:
                    continue
                (h,) = ax.plot(s.index, 100 * s / base.iloc[-1], lw=1.2, ls=style(i),
                               color=palette.get(t, "#333333"))
                handles.append(h)
                names.append(labels.get(t, t))
            ax.axhline(100, color="#bbbbbb", lw=0.5)
            _label_events(ax, events, start, end, numbers=True)
            ax.set_title(name, loc="left", parse_math=False, fontsize=9, pad=12)
            ax.legend(handles, names, loc="best", fontsize=7, handlelength=2.2)
            _date_axis(ax, start, end, narrow=cols > 1)
            ax.tick_params(labelbottom=True)
            # no axis labels here: fixed (unused) label positions spare matplotlib
            # measuring every tick label of every panel to place them
            ax.xaxis.set_label_coords(0.5, -0.15)
            ax.yaxis.set_label_coords(-0.1, 0.5)
        fig.text(0.01, 1 - 0.1 / height, title, fontsize=10, fontweight="bold", va="top",
                 ha="left", parse_math=False)
        study = [t for d, t, s in sorted(events) if s and start <= d <= end]
        if study:
            fig.text(0.01, 1 - 0.42 / height,
                     "dashed lines: " + "; ".join(f"({i}) {t}" for i, t in enumerate(study, 1)),
                     fontsize=7.5, va="top", ha="left", parse_math=False, wrap=True,
                     color="#333333")
        return fig
