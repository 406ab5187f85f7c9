r"""Fama–French and momentum factor data: import into the cache, parse, load.

Layout (a sub-folder of the price cache, so ``PriceCache`` never sees it)::

    cache/factors/
      ff3_daily.csv   the imported file, byte for byte (tidy CSV or the Data
      ff3.json        Library's own CSV/ZIP); sidecar: dataset, vintage, units,
                      format, sha256, provenance and history

One entry per dataset: ``ff3`` (Fama/French 3 Factors [Daily]), ``ff5``
(5 Factors 2x3 [Daily]) and ``mom`` (Momentum Factor [Daily]). Two formats
are read:

- ``tidy``: ``date,Mkt-RF,...`` with ISO dates (the project's shared copy);
- ``french``: the Data Library's own file (``*.CSV`` or the ``*.zip`` holding
  it): a free-text preamble naming the CRSP vintage, a header line starting
  with a comma, ``YYYYMMDD`` rows padded with spaces, a blank line and a
  copyright footer; ``-99.99`` / ``-999`` mark missing values.

Both hold **percent per trading day**; :func:`load_factors` returns
**fractions** (divided by 100) joined **by date**: a date present in one
dataset and not the other (Carhart = 3 factors + momentum) raises
:class:`~eventstudy.exceptions.FactorDataError`, as does a missing value in
the requested range, and mixing two CRSP vintages. Nothing is filled.

References
----------
Fama, E. F. & French, K. R. (1993), Common risk factors in the returns on
stocks and bonds, *J. Financial Economics* 33, 3-56; (2015), A five-factor
asset pricing model, *J. Financial Economics* 116, 1-22. Carhart, M. (1997),
On persistence in mutual fund performance, *J. Finance* 52, 57-82. Data:
Kenneth R. French Data Library (Tuck School of Business, Dartmouth).
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eventstudy._files import atomic_write
from eventstudy.data.cache import _locked, _now, _sha256, resolve_cache_dir
from eventstudy.exceptions import FactorDataError

__all__ = [
    "FACTOR_COLUMNS",
    "DATASET_COLUMNS",
    "load_factors",
    "factor_info",
    "parse_french",
    "import_factor_file",
    "factor_dir",
    "cached_datasets",
    "verify_factors",
]

#: regressors of each model kind (RF excluded; the models use excess returns)
FACTOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "ff3": ("Mkt-RF", "SMB", "HML"),
    "ff5": ("Mkt-RF", "SMB", "HML", "RMW", "CMA"),
    "carhart": ("Mkt-RF", "SMB", "HML", "Mom"),
}
#: columns of each stored dataset (percent per day in the files)
DATASET_COLUMNS: dict[str, tuple[str, ...]] = {
    "ff3": ("Mkt-RF", "SMB", "HML", "RF"),
    "ff5": ("Mkt-RF", "SMB", "HML", "RMW", "CMA", "RF"),
    "mom": ("Mom",),
}
#: datasets each model kind reads (joined by date, in this order)
_KIND_DATASETS: dict[str, tuple[str, ...]] = {
    "ff3": ("ff3",), "ff5": ("ff5",), "carhart": ("ff3", "mom")}
_SUBDIR = "factors"
_VINTAGE = re.compile(r"using the (\d{6}) CRSP database")
_MISSING = (-99.99, -999.0)


def factor_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Folder of the factor files: ``<cache>/factors`` (see :func:`resolve_cache_dir`)."""
    return resolve_cache_dir(cache_dir) / _SUBDIR


def _dataset_of(columns: tuple[str, ...], origin: str) -> str:
    for name, cols in DATASET_COLUMNS.items():
        if columns == cols:
            return name
    raise FactorDataError(
        f"{origin}: columns {', '.join(columns) or '(none)'} are not a known factor dataset",
        hint="expected " + "; ".join(f"{k}: {', '.join(v)}" for k, v in DATASET_COLUMNS.items()))


