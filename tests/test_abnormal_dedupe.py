"""Duplicate (asset, day 0) events are refused or dropped with a warning, never double-counted."""

from __future__ import annotations

import contextlib
import warnings

import pandas as pd
import pytest

from eventstudy.exceptions import DataGapWarning, DuplicateEventError, DuplicateEventWarning
from eventstudy.stats.abnormal import dedupe_events


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "asset": ["GM", "F", "GM", "GM"],
            "day0": ["2018-12-03", "2018-12-03", "2018-12-03 00:00", "2018-12-04"],
            "car": [0.01, 0.02, 0.01, -0.03],
        }
    )


def test_error_names_the_duplicate() -> None:
    with pytest.raises(DuplicateEventError) as err:
        dedupe_events(frame())
    msg = str(err.value)
    assert "GM on 2018-12-03" in msg and "1 (asset, day 0)" in msg and "how='drop'" in msg


def test_drop_keeps_first_and_warns() -> None:
    with pytest.warns(DuplicateEventWarning, match="GM on 2018-12-03"):
        out = dedupe_events(frame(), how="drop")
    assert list(out.index) == [0, 1, 3]
    # the remaining events are counted once each
    assert out["car"].tolist() == [0.01, 0.02, -0.03]


def test_list_of_keys_and_clean_input() -> None:
    keys = [("GM", pd.Timestamp("2018-12-03")), ("GM", "2018-12-03"), ("F", "2018-12-03")]
    with pytest.warns(DuplicateEventWarning):
        out = dedupe_events(keys, how="drop")
    assert out == [keys[0], keys[2]]
    clean = [("GM", "2018-12-03"), ("F", "2018-12-03")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dedupe_events(clean) == clean


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="how"):
        dedupe_events([], how="keep")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="day0"):
        dedupe_events(pd.DataFrame({"asset": ["GM"]}))


def _synthetic_estimates():
    """SYNTHETIC seeded returns for three assets sharing day 0 (not real data)."""
    import numpy as np

    from eventstudy.stats.abnormal import estimate_event

    rng = np.random.default_rng(7)
    idx = pd.bdate_range("2021-01-04", periods=300, name="date")
    m = pd.Series(rng.normal(0, 0.01, 300), index=idx)
    out = []
    for name in ["A", "B", "C"]:
        y = pd.Series(0.9 * m.to_numpy() + rng.normal(0, 0.01, 300), index=idx)
        y.iloc[281] = np.nan if name == "C" else y.iloc[281]  # C misses rel day +1
        gap = (
            pytest.warns(DataGapWarning, match=r"C, the event window \[-1,2\]: no return on 1 of 4")
            if name == "C" else contextlib.nullcontext()
        )
        with gap:
            out.append(estimate_event(y, m, idx[280], event_windows=[(-1, 2)], asset=name))
    return out


def test_average_abnormal_matches_numpy_and_refuses_duplicates() -> None:
    import numpy as np

    from eventstudy.stats.abnormal import average_abnormal

    ests = _synthetic_estimates()
    ar = np.array([e.abnormal.set_index("rel_day").abnormal_return.to_numpy() for e in ests])
    agg = average_abnormal(ests, (-1, 2))
    np.testing.assert_allclose(agg["aar"], np.nanmean(ar, axis=0), rtol=1e-14)
    assert agg["n"].tolist() == [3, 3, 2, 3]
    np.testing.assert_allclose(agg["caar"], np.cumsum(np.nanmean(ar, axis=0)), rtol=1e-14)
    with pytest.raises(DuplicateEventError, match=r"A on \d{4}-\d\d-\d\d"):
        average_abnormal([*ests, ests[0]], (-1, 2))
    with pytest.warns(DuplicateEventWarning):
        dropped = average_abnormal([*ests, ests[0]], (-1, 2), duplicates="drop")
    pd.testing.assert_frame_equal(dropped, agg)
    with pytest.raises(ValueError, match="not estimated"):
        average_abnormal(ests, (-1, 5))
