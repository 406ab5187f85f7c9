"""``eventstudy cache``: list, show, verify and import cached price series."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from eventstudy.exceptions import CacheIntegrityError, DataError, PriceValidationError

#: MANIFEST columns checked against the imported file
_CHECKED = ("first_date", "last_date", "rows")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``cache`` and its sub-commands."""
    parser = subparsers.add_parser("cache", help="list, inspect and import cached prices",
                                   description="Inspect or fill the price cache.")
    sub = parser.add_subparsers(dest="cache_command", metavar="ACTION")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache", metavar="DIR", default=None,
                       help="cache folder (default: $EVENTSTUDY_CACHE or ./cache)")

    p_list = sub.add_parser("list", help="tickers, date ranges, rows and provenance")
    common(p_list)
    p_list.set_defaults(func=_list)

    p_show = sub.add_parser("show", help="print one ticker's metadata (JSON)")
    p_show.add_argument("ticker")
    common(p_show)
    p_show.set_defaults(func=_show)

    p_verify = sub.add_parser("verify", help="check every cached file against its sha256")
    common(p_verify)
    p_verify.set_defaults(func=_verify)

    p_imp = sub.add_parser(
        "import", help="store Yahoo-layout CSV files in the cache, byte for byte",
        description="Import Yahoo-layout CSV files (Date,Open,High,Low,Close,Adj Close,"
        "Volume), one ticker per file named TICKER.csv, keeping every number verbatim.")
    p_imp.add_argument("files", nargs="+", metavar="FILE")
    p_imp.add_argument("--manifest", metavar="MANIFEST.csv", default=None,
                       help="CSV with a 'ticker' column whose row is kept as provenance")
    p_imp.add_argument("--provenance", metavar="TEXT", default=None,
                       help="free text: where these files came from")
    p_imp.add_argument("--ticker", default=None,
                       help="ticker to store a single FILE under (default: file name)")
    common(p_imp)
    p_imp.set_defaults(func=_import)

    p_fac = sub.add_parser(
        "import-factors", help="store Fama-French / momentum factor files, byte for byte",
        description="Import daily factor files (the Data Library's own CSV/ZIP, or a tidy "
        "date,Mkt-RF,... CSV in percent) into <cache>/factors with their CRSP vintage.")
    p_fac.add_argument("files", nargs="+", metavar="FILE")
    p_fac.add_argument("--vintage", metavar="YYYYMM", default=None,
                       help="CRSP vintage (needed when the file does not name it)")
    p_fac.add_argument("--manifest", metavar="MANIFEST.csv", default=None,
                       help="CSV with a 'file' column whose row is kept as provenance "
                       "(its source_vintage_crsp column gives the vintage)")
    p_fac.add_argument("--provenance", metavar="TEXT", default=None,
                       help="free text: where these files came from")
    common(p_fac)
    p_fac.set_defaults(func=_import_factors)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def _cache(args: argparse.Namespace):  # noqa: ANN202
    from eventstudy.data.cache import PriceCache

    return PriceCache(args.cache)


def _provenance(meta: dict) -> str:
    prov = meta.get("provenance") or {}
    manifest = prov.get("manifest") or {}
    if manifest.get("source"):
        return str(manifest["source"])
    if prov.get("text"):
        return str(prov["text"])
    when = meta.get("retrieved_at") or ""
    return f"{meta.get('provider')} {meta.get('provider_version') or ''} {when}".strip()


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _list(args: argparse.Namespace) -> int:
    cache = _cache(args)
    tickers = cache.tickers()
    if not tickers:
        print(f"cache {cache.root} is empty; fill it with `python -m eventstudy cache import "
              "FILE...` or `python -m eventstudy fetch`")
        return 0
    print(f"{'TICKER':<11} {'FIRST':<10} {'LAST':<10} {'ROWS':>5}  {'SOURCE':<7} PROVENANCE")
    for ticker in tickers:
        meta = cache.meta(ticker) or {}
        print(f"{ticker:<11} {meta.get('first_date', '?'):<10} {meta.get('last_date', '?'):<10} "
              f"{meta.get('rows', 0):>5}  {str(meta.get('source', '?')):<7} "
              f"{_short(_provenance(meta), 72)}")
    print(f"{len(tickers)} series in {cache.root} (details: python -m eventstudy cache show "
          "TICKER)")
    return 0