def _unzip(data: bytes, origin: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(".csv")]
            if len(names) != 1:
                raise FactorDataError(f"{origin}: the ZIP must hold exactly one CSV file, "
                                      f"found {len(names)}")
            return zf.read(names[0])
    except zipfile.BadZipFile as exc:
        raise FactorDataError(f"{origin}: not a readable ZIP file ({exc})") from exc


def parse_french(data: bytes, origin: str = "factor file") -> tuple[pd.DataFrame, str | None]:
    """Parse a Data Library daily factor file (CSV bytes, or a ZIP holding one CSV).

    Parameters
    ----------
    data
        The file's bytes, as downloaded (``F-F_Research_Data_Factors_daily.CSV``,
        ``F-F_Research_Data_5_Factors_2x3_daily.CSV``, ``F-F_Momentum_Factor_daily.CSV``
        or their ``.zip``).
    origin
        File name for messages.

    Returns
    -------
    (DataFrame, vintage)
        Values in **percent** exactly as written (index ``date``; missing
        codes ``-99.99``/``-999`` become NaN) and the CRSP vintage ``YYYYMM``
        from the preamble (None if it does not say).

    Raises
    ------
    FactorDataError
        No header line, a non-daily table, or a row that does not parse
        (the message names the line).
    """
    if data[:2] == b"PK":
        data = _unzip(data, origin)
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    vintage = m.group(1) if (m := _VINTAGE.search(text)) else None
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith(",")), None)
    if start is None:
        raise FactorDataError(f"{origin}: no header line (',Mkt-RF,SMB,...') found",
                              hint="pass the Data Library's daily CSV or ZIP file unchanged")
    columns = tuple(c.strip() for c in lines[start].split(",")[1:])
    dates, rows = [], []
    for lineno, line in enumerate(lines[start + 1:], start + 2):
        if not line.strip():
            break  # the table ends at the first blank line (then the footer)
        cells = [c.strip() for c in line.split(",")]
        if not re.fullmatch(r"\d{8}", cells[0]):
            if re.fullmatch(r"\d{4}|\d{6}", cells[0]):
                raise FactorDataError(f"{origin}:{lineno}: {cells[0]!r} is not a daily date "
                                      "(YYYYMMDD): this is a monthly or annual file",
                                      hint="download the [Daily] version of the dataset")
            break
        if len(cells) != len(columns) + 1:
            raise FactorDataError(f"{origin}:{lineno}: {len(cells) - 1} values for "
                                  f"{len(columns)} columns")
        try:
            rows.append([float(c) for c in cells[1:]])
        except ValueError:
            raise FactorDataError(f"{origin}:{lineno}: a value is not a number: {line!r}"
                                  ) from None
        dates.append(cells[0])
    if not rows:
        raise FactorDataError(f"{origin}: the table under the header has no daily rows")
    values = np.array(rows, dtype="float64")
    values[np.isin(values, _MISSING)] = np.nan
    index = pd.DatetimeIndex(pd.to_datetime(dates, format="%Y%m%d"), name="date")
    return pd.DataFrame(values, index=index, columns=list(columns)), vintage


def _parse_tidy(data: bytes, origin: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype={"date": str})
    except (ValueError, UnicodeDecodeError) as exc:
        raise FactorDataError(f"{origin}: cannot read factor CSV ({exc})") from exc
    if "date" not in frame.columns:
        raise FactorDataError(f"{origin}: no 'date' column")
    index = pd.to_datetime(frame.pop("date"), format="%Y-%m-%d", errors="coerce")
    if index.isna().any():
        row = int(np.flatnonzero(index.isna().to_numpy())[0]) + 2
        raise FactorDataError(f"{origin}:{row}: the date is not YYYY-MM-DD")
    frame.index = pd.DatetimeIndex(index, name="date")
    return frame.astype("float64")


def _read_any(data: bytes, origin: str) -> tuple[pd.DataFrame, str | None, str]:
    """Parse either format; returns (frame in percent, vintage or None, format)."""
    head = data[:200].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"date,"):
        return _parse_tidy(data, origin), None, "tidy"
    frame, vintage = parse_french(data, origin)
    return frame, vintage, "french"


