"""``eventstudy fetch``: download or refresh the prices a study (or a ticker list) needs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from eventstudy.exceptions import DataError


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


def study_request(path: str) -> tuple[dict[str, tuple[pd.Timestamp, pd.Timestamp]], Path | None]:
    """Every ticker ``run`` will load for a study, its date span, and the cache folder.

    Uses :func:`eventstudy.pipeline.estimate.required_data` -- the same function
    ``run`` loads prices with -- so a fetched cache always covers a run:
    assets, benchmarks and robustness-model benchmarks (e.g. ACWX), each over
    its estimation window, event windows and the report's timeline.
    """
    from eventstudy.pipeline.estimate import required_data
    from eventstudy.spec import Study

    study = Study.from_yaml(path)
    spans = required_data(study)
    if not spans:
        raise DataError(f"{path}: the study lists no assets to fetch prices for",
                        hint="add assets: and events:, or use --tickers --start --end")
    cache = study.resolve(study.data.cache) if study.data.cache else None
    return spans, (Path(cache) if cache else None)


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
        spans, study_cache = study_request(args.study)
        cache = cache or study_cache
        if args.start or args.end:
            spans = {t: (pd.Timestamp(args.start) if args.start else a,
                         pd.Timestamp(args.end) if args.end else b)
                     for t, (a, b) in spans.items()}
    else:
        if not (args.tickers and args.start and args.end):
            raise DataError("nothing to fetch",
                            hint="python -m eventstudy fetch STUDY.yaml, or "
                            "python -m eventstudy fetch --tickers AAPL ^GSPC --start 2018-01-01 "
                            "--end 2018-12-31")
        spans = {t: (pd.Timestamp(args.start), pd.Timestamp(args.end)) for t in args.tickers}
    groups: dict[tuple[pd.Timestamp, pd.Timestamp], list[str]] = {}
    for t, span in spans.items():
        groups.setdefault(span, []).append(t)
    status: dict[str, str] = {}
    for (start, end), tickers in groups.items():
        print(f"fetching {len(tickers)} ticker(s) {start:%Y-%m-%d}..{end:%Y-%m-%d}: "
              f"{' '.join(tickers)}", file=sys.stderr)
        status.update(ensure_cached(tickers, start, end, offline=args.offline, cache_dir=cache,
                                    refresh=args.refresh, progress=_progress))
    counts = pd.Series(list(status.values())).value_counts()
    print(", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0
