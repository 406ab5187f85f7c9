"""``run`` without network: one clear message, no yfinance log noise (fake yfinance).

The study's estimation window reaches before a (copied, REAL) cache's first
date, so ``run`` tries Yahoo; the fake yfinance logs "Cookie/crumb fetch
failed" on the ``yfinance`` logger and raises a curl-style ``DNSError``, as
yfinance 1.7 does on a machine without network.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from fake_yfinance import FakeYFinance

import eventstudy.data.load as load_mod
from eventstudy.cli import main
from eventstudy.data import YahooSource
from eventstudy.exceptions import ProviderUnreachableError

REPO = Path(__file__).resolve().parents[1]

STUDY = """\
title: offline yahoo
data: {{source: yahoo, cache: {CACHE}}}
model: {{kind: market, benchmark: ^GSPC, estimation_window: [-250, -11]}}
event_windows: [[0, 1]]
assets:
  - {{ticker: ^GSPC, model: constant_mean}}
  - {{ticker: F}}
events: [{{id: early, title: E, when: 2018-03-01}}]
"""


@pytest.fixture
def offline_fake(monkeypatch: pytest.MonkeyPatch) -> FakeYFinance:
    fk = FakeYFinance(default="offline")
    monkeypatch.setattr(load_mod, "_default_source",
                        lambda: YahooSource(fk, sleep=fk.sleeps.append))
    monkeypatch.setenv("EVENTSTUDY_OFFLINE", "0")
    return fk


def _study(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    for t in ("F", "^GSPC", "ACWX"):
        for ext in ("csv", "json"):
            shutil.copy(REPO / "cache" / f"{t}.{ext}", cache / f"{t}.{ext}")
    path = tmp_path / "early.yaml"
    path.write_text(STUDY.format(CACHE=cache))
    return path


def test_unreachable_yahoo_names_what_why_and_fixes(
        offline_fake: FakeYFinance, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _study(tmp_path)
    first = pd.read_csv(tmp_path / "cache" / "^GSPC.csv", index_col="Date",
                        parse_dates=True).index[0]
    logger = logging.getLogger("yfinance")
    before = (list(logger.handlers), logger.propagate)
    rc = main(["run", str(path), "--out", str(tmp_path / "out")])
    cap = capsys.readouterr()
    err = cap.err
    assert rc == 2 and "Traceback" not in err
    # nothing from yfinance's logger reached stderr, and the logger is restored
    assert "Cookie/crumb" not in err + cap.out
    assert (list(logger.handlers), logger.propagate) == before
    # what, why, fixes
    # the session before the first estimation day (day -251 of 2018-03-01 on NYSE): the
    # benchmark shares the asset's calendar, so no slack before it
    assert "could not reach Yahoo (no network?) to download '^GSPC' for 2017-03-02.." in err
    assert f"..{first - pd.Timedelta(days=1):%Y-%m-%d}, which the cache" in err
    assert "benchmark of F" in err
    assert "estimation window [-250, -11] of event 'early'" in err
    assert f"before the cache's first date {first:%Y-%m-%d}" in err
    assert f"in the shell: `python -m eventstudy fetch {path}`" in err  # CLI-only advice
    assert "shorten model.estimation_window" in err
    assert "data.source: cache" in err
    assert "wait a few minutes" not in err and "rate" not in err.lower()
    # a DNS failure is not retried: one request, no backoff
    assert len(offline_fake.calls) == 1 and offline_fake.sleeps == []


def test_yahoo_source_classifies_dns_failure_and_captures_logs(
        offline_fake: FakeYFinance, capsys: pytest.CaptureFixture[str]) -> None:
    src = YahooSource(offline_fake, sleep=offline_fake.sleeps.append)
    with pytest.raises(ProviderUnreachableError) as info:
        src.fetch("GM", "2017-01-03", "2017-12-29")
    exc = info.value
    assert (exc.ticker, exc.start, exc.end) == ("GM", pd.Timestamp("2017-01-03"),
                                                pd.Timestamp("2017-12-29"))
    assert "could not reach Yahoo to download 'GM' for 2017-01-03..2017-12-29" in str(exc)
    assert "DNSError" in str(exc) and "not rate limiting" in str(exc)
    assert "Cookie/crumb" not in capsys.readouterr().err


def test_other_yfinance_logging_still_works_after_a_fetch(
        offline_fake: FakeYFinance, caplog: pytest.LogCaptureFixture) -> None:
    """The capture is scoped: after our call yfinance's records propagate again."""
    with pytest.raises(ProviderUnreachableError):
        YahooSource(offline_fake).fetch("GM", "2017-01-03", "2017-02-01")
    with caplog.at_level(logging.WARNING, logger="yfinance"):
        logging.getLogger("yfinance").warning("after our call")
    assert [r.getMessage() for r in caplog.records] == ["after our call"]
