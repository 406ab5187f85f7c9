"""The price cache: one CSV per ticker plus a JSON metadata sidecar.

Layout of a cache folder::

    cache/
      ^GSPC.csv     Date,Open,High,Low,Close,Adj Close,Volume[,Dividends,Stock Splits]
      ^GSPC.json    metadata: source, provider and version, request, retrieval time or
                    import provenance, first/last date, rows, sha256 of the CSV, covered range

The CSV is the record: imported files are stored byte for byte, fetched
frames are written with full (round-trip) float precision, and merges keep
existing rows as text. Every read checks the CSV against the sha256 in its
sidecar. Writes go to a temporary file in the same folder and are moved in
place with :func:`os.replace` (atomic on POSIX and Windows), under a
per-ticker lock file, so a crash or a concurrent writer never leaves a
half-written CSV.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import json
import os
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from eventstudy._files import atomic_write
from eventstudy._typing import date_index
from eventstudy.data.csvsource import is_yahoo_layout, read_yahoo_csv
from eventstudy.data.source import (
    ACTION_COLUMNS,
    YAHOO_COLUMNS,
    DateLike,
    check_sessions,
    session_dates,
    to_timestamp,
    validate_frame,
)
from eventstudy.data.tickers import calendar_for, safe_filename
from eventstudy.exceptions import (
    CacheIntegrityError,
    CacheMissError,
    CacheWriteError,
    PriceValidationError,
    UnknownCalendarError,
)

__all__ = ["PriceCache", "resolve_cache_dir", "resolve_offline", "fetch_command", "SCHEMA"]

#: metadata schema version
SCHEMA = 1
#: parsed, validated frames by (CSV path, verified sha256) and the warnings their
#: validation gave: a run asks for a ticker several times (coverage, prices,
#: volume, provenance) but parses each file once; the same bytes give the same frame
_PARSED: OrderedDict[tuple[str, str], tuple[pd.DataFrame, list[tuple[Any, Any]]]] = OrderedDict()
_PARSED_MAX = 512
_CSV_COLUMNS = ("Date", *YAHOO_COLUMNS)


def resolve_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Cache folder: ``cache_dir``, else ``$EVENTSTUDY_CACHE``, else ``./cache``."""
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("EVENTSTUDY_CACHE")
    return Path(env) if env else Path("cache")


def resolve_offline(offline: bool | None = None) -> bool:
    """Offline mode: ``offline``, else ``$EVENTSTUDY_OFFLINE == "1"``."""
    if offline is not None:
        return bool(offline)
    return os.environ.get("EVENTSTUDY_OFFLINE", "") == "1"


def fetch_command(ticker: str, start: pd.Timestamp, end: pd.Timestamp,
                  cache_dir: Path | None = None) -> str:
    """Return the exact CLI command that fills a cache miss."""
    cache = "" if cache_dir is None or cache_dir == Path("cache") else f" --cache '{cache_dir}'"
    return (f"python -m eventstudy fetch --tickers '{ticker}' --start {start:%Y-%m-%d} "
            f"--end {end:%Y-%m-%d}{cache}")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fmt_value(value: float) -> str:
    """Format one number for the CSV: shortest round-trip repr, '' for NaN."""
    f = float(value)
    return "" if f != f else repr(f)


