"""Factor data: the committed cache files, load_factors units and joins, the Data Library parser.

Independent checks: the cached files' sha256 against the shared MANIFEST
(provenance), values re-read with the csv module and divided by 100 by hand,
and a Data Library fixture written here in the real file's exact shape
(preamble naming the vintage, ``,Mkt-RF,...`` header, space-padded YYYYMMDD
rows, CRLF line ends, blank line, copyright footer) as CSV and as ZIP.
Synthetic numbers only in the fixtures (labelled).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.cli import main
from eventstudy.data.factors import (
    FACTOR_COLUMNS,
    factor_dir,
    import_factor_file,
    load_factors,
    parse_french,
)
from eventstudy.exceptions import FactorDataError

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
# byte-identical copy of the factor data set's MANIFEST.csv (tests/data/famafrench/README.md)
MANIFEST = Path(__file__).parent / "data" / "famafrench" / "MANIFEST.csv"

# synthetic rows (not real factor values), in the Data Library's exact layout
FRENCH_FF3 = (
    "This file was created by CMPT_ME_BEME_RETS_DAILY using the 202601 CRSP database.\r\n"
    "The Tbill return is the simple daily rate that, over the number of trading days\r\n"
    "compounds to 1-month TBill rate. The 1-month TBill rate data until 202405 are from "
    "Ibbotson Associates. Starting from 202406, the 1-month TBill rate is from ICE BofA US "
    "1-Month Treasury Bill Index.\r\n"
    "\r\n"
    ",Mkt-RF,SMB,HML,RF\r\n"
    "20250102,   -0.21,    0.35,    0.12,   0.017\r\n"
    "20250103,    1.23,   -0.40,  -99.99,   0.017\r\n"
    "20250106,    0.55,    0.10,   -0.33,   0.017\r\n"
    "\r\n"
    "Copyright 2026 Eugene F. Fama and Kenneth R. French\r\n"
)
FRENCH_MOM = (
    "This file was created by using the 202601 CRSP database.  It\r\n"
    "contains a momentum factor, constructed from six value-weight portfolios formed\r\n"
    "\r\n"
    "Missing data are indicated by -99.99 or -999.\r\n"
    "\r\n"
    ",Mom   \r\n"
    "20250102,    0.44\r\n"
    "20250106,   -0.21\r\n"
    "\r\n"
    "Copyright 2026 Eugene F. Fama and Kenneth R. French\r\n"
)


def test_cached_files_are_the_manifest_files_byte_for_byte() -> None:
    for meta_path in sorted((CACHE / "factors").glob("*.json")):
        meta = json.loads(meta_path.read_text())
        data = (CACHE / "factors" / meta["file"]).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert digest == meta["sha256"] == meta["provenance"]["manifest"]["output_sha256"]
        assert meta["vintage"] == meta["provenance"]["manifest"]["source_vintage_crsp"]
        assert meta["units"].startswith("percent")
        with open(MANIFEST, newline="") as handle:
            rows = {r["file"]: r for r in csv.DictReader(handle)}
        assert digest == rows[meta["file"]]["output_sha256"]


def _raw(name: str) -> dict[str, dict[str, str]]:
    with open(CACHE / "factors" / name, newline="") as handle:
        return {row["date"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("kind", ["ff3", "ff5", "carhart"])
def test_load_factors_columns_units_and_dates(kind: str) -> None:
    f = load_factors(kind, "2018-12-01", "2019-01-31", cache_dir=CACHE)
    assert tuple(f.columns) == (*FACTOR_COLUMNS[kind], "RF")
    assert f.index.name == "date" and f.index.tz is None
    assert f.index[0] == pd.Timestamp("2018-12-03") and f.index[-1] == pd.Timestamp("2019-01-31")
    assert f.attrs["vintage"] == "202412"
    ff = _raw("ff5_daily.csv" if kind == "ff5" else "ff3_daily.csv")
    mom = _raw("momentum_daily.csv")
    for d in ("2018-12-24", "2019-01-04"):
        for c in f.columns:
            text = mom[d]["Mom"] if c == "Mom" else ff[d][c]
            assert f.loc[d, c] == pytest.approx(float(text) / 100.0, abs=1e-15)


def test_carhart_joins_by_date_not_position(tmp_path: Path) -> None:
    # momentum file with one date dropped: a positional join would shift every later row
    folder = tmp_path / "factors"
    folder.mkdir()
    src = (CACHE / "factors" / "momentum_daily.csv").read_text().splitlines(keepends=True)
    short = tmp_path / "mom_short.csv"
    short.write_text("".join(src[:100] + src[101:]))
    import_factor_file(CACHE / "factors" / "ff3_daily.csv", cache_dir=tmp_path, vintage="202412")
    import_factor_file(short, cache_dir=tmp_path, vintage="202412")
    missing = src[100].split(",")[0]
    with pytest.raises(FactorDataError, match=missing):
        load_factors("carhart", cache_dir=tmp_path)
    # a range that avoids the gap loads, and the values sit on their own dates
    f = load_factors("carhart", pd.Timestamp(missing) + pd.Timedelta(days=1), cache_dir=tmp_path)
    mom = _raw("momentum_daily.csv")
    for d in f.index[:3]:
        assert f.loc[d, "Mom"] == pytest.approx(float(mom[f"{d:%Y-%m-%d}"]["Mom"]) / 100)


def test_mixed_vintages_refused(tmp_path: Path) -> None:
    import_factor_file(CACHE / "factors" / "ff3_daily.csv", cache_dir=tmp_path, vintage="202412")
    import_factor_file(CACHE / "factors" / "momentum_daily.csv", cache_dir=tmp_path,
                       vintage="202505")
    with pytest.raises(FactorDataError, match="vintages"):
        load_factors("carhart", cache_dir=tmp_path)


def test_outside_range_and_unknown_kind() -> None:
    with pytest.raises(FactorDataError, match="no factor data"):
        load_factors("ff3", "2024-01-01", "2024-02-01", cache_dir=CACHE)
    with pytest.raises(FactorDataError, match="unknown factor model"):
        load_factors("ff4", cache_dir=CACHE)


def test_parse_french_csv_and_zip_fixture() -> None:
    data = FRENCH_FF3.encode()
    frame, vintage = parse_french(data, "F-F_Research_Data_Factors_daily.CSV")
    assert vintage == "202601"
    assert list(frame.columns) == ["Mkt-RF", "SMB", "HML", "RF"]
    assert list(frame.index) == [pd.Timestamp("2025-01-02"), pd.Timestamp("2025-01-03"),
                                 pd.Timestamp("2025-01-06")]
    assert frame.loc["2025-01-03", "Mkt-RF"] == 1.23  # percent, as written
    assert np.isnan(frame.loc["2025-01-03", "HML"])  # -99.99 is the missing code
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("F-F_Research_Data_Factors_daily.CSV", data)
    zframe, zvintage = parse_french(buf.getvalue(), "F-F_Research_Data_Factors_daily_CSV.zip")
    pd.testing.assert_frame_equal(frame, zframe)
    assert zvintage == vintage
    mom, _ = parse_french(FRENCH_MOM.encode())
    assert list(mom.columns) == ["Mom"] and mom.loc["2025-01-06", "Mom"] == -0.21


def test_parse_french_refuses_monthly_and_garbage() -> None:
    monthly = FRENCH_FF3.replace("20250102", "202501")
    with pytest.raises(FactorDataError, match="monthly"):
        parse_french(monthly.encode(), "F-F_Research_Data_Factors.CSV")
    with pytest.raises(FactorDataError, match="header"):
        parse_french(b"just some text\n1,2,3\n", "x.csv")
    with pytest.raises(FactorDataError, match=r"x.csv:8"):
        parse_french(FRENCH_FF3.replace("0.55", "n/a").encode(), "x.csv")


def test_import_french_zip_then_load(tmp_path: Path) -> None:
    z3, zm = tmp_path / "F-F_Research_Data_Factors_daily_CSV.zip", tmp_path / "mom.zip"
    for path, text, inner in ((z3, FRENCH_FF3, "F-F_Research_Data_Factors_daily.CSV"),
                              (zm, FRENCH_MOM, "F-F_Momentum_Factor_daily.CSV")):
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(inner, text)
    meta = import_factor_file(z3, cache_dir=tmp_path / "c")
    assert meta["vintage"] == "202601" and meta["format"] == "french"
    assert (factor_dir(tmp_path / "c") / z3.name).read_bytes() == z3.read_bytes()
    f = load_factors("ff3", "2025-01-06", "2025-01-06", cache_dir=tmp_path / "c")
    assert f.loc["2025-01-06"].tolist() == pytest.approx([0.0055, 0.0010, -0.0033, 0.00017])
    with pytest.raises(FactorDataError, match="missing factor values.*2025-01-03"):
        load_factors("ff3", cache_dir=tmp_path / "c")
    with pytest.raises(FactorDataError, match="says CRSP vintage 202601"):
        import_factor_file(zm, cache_dir=tmp_path / "c", vintage="202412")


def test_edited_cache_file_refused(tmp_path: Path) -> None:
    import_factor_file(CACHE / "factors" / "ff3_daily.csv", cache_dir=tmp_path, vintage="202412")
    path = factor_dir(tmp_path) / "ff3_daily.csv"
    path.write_text(path.read_text().replace("-0.12", "-0.13", 1))
    with pytest.raises(FactorDataError, match="checksum"):
        load_factors("ff3", cache_dir=tmp_path)


def test_cli_import_factors_with_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    manifest = tmp_path / "MANIFEST.csv"
    manifest.write_text("file,source_vintage_crsp,output_sha256\nff3_daily.csv,202412,x\n")
    code = main(["cache", "import-factors", str(CACHE / "factors" / "ff3_daily.csv"),
                 "--manifest", str(manifest), "--cache", str(tmp_path / "c")])
    assert code == 0
    assert "vintage 202412" in capsys.readouterr().out
    meta = json.loads((tmp_path / "c" / "factors" / "ff3.json").read_text())
    assert meta["provenance"]["manifest"]["file"] == "ff3_daily.csv"
    assert main(["cache", "import-factors", str(manifest), "--cache", str(tmp_path / "c")]) == 2


def test_cli_verify_checks_factor_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    import_factor_file(CACHE / "factors" / "ff3_daily.csv", cache_dir=tmp_path, vintage="202412")
    assert main(["cache", "verify", "--cache", str(tmp_path)]) == 0
    assert "1 ok, 0 failed" in capsys.readouterr().out
    path = factor_dir(tmp_path) / "ff3_daily.csv"
    path.write_text(path.read_text().replace("-0.12", "-0.13", 1))
    assert main(["cache", "verify", "--cache", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "0 ok, 1 failed" in captured.out and "checksum" in captured.err
