"""The Dask backend gives the same numbers as the in-memory batch path.

SYNTHETIC seeded data; a 2-worker LocalCluster in this process (loopback only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eventstudy.batch import batch

distributed = pytest.importorskip("dask.distributed")


def _synthetic(seed: int = 21, n_t: int = 30, n_s: int = 600):
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2014-01-01", periods=n_s, name="date")
    m = 0.01 * rng.standard_t(4, n_s)
    r = rng.uniform(0.5, 1.5, n_t) * m[:, None] + 0.02 * rng.standard_t(4, (n_s, n_t))
    r[rng.random(r.shape) < 0.01] = np.nan
    ret = pd.DataFrame(r, index=dates, columns=[f"SYN{j}" for j in range(n_t)])
    ret["MKT"] = m
    ev = pd.DataFrame({"ticker": rng.choice(ret.columns[:-1], 300),
                       "date": dates[rng.integers(255, n_s - 6, 300)]})
    return ret, ev.drop_duplicates(["ticker", "date"]).reset_index(drop=True)


def test_dask_matches_in_memory():
    from eventstudy.batch.dask_backend import batch_dask

    ret, ev = _synthetic()
    mem = batch(ret, ev, benchmark="MKT", block_size=41)
    # loopback TCP, workers as threads in this process (robust under the socket guard)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dsk = batch_dask(ret, ev, client=client, benchmark="MKT", block_size=41)
    for name in ("car", "car_se", "t_stat", "p_value", "p_value_sq", "ar", "ar_se", "aar", "caar"):
        np.testing.assert_array_equal(getattr(mem, name), getattr(dsk, name), err_msg=name)
    pd.testing.assert_frame_equal(mem.events, dsk.events)
    a, b = mem.to_frame("tests"), dsk.to_frame("tests")
    assert len(a) == 3 * 8
    np.testing.assert_array_equal(a["statistic"].to_numpy(), b["statistic"].to_numpy())
    np.testing.assert_array_equal(a["p_value"].to_numpy(), b["p_value"].to_numpy())


@pytest.mark.parametrize("backend", ["memory", "dask"])
def test_market_model_without_benchmark_is_refused(backend):
    from eventstudy.batch.dask_backend import batch_dask
    from eventstudy.exceptions import BatchInputError

    ret, ev = _synthetic()
    run = batch if backend == "memory" else (lambda r, e: batch_dask(r, e, client=None))
    # the check comes before any work is sent to a cluster, so no client is needed
    with pytest.raises(BatchInputError, match="market model needs a benchmark"):
        run(ret, ev)