def frame_to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Render a validated price frame as CSV text cells (Yahoo columns, ``Date`` column)."""
    out = pd.DataFrame({"Date": date_index(frame).strftime("%Y-%m-%d")})
    for col in [*YAHOO_COLUMNS, *(c for c in ACTION_COLUMNS if c in frame.columns)]:
        values = frame[col].to_numpy()
        if col == "Volume":
            out[col] = ["" if v != v else str(int(v)) for v in values]
        else:
            out[col] = [_fmt_value(v) for v in values]
    return out


@contextlib.contextmanager
def _locked(lock_path: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold an advisory lock on ``lock_path`` (POSIX ``flock``; no-op elsewhere).

    Writers take it exclusively around read-modify-write; readers take it
    shared so they never see a new CSV with the old sidecar. A reader that
    cannot create the lock file (read-only cache) reads without it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: os.replace alone keeps files whole
        yield
        return
    try:
        handle = open(lock_path, "a+")  # noqa: SIM115 - closed below
    except OSError:
        if not shared:
            raise
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _calendar_or_none(ticker: str, meta: dict[str, Any] | None = None) -> str | None:
    if meta and meta.get("calendar"):
        return str(meta["calendar"])
    try:
        return calendar_for(ticker)
    except UnknownCalendarError:
        return None


class PriceCache:
    """A cache folder of per-ticker CSV files with metadata sidecars.

    Parameters
    ----------
    root
        The folder (created on first write). See :func:`resolve_cache_dir`.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = resolve_cache_dir(root)

    def __repr__(self) -> str:
        return f"PriceCache({str(self.root)!r})"

    @property
    def folder(self) -> Path:
        """The cache folder as an absolute path (what messages name)."""
        return self.root.absolute()

    # ------------------------------------------------------------------ paths
    def csv_path(self, ticker: str) -> Path:
        """Path of ``ticker``'s CSV (the name is checked by :func:`safe_filename`)."""
        return self.root / f"{safe_filename(ticker)}.csv"

    def meta_path(self, ticker: str) -> Path:
        """Path of ``ticker``'s metadata sidecar."""
        return self.root / f"{safe_filename(ticker)}.json"

    def _lock_path(self, ticker: str) -> Path:
        return self.root / f".{safe_filename(ticker)}.lock"

    def tickers(self) -> list[str]:
        """Tickers with a metadata sidecar, sorted."""
        if not self.root.is_dir():
            return []
        found = []
        for path in sorted(self.root.glob("*.json")):
            try:
                found.append(str(json.loads(path.read_text("utf-8"))["ticker"]))
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                continue  # not a sidecar (cache verify reports the broken ones)
        return sorted(found)

    # ------------------------------------------------------------------ reading
    def meta(self, ticker: str) -> dict[str, Any] | None:
        """Return ``ticker``'s metadata, or None when it is not cached.

        Raises
        ------
        CacheIntegrityError
            The sidecar exists but is not valid JSON.
        """
        path = self.meta_path(ticker)
        if not path.exists():
            return None
        try:
            meta = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise CacheIntegrityError(
                f"cache metadata {path} for {ticker!r} is unreadable: {exc}",
                hint=f"delete {path} and {self.csv_path(ticker)}, then fetch or import again"
            ) from exc
        if not isinstance(meta, dict):
            raise CacheIntegrityError(
                f"cache metadata {path} for {ticker!r} is not a JSON object (it holds a "
                f"{type(meta).__name__})",
                hint=f"delete {path} and {self.csv_path(ticker)}, then fetch or import again")
        return meta

    def read_bytes(self, ticker: str) -> tuple[bytes, dict[str, Any]]:
        """Return the verified CSV bytes and metadata of ``ticker``.

        Raises
        ------
        CacheMissError
            ``ticker`` is not cached.
        CacheIntegrityError
            The CSV is missing or does not match the recorded sha256.
        """
        csv = self.csv_path(ticker)
        if not self.meta_path(ticker).exists():
            raise CacheMissError(f"{ticker!r} is not in the cache folder {self.folder}")
        try:
            with _locked(self._lock_path(ticker), shared=True):
                meta = self.meta(ticker)
                if meta is None:
                    raise CacheMissError(f"{ticker!r} is not in the cache folder {self.folder}")
                data = csv.read_bytes()
        except OSError as exc:
            raise CacheIntegrityError(
                f"cache file {csv} for {ticker!r} is unreadable: {exc}",
                hint="fetch or import the ticker again") from exc
        digest = _sha256(data)
        if digest != meta.get("sha256"):
            raise CacheIntegrityError(
                f"cache file {csv} does not match its checksum (sha256 {digest[:12]}..., "
                f"recorded {str(meta.get('sha256'))[:12]}...): it was edited or corrupted",
                hint=f"restore it (git checkout -- '{csv}') or re-import/re-fetch {ticker!r}")
        return data, meta

    def read(self, ticker: str) -> tuple[pd.DataFrame, dict[str, Any]]:
        """Return ``ticker``'s validated frame (index ``date``) and metadata.

        The bytes and their checksum are read and verified on every call; the
        parsed frame is reused while the bytes are the same (its validation
        warnings are issued again on each call).
        """
        data, meta = self.read_bytes(ticker)
        key = (os.path.normpath(self.csv_path(ticker).absolute()), str(meta["sha256"]))
        hit = _PARSED.get(key)
        if hit is None:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                frame = read_yahoo_csv(io.BytesIO(data))
                frame = validate_frame(frame, ticker, origin=str(self.csv_path(ticker)))
            hit = (frame, [(w.message, w.category) for w in caught])
            _PARSED[key] = hit
            if len(_PARSED) > _PARSED_MAX:
                _PARSED.popitem(last=False)
        else:
            _PARSED.move_to_end(key)
        for message, category in hit[1]:
            warnings.warn(message, category, stacklevel=2)
        return hit[0].copy(), meta

    def verify(self, ticker: str) -> dict[str, Any]:
        """Check ``ticker``'s entry whole: checksum, valid rows, and the sidecar's summary.

        The sha256 alone proves only that the CSV and the sidecar were written
        together; the rows, first and last dates recorded in the sidecar must
        also describe the CSV (a truncated file with a recomputed checksum
        fails here), and every price must be valid and finite.

        Raises
        ------
        CacheIntegrityError
            The entry does not hold together.
        PriceValidationError
            A row is invalid (e.g. a non-positive or infinite price).
        """
        frame, meta = self.read(ticker)
        got = {"rows": len(frame), "first_date": f"{frame.index[0]:%Y-%m-%d}",
               "last_date": f"{frame.index[-1]:%Y-%m-%d}"}
        wrong = [f"{k} {meta.get(k)!r} in the sidecar but {v!r} in the CSV"
                 for k, v in got.items() if str(meta.get(k)) != str(v)]
        if wrong:
            raise CacheIntegrityError(
                f"cache entry {self.csv_path(ticker)} does not match its sidecar: "
                + "; ".join(wrong),
                hint=f"restore both files (git checkout) or re-import/re-fetch {ticker!r}")
        return meta

    def closest_ticker(self, ticker: str) -> str | None:
        """Return the cached ticker nearest in spelling to ``ticker`` (a typo hint), or None."""
        close = difflib.get_close_matches(ticker, self.tickers(), n=1)
        return close[0] if close else None

    def missing_ranges(
        self, ticker: str, start: DateLike, end: DateLike
    ) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        """Date ranges of ``[start, end]`` the cache does not cover.

        A range is missing only if it holds at least one session of the
        ticker's calendar (so weekends and holidays at the edges never
        count). Ranges extend to the covered block, so filling them keeps the
        coverage contiguous.
        """
        s, e = to_timestamp(start, "start"), to_timestamp(end, "end")
        meta = self.meta(ticker)
        if meta is None:
            return [(s, e)]
        cov = meta.get("covered") or {}
        cs = to_timestamp(cov.get("start", meta["first_date"]))
        ce = to_timestamp(cov.get("end", meta["last_date"]))
        pieces = []
        if s < cs:
            pieces.append((s, cs - pd.Timedelta(days=1)))
        if e > ce:
            pieces.append((ce + pd.Timedelta(days=1), e))
        calendar = _calendar_or_none(ticker, meta)
        if calendar is None:
            return pieces
        return [(a, b) for a, b in pieces if len(session_dates(calendar, a, b))]

    # ------------------------------------------------------------------ writing
    def write_bytes(self, ticker: str, data: bytes, meta: dict[str, Any], *,
                    name: str | None = None) -> dict[str, Any]:
        """Validate and store CSV ``data`` with ``meta`` atomically.

        ``ticker``, ``file``, ``first_date``, ``last_date``, ``rows``,
        ``columns`` and ``sha256`` are computed here and override ``meta``.

        Raises
        ------
        PriceValidationError
            ``data`` is not a valid Yahoo-layout price file.
        CacheWriteError
            The folder cannot be written.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with _locked(self._lock_path(ticker)):
                return self._write_locked(ticker, data, meta, name=name)
        except OSError as exc:
            raise self._write_error(ticker, exc) from exc

    def _write_error(self, ticker: str, exc: OSError) -> CacheWriteError:
        return CacheWriteError(f"cannot write {ticker!r} to the cache folder {self.folder}: {exc}",
                               hint="check the folder's permissions and free space, or "
                               "pass another --cache DIR")

    def _write_locked(self, ticker: str, data: bytes, meta: dict[str, Any], *,
                      name: str | None = None) -> dict[str, Any]:
        """Validate and write; the caller holds the ticker's lock."""
        csv = self.csv_path(ticker)
        frame = read_yahoo_csv(io.BytesIO(data), name=name or csv.name)
        frame = validate_frame(frame, ticker, origin=name or csv.name, drop_nan_rows=False)
        full = dict(meta)
        calendar = _calendar_or_none(ticker, meta)
        if calendar is not None:
            report = check_sessions(date_index(frame), calendar)
            full["session_check"] = {
                "calendar": calendar,
                "missing": [f"{d:%Y-%m-%d}" for d in report.missing[:50]],
                "extra": [f"{d:%Y-%m-%d}" for d in report.extra[:50]],
            }
        full.update({
            "schema": SCHEMA, "ticker": ticker, "file": csv.name,
            "first_date": f"{frame.index[0]:%Y-%m-%d}", "last_date": f"{frame.index[-1]:%Y-%m-%d}",
            "rows": len(frame), "columns": ["Date", *frame.columns], "sha256": _sha256(data),
        })
        full.setdefault("covered", {"start": full["first_date"], "end": full["last_date"]})
        full.setdefault("calendar", calendar)
        text = json.dumps(full, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        old_csv = csv.read_bytes() if csv.exists() else None
        atomic_write(csv, data)
        try:
            atomic_write(self.meta_path(ticker), text.encode("utf-8"))
        except BaseException:
            # put the old CSV back so it still matches the old sidecar (or drop the
            # orphan of a new ticker): an entry is replaced whole or not at all
            with contextlib.suppress(OSError):
                if old_csv is None:
                    csv.unlink()
                else:
                    atomic_write(csv, old_csv)
            raise
        return full

    def merge_frame(
        self,
        ticker: str,
        frame: pd.DataFrame,
        meta: dict[str, Any],
        *,
        covered: tuple[pd.Timestamp, pd.Timestamp],
        prefer: str = "cached",
    ) -> dict[str, Any]:
        """Merge a validated frame into ``ticker``'s cache entry and write it.

        Rows already cached are kept as text (``prefer="cached"``) or
        replaced by the new ones (``prefer="new"``, a refresh). ``covered``
        is the date range the new frame answers; the entry's covered range
        becomes the union with the old one. The whole read-merge-write runs
        under the ticker's lock, so concurrent writers serialise.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with _locked(self._lock_path(ticker)):
                return self._merge_locked(ticker, frame, meta, covered, prefer)
        except OSError as exc:
            raise self._write_error(ticker, exc) from exc

    def _merge_locked(self, ticker: str, frame: pd.DataFrame, meta: dict[str, Any],
                      covered: tuple[pd.Timestamp, pd.Timestamp], prefer: str) -> dict[str, Any]:
        new_text = frame_to_text(frame)
        old_meta = self.meta(ticker)
        history = list(old_meta.get("history", [])) if old_meta else []
        if old_meta is not None:
            data = self.csv_path(ticker).read_bytes()
            if _sha256(data) != old_meta.get("sha256"):
                raise CacheIntegrityError(
                    f"cache file {self.csv_path(ticker)} does not match its checksum; "
                    "refusing to merge new prices into it",
                    hint=f"restore or delete it, then fetch {ticker!r} again")
            old_text = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
            if prefer == "new":
                old_text = old_text[~old_text["Date"].isin(new_text["Date"])]
                merged = pd.concat([old_text, new_text], ignore_index=True)
            else:
                new_text = new_text[~new_text["Date"].isin(old_text["Date"])]
                merged = pd.concat([old_text, new_text], ignore_index=True)
            order = pd.to_datetime(merged["Date"], format="ISO8601").argsort(kind="stable")
            merged = merged.iloc[order.to_numpy()].fillna("")
            cov = old_meta.get("covered") or {}
            lo = min(covered[0], to_timestamp(cov.get("start", old_meta["first_date"])))
            hi = max(covered[1], to_timestamp(cov.get("end", old_meta["last_date"])))
            base = {k: v for k, v in old_meta.items() if k not in ("covered", "calendar")}
            base.update({k: v for k, v in meta.items() if k not in ("provenance",)})
            if old_meta.get("provenance"):
                base["provenance"] = old_meta["provenance"]
        else:
            merged, (lo, hi), base = new_text, covered, dict(meta)
        cols = [c for c in (*_CSV_COLUMNS, *ACTION_COLUMNS) if c in merged.columns]
        buffer = io.StringIO()
        merged.loc[:, cols].to_csv(buffer, index=False, lineterminator="\n")
        history.append({"action": "fetch" if prefer == "cached" else "refresh",
                        "at": _now(), "source": meta.get("source"),
                        "start": f"{covered[0]:%Y-%m-%d}", "end": f"{covered[1]:%Y-%m-%d}",
                        "rows": len(frame)})
        base["history"] = history
        base["covered"] = {"start": f"{lo:%Y-%m-%d}", "end": f"{hi:%Y-%m-%d}"}
        return self._write_locked(ticker, buffer.getvalue().encode("utf-8"), base)

    def import_file(
        self,
        path: str | os.PathLike[str],
        *,
        ticker: str | None = None,
        provenance: str | None = None,
        manifest: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Store a Yahoo-layout CSV byte for byte, with its provenance.

        Parameters
        ----------
        path
            The file; its name without ``.csv`` is the ticker unless ``ticker`` is given.
        ticker
            Ticker to store it under.
        provenance
            Free text describing where the file came from.
        manifest
            The file's row of a MANIFEST.csv (name, market, currency, source,
            cross_check, missing_sessions, notes), kept in the metadata.

        Returns
        -------
        dict
            The metadata written.

        Raises
        ------
        PriceValidationError
            Not a Yahoo-layout file, or its rows fail validation.
        """
        src = Path(path)
        ticker = ticker or src.name.removesuffix(".csv")
        safe_filename(ticker)
        try:
            data = src.read_bytes()
        except OSError as exc:
            raise PriceValidationError(f"cannot read {src}: {exc}") from exc
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
        if not is_yahoo_layout(header) or any(c not in header for c in YAHOO_COLUMNS):
            raise PriceValidationError(
                f"{src}: not a Yahoo-layout price file (header: {','.join(header)})",
                hint="the header must be Date,Open,High,Low,Close,Adj Close,Volume")
        prov: dict[str, Any] = {"file": src.name, "file_sha256": _sha256(data),
                                "imported_at": _now()}
        if provenance:
            prov["text"] = provenance
        if manifest:
            prov["manifest"] = dict(manifest)
        from eventstudy import __version__

        meta = {"source": "import", "provider": "eventstudy cache import",
                "provider_version": __version__, "request": None, "retrieved_at": None,
                "provenance": prov,
                "history": [{"action": "import", "at": prov["imported_at"], "file": src.name}]}
        try:
            return self.write_bytes(ticker, data, meta, name=str(src))
        except PriceValidationError as exc:
            if str(src) in exc.message:
                raise
            raise PriceValidationError(f"{src}: {exc.message}", hint=exc.hint) from exc
