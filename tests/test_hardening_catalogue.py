"""Bad-input catalogue: every bad input gets one clear message, exit code 2, no
traceback, and leaves the price cache byte-for-byte unchanged.

Each case runs the real CLI (``eventstudy.cli.main``) in-process; a subset also
runs ``python -m eventstudy`` in a real subprocess. The study files are in
``tests/data/bad/*.yaml`` (one per case, first line says what is wrong); the
price files ``tests/data/bad/synthetic_*.csv`` are SYNTHETIC (seeded, written
by ``tests/data/bad/make_csv.py``). The cache is a temporary copy of the
committed ``cache/`` pointed to by ``$EVENTSTUDY_CACHE``; its sha256 snapshot
(every file except the empty advisory ``.lock`` files) is compared before and
after each case.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eventstudy.cli import main

REPO = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "data" / "bad"


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (lock files excluded: empty, advisory)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the committed cache, used through ``$EVENTSTUDY_CACHE``."""
    dst = tmp_path / "cache"
    shutil.copytree(REPO / "cache", dst)
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(dst))
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    return dst


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = main(argv)
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def check(rc: int, text: str, expected: tuple[str, ...]) -> None:
    assert rc == 2, text
    assert "Traceback" not in text, text
    assert "error: " in text, text
    for piece in expected:
        assert piece in text, f"{piece!r} not in:\n{text}"


