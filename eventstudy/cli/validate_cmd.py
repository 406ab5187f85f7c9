"""``eventstudy validate STUDY.yaml``: check a study file and show its event timeline.

Prints, per event and per group of assets sharing a calendar, day 0 and why
(weekend, holiday, after the close), then the estimation window and each
event window as session dates. Exit code 0 when the file is valid; a
:class:`~eventstudy.exceptions.SpecError` is printed by the CLI with exit
code 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

import numpy as np


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    p = subparsers.add_parser(
        "validate",
        help="check a study file and show day 0 and window dates per event and asset",
        description="Check a study file (every problem at once, with line and column) and "
        "print, per event and asset, day 0 and why, plus estimation and event window dates.",
    )
    p.add_argument("study", metavar="STUDY.yaml", help="the study file")
    p.add_argument("--csv", metavar="PATH",
                   help="also write the full plan (one row per event x asset) as CSV "
                   "('-' for stdout)")
    p.add_argument("--offline", action="store_true", default=None,
                   help="check as `run --offline` would run (cache only)")
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="price cache folder (default: the study's data.cache, relative to the "
                   "study file; else $EVENTSTUDY_CACHE; else ./cache in the current folder)")
    p.set_defaults(func=run)


def _d(ts) -> str:  # noqa: ANN001
    return f"{ts:%Y-%m-%d}"


def _pos_span(days: list[str], start: int, stop: int) -> str:
    """``first..last`` date of the sessions at positions ``start:stop`` (dates as text)."""
    if stop <= start:
        return "(none)"
    return days[start] if stop - start == 1 else f"{days[start]}..{days[stop - 1]}"


def _when(event) -> str:  # noqa: ANN001
    from eventstudy.spec import DateRange

    w = event.when
    if isinstance(w, DateRange):
        return f"{w.from_} to {w.to} (range)"
    text = w.isoformat(sep=" ", timespec="minutes") if hasattr(w, "hour") else f"{w} (date)"
    return text + (f" {event.timezone}" if event.timezone and hasattr(w, "hour") else "")


def render(plan, out: TextIO, coverage: list[str] | None = None) -> None:  # noqa: ANN001
    """Write the human-readable plan of a study (and the data coverage lines) to ``out``."""
    study = plan.study
    m = study.model
    windows = " ".join(f"[{a},{b}]" for a, b in study.event_windows)
    print(f"{study.title}" + (f"  ({study.path})" if study.path else ""), file=out)
    print(f"{len(study.assets)} assets, {len(study.events)} events, "
          f"{len(study.context_events)} context events, {len(study.claims)} claims; "
          f"model {m.kind}, estimation [{m.estimation_window[0]},{m.estimation_window[1]}], "
          f"event windows {windows}", file=out)
    text: dict[int, list[str]] = {}  # id(session array) -> its dates as YYYY-MM-DD
    lines: list[str] = []
    for event in study.events:
        title = f" - {event.title}" if event.title else ""
        lines.append(f"\nevent {event.id}{title}\n  when: {_when(event)}")
        groups: dict[tuple, list[str]] = {}
        rows = {}
        for row in plan.for_event(event.id):
            days = text.get(id(row.sessions))
            if days is None:
                days = text[id(row.sessions)] = list(
                    np.datetime_as_string(row.sessions.to_numpy(), unit="D"))
            key = (row.calendar, row.alignment.reason, _pos_span(days, *row.estimation_slice),
                   row.n_excluded, tuple((w, _pos_span(days, *sl))
                                         for w, sl in row.window_slices.items()))
            groups.setdefault(key, []).append(row.ticker)
            rows[key] = row
        for key, tickers in groups.items():
            row = rows[key]
            lines.append(f"  {row.calendar} [{', '.join(tickers)}]: day 0 {_d(row.day0)} - "
                         f"{row.alignment.reason}")
            lines.append(f"      estimation {key[2]} ({row.n_estimation} sessions"
                         f", {row.n_excluded} excluded for other events)")
            lines.append("      " + "  ".join(f"[{a},{b}] {span}" for (a, b), span in key[4]))
    if lines:
        print("\n".join(lines), file=out)
    if study.context_events:
        print("\ncontext events (excluded from estimation windows only):", file=out)
        for e in study.context_events:
            days = sorted({f"{a.calendar} {_d(a.day0)}" for (eid, _), a in plan.context.items()
                           if eid == e.id})
            print(f"  {e.id}: {_when(e)} -> {', '.join(days)}", file=out)
    pairs = sorted({(o.first, o.second) for o in plan.overlaps if o.kind == "event_window"})
    if pairs:
        print("\noverlapping event windows: " + "; ".join(f"{a} & {b}" for a, b in pairs),
              file=out)
    if coverage:
        print("\n" + "\n".join(coverage), file=out)
    short = _short(coverage) if coverage else False
    print("\nstudy file is valid" + (" (see data coverage above for what run still needs)"
                                     if short else ""), file=out)


def _short(coverage: list[str]) -> bool:
    """Return True when the coverage section says data is missing."""
    return any("MISSING" in c or "NOT IN THE CACHE" in c or "PROBLEM" in c or "FAIL" in c
               for c in coverage)


def run(args: argparse.Namespace) -> int:
    """Validate the study, print its plan; return 0 (errors raise SpecError)."""
    from eventstudy.calendar import plan_study
    from eventstudy.pipeline.coverage import coverage_lines
    from eventstudy.spec import Study

    study = Study.from_yaml(args.study)
    plan = plan_study(study)
    lines, ok = coverage_lines(study, plan, offline=args.offline, cache_dir=args.cache)
    render(plan, sys.stdout, lines)
    if args.csv:
        frame = plan.to_frame()
        if args.csv == "-":
            frame.to_csv(sys.stdout, index=False)
        else:
            try:
                frame.to_csv(args.csv, index=False)
            except OSError as exc:
                from eventstudy.exceptions import EventStudyError

                raise EventStudyError(f"cannot write the plan to {args.csv}: "
                                      f"{exc.strerror or exc}",
                                      hint="give --csv a path in an existing folder, or "
                                      "'-' for the screen") from None
    if not ok:
        print("error: run would fail for want of data (see data coverage above)",
              file=sys.stderr)
        return 2
    return 0
