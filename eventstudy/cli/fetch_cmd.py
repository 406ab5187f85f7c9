"""``eventstudy fetch``: download or refresh the prices a study (or a ticker list) needs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from eventstudy.exceptions import DataError

#: calendar days added around the study's span (holidays, weekends, slack)
_PAD_DAYS = 21


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``fetch`` sub-command."""
    p = subparsers.add_parser(
        "fetch", help="download or refresh the prices a study needs",
        description="Fill the price cache for STUDY.yaml (its assets, benchmarks and the "
        "span of its events plus estimation window), or for --tickers/--start/--end. "
        "Ranges already cached are not downloaded again unless --refresh.")
    p.add_argument("study", nargs="?", metavar="STUDY.yaml", help="study file")
    p.add_argument("--tickers", nargs="+", metavar="T", help="tickers (instead of a study)")
    p.add_argument("--start", help="first date, YYYY-MM-DD")
    p.add_argument("--end", help="last date, YYYY-MM-DD")
    p.add_argument("--refresh", action="store_true", help="download again and replace rows")
    p.add_argument("--offline", action="store_true", default=None,
                   help="only check the cache covers the request (no downloads)")
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="cache folder (default: the study's data.cache, $EVENTSTUDY_CACHE "
                   "or ./cache)")
    p.set_defaults(func=_run)


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def _event_dates(when: Any) -> list[pd.Timestamp]:
    if when is None:
        return []
    lo, hi = _get(when, "from_", "from", "start"), _get(when, "to", "end")
    if lo is not None or hi is not None:
        return [d for x in (lo, hi) if x is not None for d in _event_dates(x)]
    ts = pd.Timestamp(when)
    return [ts.tz_localize(None).normalize() if ts.tzinfo else ts.normalize()]


def study_request(path: str) -> tuple[list[str], pd.Timestamp, pd.Timestamp, Path | None]:
    """Tickers, date span and cache folder a study needs.

    The span runs from the earliest event minus the estimation window
    (sessions converted to business days) to the latest event plus the
    longest event window, padded by three weeks each side for holidays.
    """
    from eventstudy.spec import Study

    study = Study.from_yaml(path)
    tickers: list[str] = []
    model = _get(study, "model")
    for asset in _get(study, "assets") or []:
        tickers += [t for t in (_get(asset, "ticker"), _get(asset, "benchmark")) if t]
        tickers += [t for t in [_get(_get(asset, "model"), "benchmark")] if t]
    if _get(model, "benchmark"):
        tickers.append(_get(model, "benchmark"))
    tickers = list(dict.fromkeys(str(t) for t in tickers))
    dates = [d for ev in (_get(study, "events") or []) for d in _event_dates(_get(ev, "when"))]
    if not tickers or not dates:
        raise DataError(f"{path}: the study lists no assets or no events to fetch prices for",
                        hint="add assets: and events:, or use --tickers --start --end")
    est = _get(model, "estimation_window") or (-250, -11)
    windows = _get(study, "event_windows") or [(0, 0)]
    before = max(0, -int(min(est[0], *(w[0] for w in windows))))
    after = max(0, int(max(w[1] for w in windows)))
    start = min(dates) - pd.offsets.BDay(before) - pd.Timedelta(days=_PAD_DAYS)
    end = max(dates) + pd.offsets.BDay(after) + pd.Timedelta(days=_PAD_DAYS)
    cache = None
    data = _get(study, "data")
    if _get(data, "cache"):
        base = Path(_get(study, "path") or path).parent
        cache = base / str(_get(data, "cache"))
    return tickers, start.normalize(), end.normalize(), cache


def _progress(i: int, n: int, ticker: str, status: str) -> None:
    width = 24
    done = round(width * i / n)
    print(f"[{'#' * done}{'.' * (width - done)}] {i}/{n} {ticker} {status}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from eventstudy.data.load import ensure_cached

    cache = Path(args.cache) if args.cache else None
    if args.study:
        if args.tickers:
            raise DataError("give either STUDY.yaml or --tickers, not both")
        tickers, start, end, study_cache = study_request(args.study)
        cache = cache or study_cache
        start = pd.Timestamp(args.start) if args.start else start
        end = pd.Timestamp(args.end) if args.end else end
    else:
        if not (args.tickers and args.start and args.end):
            raise DataError("nothing to fetch",
                            hint="python -m eventstudy fetch STUDY.yaml, or "
                            "python -m eventstudy fetch --tickers AAPL ^GSPC --start 2018-01-01 "
                            "--end 2018-12-31")
        tickers, start, end = list(args.tickers), args.start, args.end
    print(f"fetching {len(tickers)} ticker(s) {pd.Timestamp(start):%Y-%m-%d}.."
          f"{pd.Timestamp(end):%Y-%m-%d}", file=sys.stderr)
    status = ensure_cached(tickers, start, end, offline=args.offline, cache_dir=cache,
                           refresh=args.refresh, progress=_progress)
    counts = pd.Series(list(status.values())).value_counts()
    print(", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0
