"""``fetch`` requests everything ``run`` loads: one ``required_data`` for both.

``ensure_cached`` (the data layer's cache filler, called by ``load_prices``
during ``run`` and directly by ``fetch``) is wrapped to record every
(ticker, start, end) asked for; the real function still runs, offline.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import eventstudy.data.load as load_mod
from eventstudy.cli import main
from eventstudy.pipeline.estimate import required_data
from eventstudy.spec import Study

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


def _recorder(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple]]:
    calls: dict[str, list[tuple]] = {}
    real = load_mod.ensure_cached

    def spy(tickers, start, end, **kw):  # noqa: ANN001, ANN003, ANN202
        for t in tickers:
            calls.setdefault(t, []).append((pd.Timestamp(start), pd.Timestamp(end)))
        return real(tickers, start, end, **kw)

    monkeypatch.setattr(load_mod, "ensure_cached", spy)
    return calls


def test_fetch_covers_every_ticker_and_span_run_loads(
        monkeypatch: pytest.MonkeyPatch, bundled_run) -> None:  # noqa: ANN001
    calls = _recorder(monkeypatch)
    assert main(["fetch", str(STUDY), "--offline"]) == 0
    fetched = {t: (min(a for a, _ in v), max(b for _, b in v)) for t, v in calls.items()}
    # the shared session run recorded the spans ``run`` asked the cache for
    res = bundled_run.result
    loaded = {t: (min(a for a, _ in v), max(b for _, b in v))
              for t, v in bundled_run.loaded.items()}
    assert "ACWX" in loaded  # the robustness benchmark of the US indices
    assert set(loaded) <= set(fetched)
    # beyond fetch's spans run only reads the placebo check's padding, from the cache alone
    from eventstudy.pipeline.placebo import pad_spans_from_cache

    allowed = pad_spans_from_cache(fetched, STUDY.parent / "../cache")
    for t, (a, b) in loaded.items():
        assert allowed[t][0] <= a and b <= allowed[t][1], t
    # and the spans hold every date an estimate used (estimation and event windows)
    spans = required_data(Study.from_yaml(STUDY))
    cars = res.cars[res.cars.role == "primary"]
    for asset, g in cars.groupby("asset"):
        lo, hi = spans[asset]
        assert lo < pd.Timestamp(g["estimation_start"].min()), asset  # + the prior price
        assert pd.Timestamp(g["window_end"].max()) <= hi, asset


def test_required_data_lists_assets_and_benchmarks() -> None:
    study = Study.from_yaml(STUDY)
    spans = required_data(study)
    assert {a.ticker for a in study.assets} | {"^GSPC", "ACWX"} == set(spans)
    # Shanghai's day 0 for the 2019-01-07 talks needs data into late January (chart pad)
    assert spans["000001.SS"][1] >= pd.Timestamp("2019-01-21")
    # a benchmark covers the earliest asset that uses it: trade-to-trade compounding needs
    # the benchmark's last close on or before the asset's first needed date
    first = min(spans[t][0] for t in ("AAPL", "000001.SS", "^HSI"))
    assert spans["^GSPC"][0] <= first
    assert spans["^GSPC"][0] > first - pd.Timedelta(days=5)  # no arbitrary slack
