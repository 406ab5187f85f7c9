"""Hardening round 2: a new user's first study, and ~120 more bad inputs that end well.

Every bad input below gets exit code 2 (or the documented exception from a
library call), no traceback, one message saying what, where and how to fix
it, and leaves the price cache (sha256 of every file) and every user file
exactly as they were -- no file created, changed or removed. Most cases run
the real CLI in-process (``eventstudy.cli.main``); a few run
``python -m eventstudy`` in a real subprocess.

The cache is a private copy of the committed REAL ``cache/`` in a temporary
folder that is also the current folder (the default ``./cache``). Price
files written here are SYNTHETIC (derived from the copied real files by an
explicit edit, named in each test) and never leave the temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.cli import main
from eventstudy.exceptions import (
    CacheIntegrityError,
    DataCoverageError,
    OutputFolderError,
    PriceValidationError,
    SpecError,
)

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "study-file.md"

#: the first study of docs/study-file.md, shortened (three assets), offline
BASE = """\
title: "Steel tariffs announced, March 2018"
data: {source: cache}
model: {kind: market, benchmark: "^GSPC", estimation_window: [-100, -11], min_estimation_days: 80}
assets:
  - {ticker: "^GSPC", name: "S&P 500", model: constant_mean}
  - {ticker: XLI, name: "Industrials ETF"}
  - {ticker: CAT, name: Caterpillar}
groups: {industrials: [XLI, CAT]}
events:
  - {id: steel, title: "Steel tariffs", when: 2018-03-01}
claims:
  - {id: fall, text: "Industrials fell.", event: steel, assets: industrials,
     window: [0, 1], direction: down}
