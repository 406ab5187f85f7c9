"""``eventstudy fetch``: download or refresh the prices a study (or a ticker list) needs.

Only a study whose prices come from Yahoo (``data: {source: yahoo}``, the
default) downloads anything. For ``source: csv`` there is nothing to download
(``run`` reads the CSV file) and ``fetch`` says so; for ``source: cache`` it
never touches the network and reports, offline, what the cache lacks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from eventstudy.data.source import to_timestamp
from eventstudy.exceptions import DataError

if TYPE_CHECKING:
    from eventstudy.spec import Study


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


Spans = dict[str, tuple[pd.Timestamp, pd.Timestamp]]


def _request(study: Study, path: str) -> tuple[Spans, Path | None]:
    """Every ticker ``run`` will load for a study, its date span, and the cache folder.

    Uses :func:`eventstudy.pipeline.estimate.required_data` -- the same function
    ``run`` loads prices with -- so a fetched cache always covers a run:
    assets, benchmarks and robustness-model benchmarks (e.g. ACWX), each over
    its estimation window, event windows and the report's timeline.
    """
    from eventstudy.pipeline.estimate import required_data

    spans = required_data(study)
    if not spans:
        raise DataError(f"{path}: the study lists no assets to fetch prices for",
                        hint="add assets: and events:, or use --tickers --start --end")
    from eventstudy.pipeline.coverage import study_cache_dir

    return spans, study_cache_dir(study)


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
        from eventstudy.spec import Study

        study = Study.from_yaml(args.study)
        if study.data.source == "csv":
            return _csv_study(args.study, study)
        spans, study_cache = _request(study, args.study)
        cache = cache or study_cache
        if args.start or args.end:
            spans = {t: (to_timestamp(args.start, "--start") if args.start else a,
                         to_timestamp(args.end, "--end") if args.end else b)
                     for t, (a, b) in spans.items()}
        if study.data.source == "cache":
            return _cache_study(args.study, study, cache)
    else:
        if not (args.tickers and args.start and args.end):
            raise DataError("nothing to fetch",
                            hint="python -m eventstudy fetch STUDY.yaml, or "
                            "python -m eventstudy fetch --tickers AAPL ^GSPC --start 2018-01-01 "
                            "--end 2018-12-31")
        from eventstudy.data.tickers import safe_filename

        for t in args.tickers:
            safe_filename(t)
        spans = {t: (to_timestamp(args.start, "--start"), to_timestamp(args.end, "--end"))
                 for t in args.tickers}
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


def _csv_study(path: str, study: Study) -> int:
    """Say there is nothing to download for ``data: {source: csv}`` (``run`` reads the file)."""
    file = study.resolve(study.data.path) if study.data.path else None
    print(f"nothing to download: {path} takes its prices from the CSV file {file} "
          "(data.source: csv); `python -m eventstudy run` reads that file directly and "
          "never uses the cache or the network")
    return 0


def _cache_study(path: str, study: Study, cache_dir: Path | None) -> int:
    """Report, offline, what the cache lacks for ``data: {source: cache}`` (never download).

    Uses :func:`eventstudy.pipeline.coverage.check_coverage`, the check ``run``
    and ``validate`` use.

    Raises
    ------
    DataCoverageError
        The cache does not serve the study; the message lists every missing
        ticker and date range and every short estimation window.
    """
    from eventstudy.pipeline.coverage import check_coverage

    cov = check_coverage(study, cache_dir=cache_dir, reason="data.source is 'cache', so "
                         "fetch downloads nothing")
    print(f"nothing to download: {path} reads prices from the cache only (data.source: "
          f"cache), and the cache folder {cov.folder} covers all {len(cov.tickers)} ticker(s) "
          "it needs")
    return 0
