"""Duplicate (asset, day 0) events are refused or dropped with a warning, never double-counted."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from eventstudy.exceptions import DuplicateEventError, DuplicateEventWarning
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