# ------------------------------------------------------------------ study files
#: case -> (command, what, where, how to fix) -- three pieces of the one message
SPEC_CASES: dict[str, tuple[str, ...]] = {
    "yaml_unclosed_bracket": ("validate", "YAML syntax error", "yaml_unclosed_bracket.yaml:10:1",
                              "check indentation, colons and quotes"),
    "yaml_tab_indent": ("validate", "found character '\\t'", "yaml_tab_indent.yaml:5:1",
                        "check indentation"),
    "yaml_bad_indent": ("validate", "YAML syntax error", "yaml_bad_indent.yaml:7:4",
                        "check indentation"),
    "yaml_unclosed_quote": ("validate", "YAML syntax error", "yaml_unclosed_quote.yaml:6:",
                            "quotes"),
    "type_windows_string": ("validate", "valid tuple", ":9:16: event_windows", "event_windows"),
    "type_min_days_text": ("validate", "valid integer", ":8:24: model.min_estimation_days",
                           "unable to parse string as an integer"),
    "type_assets_mapping": ("validate", "the study has no assets", ":11:3: assets",
                            "did you mean 'assets'?"),
    "type_alpha_out_of_range": ("validate", "less than 1", ":9:10: model.alpha", "alpha"),
    "type_window_floats": ("validate", "fractional part", ":9:26: event_windows[1][0]",
                           "valid integer"),
    "type_when_number": ("validate", "cannot read 20181203", ":17:43: events[0].when",
                         "write 2018-12-27"),
    "type_bad_date": ("validate", "cannot read '2018-02-30'", ":17:43: events[0].when",
                      "write 2018-12-27"),
    "unknown_top_key": ("validate", "unknown key 'event_windos'", ":9:1: event_windos",
                        "did you mean 'event_windows'?"),
    "unknown_asset_key": ("validate", "unknown key 'tikcer'", ":12:6: assets[1].tikcer",
                          "did you mean 'ticker'?"),
    "unknown_model_key": ("validate", "unknown key 'estimaton_window'",
                          ":7:3: model.estimaton_window", "did you mean 'estimation_window'?"),
    "duplicate_top_key": ("validate", "duplicate key 'title' (first at line 2)", ":3:1: title",
                          "keep only one"),
    "duplicate_event_id": ("validate", "duplicate event id 'truce'", ":18:10: events[1].id",
                           "give every event and context event its own id"),
    "duplicate_asset": ("validate", "duplicate ticker 'GM'", ":14:14: assets[3].ticker",
                        "list each asset once"),
    "duplicate_claim_id": ("validate", "duplicate claim id 'autos_up'", ":20:10: claims[1].id",
                           "give every claim its own id"),
    "unsafe_ticker": ("validate", "'../../etc/passwd' is not a Yahoo symbol",
                      ":13:14: assets[2].ticker", "use the plain Yahoo symbol"),
    "unknown_calendar": ("validate", "unknown calendar 'NYSEE'", ":12:50: assets[1].calendar",
                         "did you mean 'NYSE'?"),
    "uninferable_calendar": ("validate", "cannot infer the exchange calendar", "'F.QQ'",
                             "calendar: XNYS"),
    "unknown_timezone": ("validate", "unknown time zone 'Europe/Londn'",
                         ":17:73: events[0].timezone", "did you mean 'Europe/London'?"),
    "naive_time": ("validate", "has no time zone", ":17:43: events[0].when",
                   "add 'timezone: America/New_York'"),
    "inverted_event_window": ("validate", "[1, -1] starts after it ends",
                              ":9:25: event_windows[1]", "write it as [-1, 1]"),
    "inverted_estimation_window": ("validate", "[-11, -250] starts after it ends",
                                   ":7:22: model.estimation_window",
                                   "write it as [-250, -11]"),
    "window_overlaps_estimation": ("validate", "must end before the earliest event window",
                                   ":7:22: model.estimation_window", "end it at -16 or earlier"),
    "estimation_too_short": ("validate", "120 days cannot fit in the estimation window [-60, -11]",
                             ":8:24: model.min_estimation_days", "widen the estimation window"),
    "estimation_short_after_exclusions": (
        "run", "only 103 usable estimation days", "^GSPC, event 'truce' (day 0 = 2018-12-03)",
        "lower model.min_estimation_days"),
    "event_after_data": ("run", "no prices for 2019-03-30..", "'^GSPC'",
                         "python -m eventstudy fetch --tickers '^GSPC'"),
    "event_before_data": ("run", "no prices for 2016-", "'^GSPC'",
                          "python -m eventstudy fetch --tickers '^GSPC'"),
    "unknown_ticker_offline": ("run", "is not in the cache folder at all", "'ZZZQ'",
                               "python -m eventstudy fetch --tickers 'ZZZQ'"),
    "claim_unknown_event": ("validate", "unknown event 'truse'", ":19:51: claims[0].event",
                            "did you mean 'truce'?"),
    "claim_unknown_asset": ("validate", "'TSLA' is neither an asset nor a group",
                            ":19:71: claims[0].assets[1]", "add it under assets"),
    "claim_unknown_group": ("validate", "'autoz' is neither an asset nor a group",
                            ":19:66: claims[0].assets", "did you mean 'autos'?"),
    "claim_bad_direction": ("validate", "'sideways' is not one of 'up', 'down' or 'any'",
                            ":19:100: claims[0].direction", "'any'"),
    "group_unknown_member": ("validate", "'TM' is not an asset of the study",
                             ":15:18: groups.autos[2]", "add it under assets"),
    "benchmark_not_asset": ("validate", "benchmark '^GSPX' is not an asset",
                            ":6:14: model.benchmark", "did you mean '^GSPC'?"),
    "model_unknown": ("validate", "'markett' is not one of", ":5:9: model.kind",
                      "did you mean 'market'?"),
    "python_tag": ("validate", "python/object/apply:os.system' is not allowed", ":2:8: title",
                   "remove the tag"),
    "empty_file": ("validate", "must be a mapping", "empty_file.yaml",
                   "required key 'title' is missing (add 'title: ...')"),
    "only_comments": ("validate", "must be a mapping", "only_comments.yaml",
                      "see docs/study-file.md"),
    "top_level_list": ("validate", "must be a mapping", "top_level_list.yaml:2:1",
                       "see docs/study-file.md"),
    "no_events": ("validate", "the study has no events", ":16:9: events",
                  "list at least one event"),
    "csv_path_missing": ("validate", "file not found", ":3:27: data.path",
                         "paths are relative to the study file"),
}


