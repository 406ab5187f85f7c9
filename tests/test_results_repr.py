"""Results print briefly and point to their frames (no multi-kilobyte dataclass dumps)."""

from __future__ import annotations


def test_study_result_and_estimates_have_short_reprs(bundled_run) -> None:  # noqa: ANN001
    res = bundled_run.result
    text = repr(res)
    assert len(text) < 300 and ".cars" in text and ".summary()" in text
    assert str(len(res.claim_records)) + " claims" in text


def test_event_estimate_and_car_reprs_are_short(real_prices) -> None:  # noqa: ANN001
    import pandas as pd

    from eventstudy.calendar import sessions
    from eventstudy.models.join import asset_returns
    from eventstudy.stats.abnormal import estimate_event

    s = pd.DatetimeIndex(sessions("XNYS", "2017-10-02", "2019-03-29"), name="date")
    gm = asset_returns(real_prices("GM"), s)
    spx = asset_returns(real_prices("^GSPC"), s)
    est = estimate_event(gm, spx, pd.Timestamp("2018-12-03"), event_windows=[(0, 0), (0, 1)],
                         event_id="truce", asset="GM")
    assert len(repr(est)) < 250 and "GM / truce" in repr(est) and "2018-12-03" in repr(est)
    car = est.cars[(0, 1)]
    assert len(repr(car)) < 200 and "2018-12-03..2018-12-04" in repr(car)