def import_factor_file(
    path: str | os.PathLike[str],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    vintage: str | None = None,
    provenance: str | None = None,
    manifest: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Store a factor file in the cache byte for byte, with vintage and provenance.

    Parameters
    ----------
    path
        A tidy CSV (``date,Mkt-RF,...``, percent) or a Data Library daily
        CSV/ZIP. The dataset (ff3, ff5, mom) is recognised from its columns.
    cache_dir
        Cache folder (the file goes to ``<cache>/factors/``).
    vintage
        CRSP vintage ``YYYYMM``; required unless the file's preamble names it
        (then both must agree).
    provenance
        Free text: where the file came from.
    manifest
        The file's MANIFEST.csv row, kept in the sidecar.

    Returns
    -------
    dict
        The sidecar written. An earlier entry of the same dataset is replaced
        whole (its history is kept).

    Raises
    ------
    FactorDataError
        Unreadable file, unknown columns, no vintage, or a vintage mismatch.
    """
    src = Path(path)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise FactorDataError(f"cannot read {src}: {exc}") from exc
    frame, file_vintage, fmt = _read_any(data, str(src))
    dataset = _dataset_of(tuple(frame.columns), str(src))
    if vintage and file_vintage and str(vintage) != file_vintage:
        raise FactorDataError(f"{src}: the file says CRSP vintage {file_vintage}, "
                              f"not {vintage}", hint="drop --vintage or correct it")
    vintage = str(vintage or file_vintage or "")
    if not re.fullmatch(r"\d{6}", vintage):
        raise FactorDataError(f"{src}: no CRSP vintage (YYYYMM) known for this file",
                              hint="pass the vintage (e.g. --vintage 202412) from the "
                              "file's source")
    folder = factor_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = src.name
    meta_path = folder / f"{dataset}.json"
    with _locked(folder / f".{dataset}.lock"):
        old = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        history = list(old.get("history", []))
        history.append({"action": "import", "at": _now(), "file": name, "vintage": vintage})
        prov: dict[str, Any] = {"file": name, "file_sha256": _sha256(data)}
        if provenance:
            prov["text"] = provenance
        if manifest:
            prov["manifest"] = dict(manifest)
        meta = {
            "schema": 1, "kind": "factors", "dataset": dataset, "file": name,
            "format": fmt, "units": "percent per trading day", "vintage": vintage,
            "columns": list(frame.columns), "first_date": f"{frame.index[0]:%Y-%m-%d}",
            "last_date": f"{frame.index[-1]:%Y-%m-%d}", "rows": len(frame),
            "sha256": _sha256(data), "provenance": prov, "history": history,
        }
        if old.get("file") and old["file"] != name:
            (folder / old["file"]).unlink(missing_ok=True)
        atomic_write(folder / name, data)
        atomic_write(meta_path, (json.dumps(meta, indent=2) + "\n").encode("utf-8"))
    return meta


def factor_info(dataset: str, cache_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Sidecar of one cached dataset (``ff3``, ``ff5``, ``mom``).

    Raises
    ------
    FactorDataError
        The dataset is not in the cache (the hint gives the import command).
    """
    path = factor_dir(cache_dir) / f"{dataset}.json"
    if not path.exists():
        raise FactorDataError(
            f"factor dataset {dataset!r} is not in the cache {path.parent}",
            hint="import it: python -m eventstudy cache import-factors FILE --vintage YYYYMM")
    return json.loads(path.read_text("utf-8"))


def cached_datasets(cache_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Sidecars of every cached factor dataset, sorted by name (empty if none)."""
    folder = factor_dir(cache_dir)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            meta = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            meta = {"dataset": path.stem, "file": None}
        out.append(meta)
    return out


def verify_factors(cache_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Check every cached factor file against its sidecar's sha256; return the failures."""
    failures = []
    for meta in cached_datasets(cache_dir):
        try:
            _read_dataset(str(meta["dataset"]), cache_dir)
        except (FactorDataError, OSError, KeyError, ValueError) as exc:
            failures.append(f"factors {meta.get('dataset')}: {exc}")
    return failures


def _read_dataset(dataset: str, cache_dir: str | os.PathLike[str] | None
                  ) -> tuple[pd.DataFrame, dict[str, Any]]:
    meta = factor_info(dataset, cache_dir)
    path = factor_dir(cache_dir) / meta["file"]
    data = path.read_bytes()
    if _sha256(data) != meta["sha256"]:
        raise FactorDataError(f"{path} does not match its checksum: it was edited or corrupted",
                              hint=f"restore it (git checkout -- '{path}') or import it again")
    frame, _, _ = _read_any(data, str(path))
    return frame, meta


def load_factors(
    kind: str,
    start: Any = None,
    end: Any = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    r"""Daily factor returns of a model kind, in fractions, from the cache.

    Parameters
    ----------
    kind
        ``"ff3"`` (columns ``Mkt-RF, SMB, HML, RF``), ``"ff5"`` (``Mkt-RF, SMB,
        HML, RMW, CMA, RF``) or ``"carhart"`` (``Mkt-RF, SMB, HML, Mom, RF``:
        the 3-factor file joined with momentum by date).
    start, end
        Inclusive date bounds (None: all cached dates).
    cache_dir
        Cache folder (default ``$EVENTSTUDY_CACHE`` or ``./cache``).

    Returns
    -------
    pandas.DataFrame
        Index tz-naive dates named ``date``; values :math:`x/100` of the
        percent figures in the files. ``attrs["vintage"]`` holds the CRSP
        vintage and ``attrs["datasets"]`` the datasets read.

    Raises
    ------
    FactorDataError
        Unknown kind; a dataset not cached; datasets of different vintages or
        dates (Carhart); a missing value in ``[start, end]``; nothing in range.
    """
    if kind not in _KIND_DATASETS:
        raise FactorDataError(f"unknown factor model {kind!r}; choose one of "
                              f"{', '.join(_KIND_DATASETS)}")
    parts, metas = [], []
    for dataset in _KIND_DATASETS[kind]:
        frame, meta = _read_dataset(dataset, cache_dir)
        parts.append(frame)
        metas.append(meta)
    vintages = {m["vintage"] for m in metas}
    if len(vintages) > 1:
        raise FactorDataError(
            f"{kind}: cached datasets have different CRSP vintages ("
            + ", ".join(f"{m['dataset']} {m['vintage']}" for m in metas) + "); never mix them",
            hint="import the same vintage of every dataset")
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    parts = [p.loc[lo:hi] for p in parts]
    if len(parts) > 1:
        only = parts[0].index.symmetric_difference(parts[1].index)
        if len(only):
            raise FactorDataError(
                f"{kind}: {len(only)} date(s) are in one dataset and not the other "
                f"({', '.join(f'{d:%Y-%m-%d}' for d in only[:5])}); factors are joined by "
                "date and never filled", hint="import files covering the same dates")
    frame = pd.concat(parts, axis=1, join="inner")
    cols = [*FACTOR_COLUMNS[kind], "RF"]
    frame = frame.loc[:, cols]
    if frame.empty:
        raise FactorDataError(
            f"{kind}: no factor data between {lo and f'{lo:%Y-%m-%d}'} and "
            f"{hi and f'{hi:%Y-%m-%d}'} (cached: {metas[0]['first_date']} to "
            f"{metas[0]['last_date']})", hint="import a newer vintage from the Data Library")
    bad = frame.isna().any(axis=1)
    if bad.any():
        raise FactorDataError(
            f"{kind}: missing factor values on {int(bad.sum())} date(s) "
            f"({', '.join(f'{d:%Y-%m-%d}' for d in frame.index[bad][:5])})",
            hint="choose dates the Data Library covers")
    out = frame / 100.0
    out.index = pd.DatetimeIndex(out.index, name="date")
    out.attrs["vintage"] = metas[0]["vintage"]
    out.attrs["datasets"] = [m["dataset"] for m in metas]
    return out