"""


def sub(old: str, new: str, text: str = BASE) -> str:
    """BASE with one edit (the edit must apply)."""
    assert old in text, old
    return text.replace(old, new, 1)


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (advisory lock files excluded)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace: a copy of the real cache in ``./cache``, the current folder."""
    shutil.copytree(REPO / "cache", tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTSTUDY_CACHE", raising=False)
    return tmp_path


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse usage errors
        rc = int(exc.code or 0)
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def refused(ws: Path, argv: list[str], pieces: tuple[str, ...],
            capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``; assert exit 2, no traceback, the pieces, nothing changed."""
    before = snapshot(ws)
    rc, text = cli(argv, capsys)
    assert rc == 2, text
    assert "Traceback" not in text, text
    assert "error" in text, text
    for piece in pieces:
        assert piece in text, f"{piece!r} not in:\n{text}"
    assert snapshot(ws) == before, "a refused input changed or created files"
    return text


# =============================================================== study files (validate)
#: id -> (study text or bytes, pieces of the message: what, where, fix)
STUDY_CASES: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
    "nested_500_deep": ("title: x\nassets: " + "[" * 500 + "]" * 500 + "\n",
                        ("nested too deeply", "s.yaml", "at most 20 levels")),
    "nested_block_600": ("a:\n" + "".join("  " * i + "- \n" for i in range(600)),
                         ("nested too deeply", "s.yaml", "docs/study-file.md")),
    "digits_5000": (sub("min_estimation_days: 80", "min_estimation_days: " + "9" * 5000),
                    ("5000 digits is too large", "s.yaml:3:", "model.min_estimation_days",
                     "plain number")),
    "float_400_digits": (sub("min_estimation_days: 80", "min_estimation_days: 1." + "5" * 400),
                         ("digits is too large", "s.yaml:3:", "plain number")),
    "window_1e20": (sub("window: [0, 1]", "window: [0, 100000000000000000000]"),
                    ("reaches more than 5000 sessions", "s.yaml:13:", "claims[0].window",
                     "offsets between -5000 and 5000")),
    "estimation_from_minus_1e6": (sub("[-100, -11]", "[-1000000, -11]"),
                                  ("reaches more than 5000 sessions", "s.yaml:3:",
                                   "model.estimation_window", "use offsets")),
    "event_windows_huge_negative": (sub("events:", "event_windows: [[-99999999, 0]]\nevents:"),
                                    ("reaches more than 5000", "event_windows[0]",
                                     "use offsets")),
    "year_2918": (sub("when: 2018-03-01", "when: 2918-03-01"),
                  ("2918-03-01 is outside the era of daily market prices", "s.yaml:10:",
                   "events[0].when", "check the year")),
    "year_9999": (sub("when: 2018-03-01", "when: 9999-12-31"),
                  ("9999-12-31 is outside the era", "events[0].when", "check the year")),
    "year_1900": (sub("when: 2018-03-01", "when: 1900-01-02"),
                  ("1900-01-02 is outside the era", "events[0].when", "check the year")),
    "datetime_year_2918": (sub("when: 2018-03-01",
                               'when: "2918-03-01T10:00", timezone: America/New_York'),
                           ("outside the era", "events[0].when", "check the year")),
    "range_into_future": (sub("when: 2018-03-01", "when: {from: 2018-03-01, to: 3018-03-02}"),
                          ("3018-03-02 is outside the era", "events[0].when", "check the year")),
    "context_event_future": (sub("claims:", "context_events: [{id: c, when: 2999-01-01}]\n"
                                 "claims:"),
                             ("outside the era", "context_events[0].when", "check the year")),
    "claim_assets_empty": (sub("assets: industrials", "assets: []"),
                           ("a claim needs at least one asset", "s.yaml:12:",
                            "claims[0].assets", "write assets: GM")),
    "needs_review_left": (BASE + "needs_review: [check the date]\n",
                          ("'needs_review' lists what `draft` could not decide", "s.yaml:14:",
                           "then delete the needs_review list")),
    "ticker_trailing_newline": (sub('ticker: XLI', 'ticker: "XLI\\n"'),
                                ("'XLI\\n' is not a Yahoo symbol", "s.yaml:6:",
                                 "assets[1].ticker", "plain Yahoo symbol")),
    "ticker_slash": (sub('ticker: CAT', 'ticker: "../../CAT"'),
                     ("is not a Yahoo symbol", "assets[2].ticker", "plain Yahoo symbol")),
    "ticker_65_chars": (sub('ticker: CAT', "ticker: " + "C" * 65),
                        ("is not a Yahoo symbol", "at most 64 characters", "assets[2].ticker")),
    "ticker_space": (sub('ticker: CAT', 'ticker: "CA T"'),
                     ("is not a Yahoo symbol", "assets[2].ticker", "plain Yahoo symbol")),
    "event_id_newline": (sub("id: steel,", 'id: "steel\\n",'),
                         ("may only contain letters", "events[0].id", "short identifier")),
    "latin1_file": (BASE.replace("Caterpillar", "Caterpillar caf\u00e9").encode("latin-1"),
                    ("not UTF-8 text", "byte 0xe9", "s.yaml", "save it as UTF-8")),
    "utf16_file": (BASE.encode("utf-16"),
                   ("not UTF-8 text", "s.yaml", "save it as UTF-8")),
    "default_min_days_too_big": (sub(", min_estimation_days: 80", ""),
                                 ("the default min_estimation_days 120 days cannot fit",
                                  "s.yaml:3:", "model.estimation_window",
                                  "set model.min_estimation_days to at most 90")),
    "min_days_too_big": (sub("min_estimation_days: 80", "min_estimation_days: 95"),
                         ("95 days cannot fit in the estimation window [-100, -11]",
                          "model.min_estimation_days", "widen the estimation window")),
    "min_days_negative": (sub("min_estimation_days: 80", "min_estimation_days: -3"),
                          ("greater than or equal to 2", "model.min_estimation_days")),
    "estimation_overlaps_window": (sub("[-100, -11]", "[-100, 0]"),
                                   ("must end before the earliest event window",
                                    "model.estimation_window", "end it at -2 or earlier")),
    "unknown_key_typo": (sub("benchmark:", "benchmrk:"),
                         ("unknown key 'benchmrk'", "model.benchmrk",
                          "did you mean 'benchmark'?")),
    "duplicate_key": (BASE + "title: again\n",
                      ("duplicate key 'title'", "s.yaml:14:", "keep only one")),
    "unknown_calendar": (sub("name: Caterpillar", "name: Caterpillar, calendar: NYSEE"),
                         ("unknown calendar 'NYSEE'", "assets[2].calendar", "did you mean")),
    "bad_timezone": (sub("when: 2018-03-01", 'when: "2018-03-01T10:00", '
                                             "timezone: Amercia/New_York"),
                     ("unknown time zone 'Amercia/New_York'", "events[0].timezone",
                      "did you mean 'America/New_York'?")),
    "naive_time": (sub("when: 2018-03-01", 'when: "2018-03-01T10:00"'),
                   ("has no time zone", "events[0].when", "add 'timezone:")),
    "claim_unknown_event": (sub("event: steel", "event: steal"),
                            ("unknown event 'steal'", "claims[0].event",
                             "did you mean 'steel'?")),
    "claim_unknown_group": (sub("assets: industrials", "assets: industrial"),
                            ("'industrial' is neither an asset nor a group",
                             "claims[0].assets", "did you mean 'industrials'?")),
    "benchmark_not_asset": (sub('benchmark: "^GSPC"', 'benchmark: "^GSPX"'),
                            ("benchmark '^GSPX' is not an asset", "model.benchmark",
                             "did you mean '^GSPC'?")),
    "inverted_window": (sub("window: [0, 1]", "window: [1, 0]"),
                        ("[1, 0] starts after it ends", "claims[0].window",
                         "write it as [0, 1]")),
    "window_three_numbers": (sub("window: [0, 1]", "window: [0, 1, 2]"),
                             ("claims[0].window", "[start, end]")),
    "window_as_text": (sub("window: [0, 1]", "window: zero to one"),
                       ("claims[0].window", "[start, end]")),
    "alpha_5": (sub("min_estimation_days: 80", "min_estimation_days: 80, alpha: 5"),
                ("less than 1", "model.alpha")),
    "alpha_inf": (sub("min_estimation_days: 80", "min_estimation_days: 80, alpha: .inf"),
                  ("less than 1", "model.alpha")),
    "top_level_list": ("- title: x\n", ("must be a mapping", "s.yaml", "docs/study-file.md")),
    "empty_file": ("", ("must be a mapping", "s.yaml")),
    "python_tag": (sub('title: "Steel', 'title: !!python/object:os.system "Steel'),
                   ("YAML tag", "is not allowed", "remove the tag")),
    "csv_path_missing": (sub("data: {source: cache}", "data: {source: csv, path: nope.csv}"),
                         ("nope.csv", "data.path")),
    "data_source_bogus": (sub("source: cache", "source: bloomberg"),
                          ("'bloomberg' is not one of", "data.source")),
    "data_price_bogus": (sub("data: {source: cache}", "data: {source: cache, price: mid}"),
                         ("'mid' is not one of", "data.price")),
    "model_kind_unknown": (sub("kind: market", "kind: garch"),
                           ("'garch' is not one of", "model.kind")),
    "group_named_like_ticker": (sub("groups: {industrials:", "groups: {XLI:"),
                                ("XLI", "groups")),
    "date_feb_30": (sub("when: 2018-03-01", "when: 2018-02-30"),
                    ("cannot read '2018-02-30'", "events[0].when", "write 2018-12-27")),
    "when_number": (sub("when: 2018-03-01", "when: 20180301"),
                    ("cannot read 20180301", "events[0].when", "write 2018-12-27")),
    "events_mapping": (sub("events:\n  - {id: steel, title: \"Steel tariffs\", when: 2018-03-01}",
                           "events: {id: steel, when: 2018-03-01}"),
                       ("events", "s.yaml")),
    "no_assets": (re.sub(r"assets:\n(  - .*\n)+", "assets: []\n", BASE),
                  ("assets", "s.yaml")),
    "alias_bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, "
                             f"*{p}, *{p}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True))
                   + "title: x\n", ("too large or uses too many aliases", "s.yaml")),
}


@pytest.mark.parametrize("case", sorted(STUDY_CASES))
def test_bad_study_file(case: str, ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, pieces = STUDY_CASES[case]
    path = ws / "s.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    refused(ws, ["validate", "s.yaml"], pieces, capsys)


@pytest.mark.parametrize("case", ["year_2918", "claim_assets_empty", "nested_500_deep",
                                  "digits_5000", "latin1_file"])
def test_bad_study_file_refused_by_run_too(case: str, ws: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text, pieces = STUDY_CASES[case]
    path = ws / "s.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"], pieces, capsys)


def test_bom_study_file_is_read(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    rc, text = cli(["validate", "s.yaml"], capsys)
    assert rc == 0, text
    assert "the cache covers every date run needs" in text


# ======================================== data coverage: validate fails exactly when run would
#: id -> (study text, extra args, pieces) -- validate and run must both refuse, same facts
COVERAGE_CASES: dict[str, tuple[str, list[str], tuple[str, ...]]] = {
    "default_window_march_2018": (
        sub("estimation_window: [-100, -11], min_estimation_days: 80", "estimation_window: "
            "[-250, -11]"), [],
        ("'^GSPC', 'ACWX', 'XLI', 'CAT' have no prices for 2017-03-02..2017-10-01",
         "cached 2017-10-02..2019-03-29", "estimation_window: [-102, -11], "
         "min_estimation_days: 92")),
    "typo_ticker": (sub("ticker: CAT", "ticker: CATT").replace("[XLI, CAT]", "[XLI, CATT]"), [],
                    ("'CATT'", "typo for 'CAT'")),
    "three_tickers_absent": (
        sub("ticker: CAT", "ticker: CATT").replace("[XLI, CAT]", "[XLI, CATT, DEE, BAA]")
        .replace("  - {ticker: CATT, name: Caterpillar}\n",
                 "  - {ticker: CATT}\n  - {ticker: DEE}\n  - {ticker: BAA}\n"), [],
        ("'CATT'", "'DEE'", "'BAA'", "typo for 'DE'")),
    "event_at_cache_end": (sub("when: 2018-03-01", "when: 2019-03-27").replace(
        "window: [0, 1]", "window: [0, 5]"), [],
        ("no prices for 2019-03-30..", "'XLI'")),
    # 90 sessions in [-100, -11] of 'late' minus the 3 of 'steel' [-1, 1]: 87 < 88
    "short_after_exclusions": (
        sub("min_estimation_days: 80", "min_estimation_days: 88").replace(
            "events:\n", "events:\n  - {id: late, when: 2018-06-01}\n"), [],
        ("only 87 usable estimation days, fewer than 88", "3 excluded for other events",
         "event 'late'", "lower model.min_estimation_days to 87")),
}


@pytest.mark.parametrize("case", sorted(COVERAGE_CASES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_validate_fails_exactly_when_run_would(case: str, command: str, ws: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text, extra, pieces = COVERAGE_CASES[case]
    (ws / "s.yaml").write_text(text, encoding="utf-8")
    argv = [command, "s.yaml", *extra]
    if command == "run":
        argv += ["--out", "reports/s", "--quiet"]
    out = refused(ws, argv, pieces, capsys)
    assert str(ws / "cache") in out  # the folder searched, absolute


@pytest.mark.parametrize(("min_days", "ok"), [(79, True), (80, False)])
def test_gap_inside_the_cache_counts_like_the_estimator(
        min_days: int, ok: bool, ws: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # SYNTHETIC: CAT's real file without 10 consecutive sessions inside the estimation
    # window: 10 gap days + the day after lose their returns, 90 - 11 = 79 usable
    lines = (ws / "cache" / "CAT.csv").read_text().splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("2017-12-01"))
    gapped = ws / "upload" / "CAT.csv"
    gapped.parent.mkdir()
    gapped.write_text("\n".join(lines[:start] + lines[start + 10:]) + "\n")
    assert cli(["cache", "import", str(gapped)], capsys)[0] == 0
    (ws / "s.yaml").write_text(sub("min_estimation_days: 80", f"min_estimation_days: {min_days}")
                               .replace("data: {source: cache}\n", ""))
    # online, so run's own estimator (not the coverage check) decides; nothing is downloaded
    monkeypatch.delenv("EVENTSTUDY_OFFLINE")
    for argv in (["validate", "s.yaml"], ["run", "s.yaml", "--out", "o", "--quiet"]):
        rc, out = cli(argv, capsys)
        assert rc == (0 if ok else 2), out
        assert "Traceback" not in out
        if not ok:
            assert "only 79 usable estimation days" in out, out


def test_window_0_60_inside_the_cache_runs(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'What was seen': an event window [0, 60] inside the cache was refused by run
    text = sub("window: [0, 1]", "window: [0, 60]").replace("when: 2018-03-01",
                                                            "when: 2018-06-01")
    (ws / "s.yaml").write_text(text)
    rc, out = cli(["validate", "s.yaml"], capsys)
    assert rc == 0 and "the cache covers every date run needs" in out, out
    rc, out = cli(["run", "s.yaml", "--out", "reports/s", "--quiet"], capsys)
    assert rc == 0, out
    car = pd.read_csv(ws / "reports" / "s" / "car.csv")
    row = car[(car["rel_end"] == 60) & (car["role"] == "primary")].iloc[0]
    # 61 NYSE sessions from 2018-06-01 (independent: pandas business days minus July 4th)
    days = pd.bdate_range("2018-06-01", row["window_end"])
    assert len(days.difference(pd.DatetimeIndex(["2018-07-04"]))) == 61


def test_first_study_with_the_suggested_window_works(ws: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # the fix the message gives (default window, March 2018) is itself a study that runs
    text = sub("estimation_window: [-100, -11], min_estimation_days: 80",
               "estimation_window: [-250, -11]")
    (ws / "s.yaml").write_text(text)
    rc, out = cli(["validate", "s.yaml"], capsys)
    assert rc == 2
    fix = re.search(r"estimation_window: \[(-\d+), -11\], min_estimation_days: (\d+)", out)
    assert fix is not None, out
    (ws / "s.yaml").write_text(sub("estimation_window: [-100, -11], min_estimation_days: 80",
                                   f"estimation_window: [{fix[1]}, -11], "
                                   f"min_estimation_days: {fix[2]}"))
    rc, out = cli(["validate", "s.yaml"], capsys)
    assert rc == 0, out
    rc, out = cli(["run", "s.yaml", "--out", "reports/s", "--quiet"], capsys)
    assert rc == 0, out


def test_cache_is_found_from_another_folder(ws: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "s.yaml").write_text(BASE)
    elsewhere = ws / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # no ./cache here: every ticker is named at once, with the folder searched and --cache
    text = refused(ws, ["run", "../s.yaml", "--out", "out", "--quiet"],
                   (str(elsewhere / "cache"), "'^GSPC'", "'XLI'", "'CAT'", "does not exist",
                    "--cache DIR"), capsys)
    assert "cache cache" not in text
    refused(ws, ["validate", "../s.yaml"], (str(elsewhere / "cache"), "NOT IN THE CACHE"),
            capsys)
    # --cache DIR works on run and validate
    rc, out = cli(["validate", "../s.yaml", "--cache", str(ws / "cache")], capsys)
    assert rc == 0, out
    rc, out = cli(["run", "../s.yaml", "--cache", "../cache", "--out", "out", "--quiet"], capsys)
    assert rc == 0, out


def test_study_cache_relative_to_the_study_file(ws: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    sub_dir = ws / "studies"
    sub_dir.mkdir()
    (sub_dir / "s.yaml").write_text(sub("data: {source: cache}",
                                        "data: {source: cache, cache: ../cache}"))
    monkeypatch.chdir(sub_dir.parent / "cache")  # any folder: data.cache follows the file
    rc, out = cli(["validate", str(sub_dir / "s.yaml")], capsys)
    assert rc == 0, out
    assert f"cache folder '{ws / 'cache'}'" in out  # absolute, normalised


def test_cache_option_nonexistent(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--cache", "nowhere", "--out", "o", "--quiet"],
            (str(ws / "nowhere"), "does not exist"), capsys)


# ================================================================ prices you can trust
def _edit_cache_file(ws: Path, ticker: str, day: str, factor: float | str) -> Path:
    """A SYNTHETIC copy of a real cached file with one day's prices changed."""
    lines = (ws / "cache" / f"{ticker}.csv").read_text().splitlines()
    out = []
    for line in lines:
        if line.startswith(day):
            cells = line.split(",")
            for i in (1, 2, 3, 4, 5):
                cells[i] = factor if isinstance(factor, str) else repr(float(cells[i]) * factor)
            line = ",".join(cells)
        out.append(line)
    path = ws / "upload" / f"{ticker}.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(out) + "\n")
    return path


@pytest.mark.parametrize("cell", ["inf", "-inf", "Infinity", "1e400"])
def test_import_refuses_infinite_prices(cell: str, ws: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = _edit_cache_file(ws, "CAT", "2018-03-01", cell)
    refused(ws, ["cache", "import", str(path), "--ticker", "CATX"],
            ("CAT.csv", "2018-03-01", "finite" if cell != "-inf" else "2018-03-01"), capsys)


def test_price_typo_x100_is_flagged_next_to_the_numbers(ws: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    # SYNTHETIC: CAT's real 2018-03-01 prices multiplied by 100 (a typo), re-imported
    path = _edit_cache_file(ws, "CAT", "2018-03-01", 100.0)
    assert cli(["cache", "import", str(path)], capsys)[0] == 0
    (ws / "s.yaml").write_text(BASE.replace("assets: industrials", "assets: CAT"))
    rc, out = cli(["run", "s.yaml", "--out", "reports/s", "--quiet"], capsys)
    assert rc == 0
    assert "isolated price spike that reverses the next day (2018-03-01 x" in out
    car = pd.read_csv(ws / "reports" / "s" / "car.csv")
    row = car[(car["asset"] == "CAT") & (car["rel_end"] == 1) & (car["role"] == "primary")]
    assert "price spike" in row["data_issues"].iloc[0]
    claims = json.loads((ws / "reports" / "s" / "claims.json").read_text())["claims"]
    assert any("price spike" in m for m in claims[0]["data_issues"])
    study = json.loads((ws / "reports" / "s" / "study.json").read_text())
    assert {"price_spike"} <= {i["kind"] for i in study["data_issues"]}
    html = (ws / "reports" / "s" / "report.html").read_text()
    assert "isolated price spike" in html


def test_price_spike_detector_against_a_brute_force_rule() -> None:
    from eventstudy.data.sanity import price_spikes

    gen = np.random.default_rng(16)  # SYNTHETIC, seeded random walk
    r = gen.normal(0, 0.01, 300)
    p = pd.Series(30 * np.exp(np.cumsum(r)), index=pd.bdate_range("2018-01-01", periods=300))
    assert price_spikes(p) == []
    q = p.copy()
    q.iloc[150] *= 100
    found = price_spikes(q)
    # brute force: the only day whose ratio to both neighbours exceeds 50
    ratio = (q / q.shift(1)).to_numpy()
    brute = [q.index[i] for i in range(1, 299) if ratio[i] > 50 and ratio[i + 1] < 1 / 50]
    assert [d for d, _, _ in found] == brute == [q.index[150]]
    # a permanent jump (news) is not a spike
    s = p.copy()
    s.iloc[150:] *= 1.5
    assert price_spikes(s) == []


def test_benchmark_equal_to_the_asset_is_flagged(ws: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # SYNTHETIC: XLI's real file imported again under another name is XLI's twin
    shutil.copy(ws / "cache" / "XLI.csv", ws / "TWIN.csv")
    assert cli(["cache", "import", str(ws / "TWIN.csv"), "--ticker", "TWIN"], capsys)[0] == 0
    text = BASE.replace('benchmark: "^GSPC"', 'benchmark: "TWIN"').replace(
        '  - {ticker: "^GSPC", name: "S&P 500", model: constant_mean}',
        '  - {ticker: "^GSPC", name: "S&P 500", model: constant_mean}\n'
        '  - {ticker: TWIN, model: constant_mean}').replace("assets: industrials",
                                                            "assets: XLI")
    (ws / "s.yaml").write_text(text)
    rc, out = cli(["run", "s.yaml", "--out", "reports/s", "--quiet"], capsys)
    assert rc == 0, out
    assert "XLI: its benchmark TWIN is identical to it" in out
    claims = json.loads((ws / "reports" / "s" / "claims.json").read_text())["claims"]
    assert any("identical to it" in m for m in claims[0]["data_issues"])


def test_benchmark_equality_rule_against_numpy() -> None:
    from eventstudy.data.sanity import benchmark_equals_asset

    gen = np.random.default_rng(7)  # SYNTHETIC
    idx = pd.bdate_range("2018-01-01", periods=100)
    a = pd.Series(gen.normal(0, 0.01, 100), index=idx)
    near = a + gen.normal(0, 0.00005, 100)
    far = a + gen.normal(0, 0.005, 100)
    assert benchmark_equals_asset("A", "B", a, a, idx, "w")
    # numpy: sd(a - near) / sd(a) well below 1 %, sd(a - far) / sd(a) about 50 %
    assert np.std(a - near, ddof=1) / np.std(a, ddof=1) < 0.01
    assert benchmark_equals_asset("A", "B", a, near, idx, "w")
    assert benchmark_equals_asset("A", "B", a, far, idx, "w") == []


# ============================================================ study CSVs and factor files
CSV_HEAD = "date,^GSPC,XLI,CAT\n"


def _wide_csv(ws: Path, edit: tuple[str, str] | None = None) -> Path:
    """The real cached Adj Close of the three assets as a wide CSV (one cell edited)."""
    cols = {}
    for t in ("^GSPC", "XLI", "CAT", "ACWX"):
        f = pd.read_csv(ws / "cache" / f"{t}.csv", index_col="Date", dtype={"Adj Close": str})
        cols[t] = f["Adj Close"]
    frame = pd.DataFrame(cols)
    if edit is not None:
        frame.loc[edit[0], "CAT"] = edit[1]
    path = ws / "prices.csv"
    frame.rename_axis("date").to_csv(path)
    return path


@pytest.mark.parametrize(("cell", "pieces"), [
    ("inf", ("prices.csv: row", "column 'CAT'", "'inf' is not a finite number",
             "plain numbers")),
    ("-Infinity", ("column 'CAT'", "is not a finite number")),
    ("1e999", ("column 'CAT'", "is not a finite number")),
    ("12 USD", ("column 'CAT'", "'12 USD' is not a number")),
    ("-3", ("column 'CAT'", "is not positive")),
])
def test_study_csv_cells(cell: str, pieces: tuple[str, ...], ws: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    _wide_csv(ws, ("2018-02-01", cell))
    (ws / "s.yaml").write_text(sub("data: {source: cache}",
                                   "data: {source: csv, path: prices.csv}"))
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"], pieces, capsys)
    refused(ws, ["validate", "s.yaml"], pieces, capsys)


def test_study_csv_mixed_utc_offsets(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _wide_csv(ws)
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(lines[1][:10], lines[1][:10] + "T00:00:00+00:00", 1)
    lines[2] = lines[2].replace(lines[2][:10], lines[2][:10] + "T00:00:00-05:00", 1)
    path.write_text("\n".join(lines) + "\n")
    (ws / "s.yaml").write_text(sub("data: {source: cache}",
                                   "data: {source: csv, path: prices.csv}"))
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"],
            ("prices.csv", "mix different UTC offsets", "YYYY-MM-DD"), capsys)


def test_factor_file_with_inf(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # SYNTHETIC factor values (one infinite); the study refers to them with model: factor
    days = pd.bdate_range("2017-10-02", "2018-03-30")
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "MKT": 0.001,
                          "SMB": ["0.0"] * len(days)})
    frame.loc[10, "SMB"] = "inf"
    frame.to_csv(ws / "factors.csv", index=False)
    (ws / "s.yaml").write_text(sub("kind: market,", "kind: factor, factors: factors.csv,"))
    for command in (["run", "s.yaml", "--out", "reports/s", "--quiet"], ["validate", "s.yaml"]):
        refused(ws, command, ("factors.csv:12", "column 'SMB'", "is not a finite number"),
                capsys)


# ======================================================================= cache files
def test_sidecar_that_is_a_json_list(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "cache" / "CAT.json").write_text("[1, 2, 3]")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"],
            ("CAT.json", "is not a JSON object", "fetch or import again"), capsys)
    refused(ws, ["cache", "show", "CAT"], ("CAT.json", "not a JSON object"), capsys)
    rc, text = cli(["cache", "list"], capsys)
    assert rc == 0 and "Traceback" not in text and "CAT" not in text.split("series")[1]
    rc, text = cli(["cache", "verify"], capsys)
    assert "Traceback" not in text


def test_sidecar_invalid_json(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "cache" / "CAT.json").write_text("{not json")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"],
            ("CAT.json", "unreadable", "fetch or import again"), capsys)


def test_verify_catches_a_truncated_file_with_a_fresh_checksum(
        ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = ws / "cache" / "CAT.csv"
    lines = csv.read_bytes().splitlines(keepends=True)
    half = b"".join(lines[: len(lines) // 2])
    csv.write_bytes(half)
    meta = json.loads((ws / "cache" / "CAT.json").read_text())
    meta["sha256"] = hashlib.sha256(half).hexdigest()  # the checksum "updated"
    (ws / "cache" / "CAT.json").write_text(json.dumps(meta))
    before = snapshot(ws)
    rc, text = cli(["cache", "verify"], capsys)
    assert rc == 1 and "Traceback" not in text
    assert "CAT.csv does not match its sidecar" in text and "rows" in text
    assert snapshot(ws) == before
    with pytest.raises(CacheIntegrityError, match="last_date"):
        es.data.PriceCache(ws / "cache").verify("CAT")


def test_edited_cache_file_is_refused(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = ws / "cache" / "XLI.csv"
    csv.write_text(csv.read_text().replace("2018-02-01,", "2018-02-01,1", 1))
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "reports/s", "--quiet"],
            ("XLI.csv", "does not match its checksum", "restore it"), capsys)


@pytest.mark.parametrize(("ticker", "pieces"), [
    ("SYN\n", ("'SYN\\n'", "not")),
    ("../evil", ("'../evil'", "not")),
    ("", ("--ticker is empty", "--ticker CAT")),
    ("A" * 80, ("AAAA",)),
])
def test_import_under_a_bad_ticker(ticker: str, pieces: tuple[str, ...], ws: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ws / "cache" / "CAT.csv", ws / "X.csv")
    refused(ws, ["cache", "import", str(ws / "X.csv"), "--ticker", ticker], pieces, capsys)
    assert not any("\n" in p.name for p in (ws / "cache").iterdir())


def test_import_latin1_manifest(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ws / "cache" / "CAT.csv", ws / "CAT.csv")
    (ws / "MANIFEST.csv").write_bytes("ticker,name\nCAT,Caterpillar \u00e9\n".encode("latin-1"))
    refused(ws, ["cache", "import", str(ws / "CAT.csv"), "--manifest", "MANIFEST.csv"],
            ("MANIFEST.csv is not UTF-8 text", "byte 0xe9", "save it as UTF-8"), capsys)


@pytest.mark.parametrize(("name", "content", "pieces"), [
    ("nofile.csv", None, ("nofile.csv",)),
    ("empty.csv", b"", ("empty.csv",)),
    ("words.csv", b"hello world\n", ("words.csv", "not a Yahoo-layout price file")),
    ("manifest_no_ticker", b"", ("has no 'ticker' column",)),
])
def test_import_bad_files(name: str, content: bytes | None, pieces: tuple[str, ...], ws: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    if name == "manifest_no_ticker":
        shutil.copy(ws / "cache" / "CAT.csv", ws / "CAT.csv")
        (ws / "M.csv").write_text("symbol,name\nCAT,x\n")
        argv = ["cache", "import", str(ws / "CAT.csv"), "--manifest", "M.csv"]
    else:
        if content is not None:
            (ws / name).write_bytes(content)
        argv = ["cache", "import", str(ws / name), "--ticker", "ZZZ"]
    refused(ws, argv, pieces, capsys)


def test_cache_show_unknown(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(ws, ["cache", "show", "CATT"], ("'CATT' is not in the cache folder",
                                           str(ws / "cache")), capsys)


# ===================================================================== CLI arguments
@pytest.mark.parametrize(("argv", "pieces"), [
    (["fetch", "--tickers", "CAT", "--start", "2018-13-01", "--end", "2018-12-31"],
     ("--start '2018-13-01' is not a date", "YYYY-MM-DD")),
    (["fetch", "--tickers", "CAT", "--start", "2018-01-01", "--end", "2018-02-30"],
     ("--end '2018-02-30' is not a date", "YYYY-MM-DD")),
    (["fetch", "--tickers", "CAT", "--start", "2018-03-01", "--end", "2018-01-01"],
     ("is before start",)),
    (["fetch", "--tickers", "CA\nT", "--start", "2018-01-01", "--end", "2018-02-01"],
     ("'CA\\nT'",)),
    (["fetch"], ("nothing to fetch", "python -m eventstudy fetch STUDY.yaml")),
    (["run", "missing.yaml"], ("study file not found: missing.yaml",)),
    (["validate", "missing.yaml"], ("study file not found", "check the path")),
    (["run", "cache"], ("cache",)),
    (["validate", "cache"], ("cannot read the study file", "cache")),
    (["fetch", "missing.yaml"], ("study file not found",)),
    (["cache", "verify", "--cache", "nowhere"], ()),
    (["validate", "s.yaml", "--csv", "no/such/folder/plan.csv"],
     ("cannot write the plan to no/such/folder/plan.csv", "existing folder")),
])
def test_bad_cli_arguments(argv: list[str], pieces: tuple[str, ...], ws: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_text(BASE)
    if argv[:3] == ["cache", "verify", "--cache"]:
        rc, text = cli(argv, capsys)
        assert rc == 0 and "Traceback" not in text and "0 ok, 0 failed" in text
        return
    refused(ws, argv, pieces, capsys)


def test_fetch_cache_study_names_every_gap_offline(ws: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_text(sub("estimation_window: [-100, -11], min_estimation_days: 80",
                                   "estimation_window: [-250, -11]"))
    refused(ws, ["fetch", "s.yaml"], ("'^GSPC', 'ACWX', 'XLI', 'CAT' have no prices for "
                                      "2017-03-02..2017-10-01", "fetch downloads nothing",
                                      "estimation_window: [-102, -11]"), capsys)


# ============================================================================ --out
def _run_ok(ws: Path, out: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    (ws / "s.yaml").write_text(BASE)
    rc, text = cli(["run", "s.yaml", "--out", out, "--quiet", *extra], capsys)
    assert rc == 0, text
    return text


@pytest.mark.parametrize(("out", "pieces"), [
    ("", ("the output folder is empty", "name a folder")),
    ("cache", ("is inside the price cache", "outside the cache")),
    ("cache/reports", ("is inside the price cache",)),
    (".", ("is the current folder", "sub-folder")),
    ("..", ("is the current folder or one of its parents",)),
    ("s.yaml", ("s.yaml is a file", "--out DIR")),
    ("s.yaml/out", ("is a file, not a folder", "--out DIR")),
])
def test_bad_out_folders(out: str, pieces: tuple[str, ...], ws: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", out, "--quiet"], pieces, capsys)


def test_out_around_the_cache(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ws / "store"
    shutil.copytree(ws / "cache", store / "cache")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--cache", str(store / "cache"), "--out", str(store),
                 "--quiet"], ("is around the price cache", "outside the cache"), capsys)


def test_out_symlink_folder(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "real").mkdir()
    os.symlink(ws / "real", ws / "link")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "link", "--quiet"],
            ("is a symbolic link", "never follow links"), capsys)


def test_out_file_linked_into_the_cache(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 'What was seen': out/car.csv a link to cache/GM.csv made run overwrite the cache
    (ws / "out").mkdir()
    os.symlink(ws / "cache" / "GM.csv", ws / "out" / "car.csv")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "out", "--quiet"],
            ("car.csv is a symbolic link", "replaces only files it wrote"), capsys)
    # with --force the link itself is replaced, never followed: the cache is untouched
    before = snapshot(ws / "cache")
    rc, text = cli(["run", "s.yaml", "--out", "out", "--quiet", "--force"], capsys)
    assert rc == 0, text
    assert not (ws / "out" / "car.csv").is_symlink()
    assert snapshot(ws / "cache") == before
    assert cli(["cache", "verify"], capsys)[0] == 0


def test_out_with_user_files(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "out").mkdir()
    (ws / "out" / "report.html").write_text("my own report")
    (ws / "out" / "notes.txt").write_text("my notes")
    (ws / "s.yaml").write_text(BASE)
    refused(ws, ["run", "s.yaml", "--out", "out", "--quiet"],
            ("report.html exists and was not written by eventstudy", "--force"), capsys)
    rc, text = cli(["run", "s.yaml", "--out", "out", "--quiet", "--force"], capsys)
    assert rc == 0, text
    assert (ws / "out" / "notes.txt").read_text() == "my notes"  # others kept
    assert "my own report" not in (ws / "out" / "report.html").read_text()


def test_out_rerun_replaces_own_folder_whole(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run_ok(ws, "out", capsys)
    marker = json.loads((ws / "out" / ".eventstudy-output.json").read_text())
    assert {"report.html", "car.csv", "study.json"} <= set(marker["files"])
    (ws / "out" / "stale.csv").unlink(missing_ok=True)
    _run_ok(ws, "out", capsys)  # no --force needed over our own files
    assert not [p for p in ws.iterdir() if p.name.startswith(".out.")]  # no temp left


def test_out_written_before_markers_is_recognised(ws: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # a folder from an earlier eventstudy (no marker) is replaced without --force ...
    _run_ok(ws, "out", capsys)
    (ws / "out" / ".eventstudy-output.json").unlink()
    _run_ok(ws, "out", capsys)
    # ... but a study.json that is not eventstudy's does not make the folder ours
    (ws / "out" / ".eventstudy-output.json").unlink()
    (ws / "out" / "study.json").write_text('{"mine": true}')
    refused(ws, ["run", "s.yaml", "--out", "out", "--quiet"],
            ("exists and was not written by eventstudy", "--force"), capsys)


def test_failure_while_writing_leaves_the_old_folder(ws: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # 'What was seen': a failure mid-write left new car.csv beside an old report.html
    _run_ok(ws, "out", capsys)
    before = snapshot(ws / "out")
    from eventstudy.pipeline.result import StudyResult

    def boom(self: object, path: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(StudyResult, "to_html", boom)
    (ws / "s.yaml").write_text(BASE)
    rc, text = cli(["run", "s.yaml", "--out", "out", "--quiet"], capsys)
    assert rc == 2 and "No space left on device" in text and "Traceback" not in text
    assert snapshot(ws / "out") == before  # the earlier run's folder, whole
    assert not [p for p in ws.iterdir() if p.name.startswith(".out.")]


def test_ctrl_c_mid_write_keeps_the_old_folder(ws: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # 'What was seen': Ctrl-C mid-write left four valid-looking files and no report
    _run_ok(ws, "out", capsys)
    before = snapshot(ws / "out")
    from eventstudy.pipeline.result import StudyResult

    def interrupt(self: object, path: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(StudyResult, "to_html", interrupt)
    rc, text = cli(["run", "s.yaml", "--out", "out", "--quiet"], capsys)
    assert rc == 130 and "interrupted" in text and "Traceback" not in text
    assert snapshot(ws / "out") == before
    assert not [p for p in ws.iterdir() if p.name.startswith(".out.")]


def test_sigkill_mid_write_leaves_no_half_folder(ws: Path) -> None:
    # a real process killed while writing (it blocks inside to_html) leaves no 'out'
    (ws / "s.yaml").write_text(BASE)
    code = (
        "import os, signal, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from eventstudy.pipeline import result\n"
        "def stop(self, path):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "result.StudyResult.to_html = stop\n"
        "from eventstudy.cli import main\n"
        "sys.exit(main(['run', 's.yaml', '--out', 'out', '--quiet']))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVENTSTUDY_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ws, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr
    assert not (ws / "out").exists()  # nothing that looks like a finished run


# ===================================================================== library calls
@pytest.mark.parametrize("arg", [{}, {"title": "x"}, 5, None, 3.5, ["s.yaml"]])
def test_library_run_bad_argument(arg: object, ws: Path) -> None:
    before = snapshot(ws)
    with pytest.raises(SpecError) as info:
        es.run(arg)  # type: ignore[arg-type]
    assert info.value.issues and str(info.value)
    assert snapshot(ws) == before


def test_library_run_dict(ws: Path) -> None:
    from eventstudy.spec.load import parse_yaml

    data, _ = parse_yaml(BASE)
    res = es.run(data)  # a dict of the study file's fields runs like the file
    assert [r["id"] for r in res.claim_records] == ["fall"]
    assert set(res.cars["asset"]) >= {"XLI", "CAT", "^GSPC"}


def test_library_run_missing_file(ws: Path) -> None:
    with pytest.raises(SpecError, match="study file not found"):
        es.run("missing.yaml")


def test_library_run_out_in_cache(ws: Path) -> None:
    (ws / "s.yaml").write_text(BASE)
    before = snapshot(ws)
    with pytest.raises(OutputFolderError) as info:
        es.run("s.yaml", out="cache/x")
    assert info.value.reason == "cache" and "python -m" not in str(info.value)
    assert snapshot(ws) == before


def test_library_coverage_error_carries_fields(ws: Path) -> None:
    (ws / "s.yaml").write_text(sub("estimation_window: [-100, -11], min_estimation_days: 80",
                                   "estimation_window: [-250, -11]"))
    with pytest.raises(DataCoverageError) as info:
        es.run("s.yaml", offline=True)
    exc = info.value
    assert exc.folder == (ws / "cache").absolute()
    assert {t for t, _ in exc.missing} == {"^GSPC", "ACWX", "XLI", "CAT"}
    assert exc.ticker == "^GSPC"
    assert exc.fit == (-102, -11)
    ranges = dict(exc.missing)["CAT"]
    assert ranges == ((pd.Timestamp("2017-03-02"), pd.Timestamp("2017-10-01")),)
    assert "python -m eventstudy" not in str(exc)  # shell advice is the CLI's


def test_library_load_prices_offline_miss(ws: Path) -> None:
    with pytest.raises(DataCoverageError) as info:
        es.data.load_prices(["CAT", "ZZZ"], "2018-01-01", "2018-02-01", offline=True)
    assert info.value.ticker == "ZZZ" and info.value.folder == (ws / "cache").absolute()


def test_library_csvsource_inf(ws: Path) -> None:
    _wide_csv(ws, ("2018-02-01", "inf"))
    with pytest.raises(PriceValidationError, match="is not a finite number"):
        es.data.CsvSource(ws / "prices.csv").fetch("CAT", "2018-01-01", "2018-03-01")


def test_library_study_claim_without_assets() -> None:
    with pytest.raises(SpecError, match="at least one asset"):
        es.Study(title="x", assets=[{"ticker": "GM"}], model={"kind": "constant_mean"},
                 events=[{"id": "e", "when": "2018-12-03"}],
                 claims=[{"id": "c", "text": "t", "event": "e", "assets": [],
                          "window": [0, 1], "direction": "up"}])


def test_library_required_data_any_window_length() -> None:
    from eventstudy.pipeline.coverage import required_data
    from eventstudy.spec.load import study_from_text

    study = study_from_text(sub("window: [0, 1]", "window: [0, 200]"))
    spans = required_data(study, chart=False)
    # 200 NYSE sessions after 2018-03-01 end in mid-December 2018 (pandas business days)
    assert spans["CAT"][1] >= pd.bdate_range("2018-03-01", periods=201)[-1]


# ======================================================= the docs' recipes, executed
def _blocks(kind: str) -> list[tuple[str, str]]:
    """(preceding paragraph, body) of every ```kind block of docs/study-file.md."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(rf"```{kind}\n(.*?)```", text, re.S):
        before = text[: m.start()].rstrip().rsplit("\n\n", 1)[-1]
        out.append((before, m.group(1)))
    return out


@pytest.fixture
def docs_ws(ws: Path) -> Path:
    """The workspace with the repository's studies and the docs' saved YAML files."""
    shutil.copytree(REPO / "studies", ws / "studies")
    for before, body in _blocks("yaml"):
        name = re.search(r"Save this as `([^`]+)`", before)
        if name:
            (ws / name[1]).write_text(body, encoding="utf-8")
    return ws


def test_docs_every_command_block_runs(docs_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _blocks("sh")
    assert len(blocks) >= 2
    cache_before = snapshot(docs_ws / "cache")
    n = 0
    for _, body in blocks:
        for line in body.splitlines():
            if not line.strip():
                continue
            argv = shlex.split(line)
            assert argv[:3] == ["python", "-m", "eventstudy"], line
            rc, text = cli(argv[3:], capsys)
            assert rc == 0, f"{line}\n{text}"
            assert "Traceback" not in text
            n += 1
    assert n >= 3
    assert snapshot(docs_ws / "cache") == cache_before
    assert (docs_ws / "reports" / "steel" / "report.html").exists()


def test_docs_python_blocks_run(docs_ws: Path) -> None:
    for _, body in _blocks("python"):
        exec(compile(body, str(DOC), "exec"), {})  # noqa: S102 - our own docs


def test_docs_first_study_is_what_a_user_would_write(docs_ws: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # online default (source: yahoo) and --offline both work on the first try
    text = (docs_ws / "steel.yaml").read_text().replace("data: {source: cache}\n", "")
    (docs_ws / "steel2.yaml").write_text(text)
    rc, out = cli(["run", "steel2.yaml", "--out", "reports/a", "--quiet", "--offline"], capsys)
    assert rc == 0, out
    monkeypatch.delenv("EVENTSTUDY_OFFLINE")  # online default; sockets blocked (conftest)
    rc, out = cli(["run", "steel2.yaml", "--out", "reports/b", "--quiet"], capsys)
    assert rc == 0, out  # nothing needed downloading


# ========================================================= real processes (a few)
@pytest.mark.parametrize(("argv", "piece"), [
    (["validate", "s.yaml"], "outside the era of daily market prices"),
    (["run", "s.yaml", "--out", "cache"], "is inside the price cache"),
    (["cache", "import", "X.csv", "--ticker", "SYN\n"], "'SYN\\n'"),
])
def test_real_process(argv: list[str], piece: str, ws: Path) -> None:
    (ws / "s.yaml").write_text(sub("when: 2018-03-01", "when: 2918-03-01")
                               if argv[0] == "validate" else BASE)
    shutil.copy(ws / "cache" / "CAT.csv", ws / "X.csv")
    before = snapshot(ws)
    env = {**os.environ, "PYTHONPATH": str(REPO), "EVENTSTUDY_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "eventstudy", *argv], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and piece in proc.stderr
    assert snapshot(ws) == before


# ======================================== 'What was seen' items not covered above by name
def test_three_typos_give_three_messages(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sub("benchmark:", "benchmrk:").replace("name: Caterpillar}",
                                                 "name: Caterpillar, calender: XNYS}")
    text = text.replace("when: 2018-03-01}", "when: 2018-03-01, timezon: UTC}")
    (ws / "s.yaml").write_text(text)
    out = refused(ws, ["validate", "s.yaml"], ("3 problems", "did you mean 'benchmark'?",
                                               "did you mean 'calendar'?",
                                               "did you mean 'timezone'?"), capsys)
    assert out.count("s.yaml:") == 3 + 1  # the header names the file once more


def test_validate_prints_the_overlap_warning_once(ws: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "s.yaml").write_text(sub("events:\n", "events:\n  - {id: next, when: 2018-03-02}\n"))
    rc, out = cli(["validate", "s.yaml"], capsys)
    assert rc == 0, out
    assert out.count("warning: 1 pair of events has overlapping event windows") == 1


def test_offline_run_names_every_missing_ticker(ws: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = COVERAGE_CASES["three_tickers_absent"][0].replace("data: {source: cache}\n", "")
    (ws / "s.yaml").write_text(text)
    out = refused(ws, ["run", "s.yaml", "--offline", "--out", "o", "--quiet"],
                  ("'CATT'", "'DEE'", "'BAA'", "offline: --offline"), capsys)
    assert out.count("error:") == 1


def test_online_default_window_unreachable_gives_a_fix_that_works(
        ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # online (the default) with Yahoo unreachable: the default window needs 2017 prices
    from fake_yfinance import FakeYFinance

    import eventstudy.data.load as load_mod

    fake = FakeYFinance(default="offline")
    monkeypatch.setattr(load_mod, "_default_source",
                        lambda: es.data.YahooSource(fake, sleep=fake.sleeps.append))
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    text = sub("data: {source: cache}\n", "").replace(
        "estimation_window: [-100, -11], min_estimation_days: 80", "estimation_window: [-250, -11]")
    (ws / "s.yaml").write_text(text)
    out = refused(ws, ["run", "s.yaml", "--out", "o", "--quiet"],
                  ("could not reach Yahoo", str(ws / "cache"),
                   "estimation_window: [-102, -11], min_estimation_days: 92",
                   "in the shell: `python -m eventstudy fetch s.yaml`"), capsys)
    assert "python -m eventstudy" not in out.split("in the shell:")[0]  # library part
    n_calls = len(fake.calls)
    (ws / "s.yaml").write_text(text.replace("estimation_window: [-250, -11]",
                                            "estimation_window: [-102, -11], "
                                            "min_estimation_days: 92"))
    rc, out = cli(["run", "s.yaml", "--out", "o", "--quiet"], capsys)
    assert rc == 0, out
    assert len(fake.calls) == n_calls  # the fixed study downloads nothing