@pytest.mark.parametrize("name", sorted(SPEC_CASES))
def test_bad_study_file(name: str, cache: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    command, *expected = SPEC_CASES[name]
    before = snapshot(cache)
    argv = [command, str(BAD / f"{name}.yaml")]
    if command == "run":
        argv += ["--out", str(tmp_path / "out"), "--quiet"]
    rc, text = cli(argv, capsys)
    check(rc, text, tuple(expected))
    assert snapshot(cache) == before
    assert not (tmp_path / "eventstudy_pwned").exists()
    assert not Path("/tmp/eventstudy_pwned").exists()


def test_every_bad_study_file_is_catalogued() -> None:
    files = {p.stem for p in BAD.glob("*.yaml")}
    assert files == set(SPEC_CASES), files ^ set(SPEC_CASES)


def test_run_of_missing_study_file(cache: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(cache)
    rc, text = cli(["run", str(tmp_path / "nope.yaml")], capsys)
    check(rc, text, ("study file not found", "nope.yaml", "give the path to a .yaml study"))
    assert snapshot(cache) == before


# ------------------------------------------------------------------ price files
#: synthetic file -> (what, where (beyond the file name), how to fix)
DATA_CASES: dict[str, tuple[str, ...]] = {
    "empty": ("no price rows", "", "check the ticker symbol"),
    "zero_bytes": ("not a Yahoo-layout price file", "", "the header must be Date,Open"),
    "not_yahoo": ("not a Yahoo-layout price file", "header: when,price",
                  "the header must be Date,Open"),
    "bad_date": ("'2018-13-45'", "not YYYY-MM-DD", "write dates as YYYY-MM-DD"),
    "nan_rows": ("rows without a close", "2018-12-11", "remove the empty rows"),
    "zero_price": ("non-positive prices", "2018-07-19", "prices must be > 0"),
    "negative_price": ("non-positive prices", "2018-09-28", "prices must be > 0"),
    "duplicate_dates": ("duplicate dates", "2018-02-23", "keep one row per session"),
    "unsorted_dates": ("dates are not sorted ascending", "", "sort the file by date"),
}


@pytest.mark.parametrize("name", sorted(DATA_CASES))
def test_bad_price_file_import(name: str, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    what, where, fix = DATA_CASES[name]
    src = BAD / f"synthetic_{name}.csv"
    before = snapshot(cache)
    rc, text = cli(["cache", "import", "--cache", str(cache), "--ticker", "SYNTH", str(src)],
                   capsys)
    check(rc, text, (what, where, fix, f"synthetic_{name}.csv"))
    assert "_io.BytesIO" not in text
    assert snapshot(cache) == before
    assert not list(cache.glob(".*.tmp"))


def _import(cache: Path, ticker: str, name: str) -> None:
    assert main(["cache", "import", "--cache", str(cache), "--ticker", ticker,
                 str(BAD / f"synthetic_{name}.csv")]) == 0


def _study(tmp_path: Path, replace: dict[str, str]) -> Path:
    text = (BAD / "duplicate_claim_id.yaml").read_text().split("  - {id: autos_up, text: "
                                                                  "\"Again.\"")[0]
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "study.yaml"
    path.write_text(text)
    return path


def test_stale_constant_prices(cache: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    _import(cache, "STALE", "stale")
    study = _study(tmp_path, {"{ticker: F, name: Ford}": "{ticker: STALE, name: Stale}",
                              "[GM, F]": "[GM, STALE]"})
    capsys.readouterr()
    before = snapshot(cache)
    rc, text = cli(["run", str(study), "--out", str(tmp_path / "out"), "--quiet"], capsys)
    check(rc, text, ("STALE, event 'truce'", "did not change on 240 of the 240 estimation days",
                     "stale or constant prices", "remove the asset from the study"))
    assert snapshot(cache) == before


def test_benchmark_without_overlap(cache: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _import(cache, "OLDB", "old_benchmark")
    study = _study(tmp_path, {'benchmark: "^GSPC"': "benchmark: OLDB",
                              '{ticker: "^GSPC", name: "S&P 500", model: constant_mean}':
                              "{ticker: OLDB, name: Old synthetic index, "
                              "model: constant_mean}"})
    capsys.readouterr()
    before = snapshot(cache)
    rc, text = cli(["run", str(study), "--out", str(tmp_path / "out"), "--quiet"], capsys)
    check(rc, text, ("'OLDB'", "has no prices for 2015-07-01..", "offline",
                     "python -m eventstudy fetch --tickers 'OLDB'"))
    assert snapshot(cache) == before


# ------------------------------------------------------------------ environment
BASE = BAD / "duplicate_claim_id.yaml"  # valid except for the second claim


def _base(tmp_path: Path) -> Path:
    return _study(tmp_path, {})


def test_base_study_runs(cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The control: the study the environment cases break does run."""
    before = snapshot(cache)
    rc, text = cli(["run", str(_base(tmp_path)), "--out", str(tmp_path / "out"), "--quiet"],
                   capsys)
    assert rc == 0, text
    assert (tmp_path / "out" / "report.html").exists()
    assert snapshot(cache) == before


def test_corrupted_cache_file(cache: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    gm = cache / "GM.csv"
    data = bytearray(gm.read_bytes())
    data[-20] = ord("9") if data[-20] != ord("9") else ord("8")
    gm.write_bytes(bytes(data))
    before = snapshot(cache)
    rc, text = cli(["run", str(_base(tmp_path)), "--out", str(tmp_path / "out"), "--quiet"],
                   capsys)
    check(rc, text, ("does not match its checksum", str(gm), "re-import/re-fetch 'GM'"))
    assert snapshot(cache) == before


def test_corrupted_sidecar(cache: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    (cache / "F.json").write_text("{ not json")
    before = snapshot(cache)
    rc, text = cli(["run", str(_base(tmp_path)), "--out", str(tmp_path / "out"), "--quiet"],
                   capsys)
    check(rc, text, ("unreadable", str(cache / "F.json"), "fetch or import again"))
    assert snapshot(cache) == before


@pytest.mark.parametrize("err", [PermissionError(errno.EACCES, "Permission denied"),
                                 OSError(errno.EROFS, "Read-only file system"),
                                 OSError(errno.ENOSPC, "No space left on device")],
                         ids=["read_only", "read_only_fs", "disk_full"])
def test_cache_write_fails(err: OSError, cache: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """Tests run as root, so chmod cannot block writes: os.replace is made to fail."""
    def refuse(src: str, dst: str) -> None:
        raise err

    before = snapshot(cache)
    monkeypatch.setattr(os, "replace", refuse)
    rc, text = cli(["cache", "import", "--cache", str(cache), "--ticker", "SYNTH",
                    str(BAD / "synthetic_ok.csv")], capsys)
    check(rc, text, ("cannot write 'SYNTH' to the cache", err.strerror,
                     "check the folder's permissions and free space"))
    assert snapshot(cache) == before
    assert not list(cache.glob(".*.tmp"))


def test_disk_full_while_writing_temp_file(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = snapshot(cache)
    monkeypatch.setattr(os, "fsync", full)
    rc, text = cli(["cache", "import", "--cache", str(cache), "--ticker", "GM",
                    str(BAD / "synthetic_ok.csv")], capsys)
    check(rc, text, ("cannot write 'GM' to the cache", "No space left on device",
                     "free space"))
    assert snapshot(cache) == before
    assert not list(cache.glob(".*.tmp"))


def test_sidecar_write_fails_after_csv(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Re-importing over GM: the CSV is replaced, then the sidecar write fails.
    The old CSV must be put back, so GM still matches its checksum."""
    real = os.replace
    calls = []

    def second_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if str(dst).endswith(".json"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    before = snapshot(cache)
    monkeypatch.setattr(os, "replace", second_fails)
    rc, text = cli(["cache", "import", "--cache", str(cache), "--ticker", "GM",
                    str(BAD / "synthetic_ok.csv")], capsys)
    check(rc, text, ("cannot write 'GM' to the cache", "No space left on device"))
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(cache) == before
    assert main(["cache", "verify", "--cache", str(cache)]) == 0


def test_report_folder_not_writable(cache: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    before = snapshot(cache)
    rc, text = cli(["run", str(_base(tmp_path)), "--out", str(blocker / "out"), "--quiet"],
                   capsys)
    check(rc, text, ("is a file, not a folder", str(blocker / "out"), "--out DIR"))
    assert snapshot(cache) == before


# ------------------------------------------------------------------ real processes
SUBPROCESS_CASES = [
    (["validate", str(BAD / "yaml_unclosed_bracket.yaml")], "YAML syntax error"),
    (["validate", str(BAD / "python_tag.yaml")], "is not allowed"),
    (["run", str(BAD / "unknown_ticker_offline.yaml"), "--quiet"], "'ZZZQ'"),
    (["run", str(BAD / "estimation_short_after_exclusions.yaml"), "--quiet"],
     "only 103 usable estimation days"),
    (["cache", "import", "--ticker", "SYNTH", str(BAD / "synthetic_bad_date.csv")],
     "'2018-13-45'"),
    (["cache", "import", "--ticker", "SYNTH", str(BAD / "synthetic_nan_rows.csv")],
     "rows without a close"),
]


@pytest.mark.parametrize("argv,expected", SUBPROCESS_CASES,
                         ids=[f"{a[0]}-{Path(a[-1] if a[-1] != '--quiet' else a[-2]).stem}"
                              for a, _ in SUBPROCESS_CASES])
def test_real_process_shows_no_traceback(argv: list[str], expected: str, cache: Path,
                                         tmp_path: Path) -> None:
    env = {**os.environ, "EVENTSTUDY_CACHE": str(cache), "EVENTSTUDY_OFFLINE": "1"}
    if argv[0] == "cache":
        argv = [*argv[:2], "--cache", str(cache), *argv[2:]]
    before = snapshot(cache)
    proc = subprocess.run([sys.executable, "-m", "eventstudy", *argv], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text
    assert "Traceback" not in text
    assert sum(line.startswith("error: ") for line in text.splitlines()) == 1, text
    assert expected in text
    assert snapshot(cache) == before