def _show(args: argparse.Namespace) -> int:
    cache = _cache(args)
    meta = cache.meta(args.ticker)
    if meta is None:
        raise DataError(f"{args.ticker!r} is not in the cache folder {cache.folder}",
                        hint="see `python -m eventstudy cache list`")
    print(json.dumps(meta, indent=2, ensure_ascii=False))
    return 0


def _verify(args: argparse.Namespace) -> int:
    cache = _cache(args)
    bad = 0
    for ticker in cache.tickers():
        try:
            cache.verify(ticker)
        except (CacheIntegrityError, PriceValidationError) as exc:
            bad += 1
            print(f"FAIL {exc}", file=sys.stderr)
    from eventstudy.data.factors import cached_datasets, verify_factors

    failures = verify_factors(args.cache)
    for line in failures:
        print(f"FAIL {line}", file=sys.stderr)
    n = len(cache.tickers()) + len(cached_datasets(args.cache))
    bad += len(failures)
    print(f"{n - bad} ok, {bad} failed")
    return 1 if bad else 0


def _read_manifest(path: str) -> dict[str, dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except UnicodeDecodeError as exc:
        raise DataError(f"manifest {path} is not UTF-8 text (byte "
                        f"0x{exc.object[exc.start]:02x} at offset {exc.start})",
                        hint="save it as UTF-8 (with or without BOM)") from exc
    except (OSError, csv.Error) as exc:
        raise DataError(f"cannot read manifest {path}: {exc}") from exc
    if not rows or "ticker" not in rows[0]:
        raise DataError(f"manifest {path} has no 'ticker' column",
                        hint="the first row must be a header with a 'ticker' column")
    return {row["ticker"]: row for row in rows}


def _check_manifest(ticker: str, row: dict[str, str], meta: dict, manifest: str) -> None:
    for key in _CHECKED:
        if row.get(key) and str(row[key]) != str(meta[key]):
            raise PriceValidationError(
                f"{ticker}: the file has {key}={meta[key]} but {manifest} says {row[key]}",
                hint="import the file the manifest describes")


def _import(args: argparse.Namespace) -> int:
    cache = _cache(args)
    if args.ticker is not None and not args.ticker.strip():
        raise DataError("--ticker is empty", hint="give the Yahoo symbol, e.g. --ticker CAT")
    if args.ticker and len(args.files) != 1:
        raise DataError("--ticker needs exactly one FILE")
    manifest = _read_manifest(args.manifest) if args.manifest else {}
    files = [f for f in args.files
             if not (args.manifest and Path(f).resolve() == Path(args.manifest).resolve())]
    for i, name in enumerate(files, 1):
        path = Path(name)
        ticker = args.ticker or path.name.removesuffix(".csv")
        row = manifest.get(ticker)
        if args.manifest and row is None:
            print(f"warning: {ticker} has no row in {args.manifest}; imported without it",
                  file=sys.stderr)
        meta = cache.import_file(path, ticker=ticker, provenance=args.provenance, manifest=row)
        if row is not None:
            _check_manifest(ticker, row, meta, args.manifest)
        print(f"[{i}/{len(files)}] {ticker:<11} {meta['first_date']}..{meta['last_date']} "
              f"{meta['rows']} rows -> {cache.csv_path(ticker)}")
    return 0


def _import_factors(args: argparse.Namespace) -> int:
    from eventstudy.data.factors import factor_dir, import_factor_file

    rows: dict[str, dict[str, str]] = {}
    if args.manifest:
        try:
            with open(args.manifest, newline="", encoding="utf-8") as handle:
                rows = {r.get("file", ""): r for r in csv.DictReader(handle)}
        except OSError as exc:
            raise DataError(f"cannot read manifest {args.manifest}: {exc}") from exc
    for name in args.files:
        row = rows.get(Path(name).name)
        vintage = args.vintage or (row or {}).get("source_vintage_crsp") or None
        meta = import_factor_file(name, cache_dir=args.cache, vintage=vintage,
                                  provenance=args.provenance, manifest=row)
        print(f"{meta['dataset']:<4} {meta['first_date']}..{meta['last_date']} {meta['rows']} "
              f"rows, vintage {meta['vintage']} -> {factor_dir(args.cache) / meta['file']}")
    return 0
