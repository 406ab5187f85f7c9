"""The power path of the placebo validation: an injected day-0 return, recomputed two ways.

``batch_rule_inputs(..., shift=s)`` adds ``s`` to each CAR and recomputes the
t and SQ p-values from the batch fit; here the same pseudo-events are run
through the per-pair study path on a return series with ``s`` actually added
on day 0 (real prices from the committed cache, SOYB on ^GSPC).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.batch import batch
from eventstudy.data import load_prices
from eventstudy.pipeline.placebo import batch_rule_inputs
from eventstudy.stats.abnormal import estimate_event

CACHE = Path(__file__).resolve().parents[1] / "cache"
SHIFT = 0.02


@pytest.mark.parametrize("window", [(0, 0), (0, 1)])
def test_injected_return_matches_the_study_path(window: tuple[int, int]) -> None:
    px = load_prices(["SOYB", "^GSPC"], "2017-10-01", "2019-03-29", offline=True,
                     cache_dir=CACHE)
    ret = px.pct_change(fill_method=None).iloc[1:]
    days = ret.index[[270, 300, 330]]
    ev = pd.DataFrame({"ticker": "SOYB", "date": days})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = batch(ret, ev, estimation=(-250, -11), windows=[window], benchmark="^GSPC",
                    exclude_event_windows=False, workers=1)
    pos = ret.index.get_indexer(days)
    inp = batch_rule_inputs(res, ret["SOYB"].to_numpy(), ret["^GSPC"].to_numpy(), pos,
                            window, None, shift=SHIFT)
    for i, d in enumerate(days):
        y = ret["SOYB"].copy()
        y.loc[d] += SHIFT  # the abnormal return actually added on day 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            one = estimate_event(y, ret["^GSPC"], d, estimation_window=(-250, -11),
                                 event_windows=[window])
        car = one.cars[window]
        assert inp.car[i] == pytest.approx(car.car, rel=1e-9)
        assert inp.t_greater[i] == pytest.approx(car.t.pvalue_greater, rel=1e-7)
        assert inp.sq_greater[i] == pytest.approx(car.sq.pvalue_greater, rel=1e-12)
        assert inp.sq_less[i] == pytest.approx(car.sq.pvalue_less, rel=1e-12)
    assert np.all(inp.car > res.car[:, 0])
