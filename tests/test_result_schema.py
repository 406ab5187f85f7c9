"""One result schema: the same names for the same quantities in every result.

``StudyResult.cars`` (= ``car.csv``), ``BatchResult.to_frame()`` and
``EventEstimate.to_frame("cars")`` name each shared quantity alike
(:data:`eventstudy.stats.results.CAR_SCHEMA`); every test has one machine name
(:data:`~eventstudy.stats.results.TEST_LABELS`); ``summary()`` returns a
:class:`~eventstudy.models.summary.Summary` everywhere; results are frozen.
The batch and single-event numbers are compared by name on the same real
returns (GM on the market model around the 2018-12-03 truce), so a name that
meant different quantities in two frames would fail.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.batch import batch
from eventstudy.calendar import sessions
from eventstudy.models.join import asset_returns
from eventstudy.models.summary import Summary
from eventstudy.pipeline.result import AR_COLUMNS, CAR_COLUMNS
from eventstudy.stats import classic, multi
from eventstudy.stats.abnormal import estimate_event
from eventstudy.stats.results import CAR_ONE_SIDED, CAR_SCHEMA, TEST_COLUMNS, TEST_LABELS

REPO = Path(__file__).resolve().parents[1]
DAY0 = pd.Timestamp("2018-12-03")
WINDOWS = [(0, 0), (-1, 1), (0, 4)]
#: names the three results used before the schema, for quantities the schema names
OLD_COLUMNS = {"id", "ticker", "se", "t", "pvalue_t", "sq_pvalue", "t_pvalue", "pvalue",
               "t_pvalue_greater", "t_pvalue_less", "sq_pvalue_greater", "sq_pvalue_less",
               "start", "end", "tau1", "tau2", "start_date", "end_date", "N", "CAAR"}


@pytest.fixture(scope="module")
def pair(real_prices):  # noqa: ANN001, ANN201
    """GM vs ^GSPC around one event: the single-event estimate and the batch result."""
    s = pd.DatetimeIndex(sessions("XNYS", "2017-10-02", "2019-03-29"), name="date")
    gm, spx = asset_returns(real_prices("GM"), s), asset_returns(real_prices("^GSPC"), s)
    est = estimate_event(gm, spx, DAY0, event_windows=WINDOWS, event_id="truce", asset="GM")
    events = pd.DataFrame({"id": ["truce"], "ticker": ["GM"], "date": [DAY0]})
    res = batch(pd.DataFrame({"GM": gm, "^GSPC": spx}), events, benchmark="^GSPC",
                windows=WINDOWS, exclude_event_windows=False, workers=1)
    return est, res


def test_car_csv_columns_are_the_schema(bundled_run) -> None:  # noqa: ANN001
    cars = bundled_run.result.cars
    assert set(CAR_SCHEMA) - {"status"} <= set(cars.columns)  # car.csv: computed rows only
    assert list(cars.columns[: len(CAR_COLUMNS)]) == list(CAR_COLUMNS)
    assert not OLD_COLUMNS & set(cars.columns)
    assert list(bundled_run.result.abnormal_returns.columns[: len(AR_COLUMNS)]) == list(
        AR_COLUMNS)


def test_batch_and_event_frames_share_names_and_numbers(pair, bundled_run) -> None:  # noqa: ANN001
    est, res = pair
    b, e = res.to_frame(), est.to_frame("cars")
    study = bundled_run.result.cars
    assert [c for c in CAR_SCHEMA if c in b.columns] == [
        c for c in CAR_SCHEMA if c not in ("window_start", "window_end")]
    for frame in (b, e, res.to_frame("abnormal"), res.to_frame("tests")):
        assert not OLD_COLUMNS & set(frame.columns), sorted(OLD_COLUMNS & set(frame.columns))
    assert set(CAR_ONE_SIDED) <= set(b.columns) & set(e.columns)
    shared = set(b.columns) & set(e.columns)
    # every quantity the three frames all carry has one name in all three
    assert {"event_id", "asset", "day0", "rel_start", "rel_end", "car", "car_se", "t_stat",
            "p_value", "p_value_sq", "n_days", "dof", "n_estimation", "model",
            "sigma"} <= shared & set(study.columns)
    for name in sorted(shared - {"event_id", "asset", "model", "day0"}):
        np.testing.assert_allclose(b[name].to_numpy(dtype=float), e[name].to_numpy(dtype=float),
                                   rtol=1e-10, atol=1e-12, err_msg=name)
    assert (pd.to_datetime(b["day0"]) == DAY0).all() and (e["day0"] == DAY0).all()
    ab = res.to_frame("abnormal")
    assert set(ab.columns) - {"day0"} <= set(AR_COLUMNS)
    merged = ab.merge(est.abnormal, on="rel_day", suffixes=("", "_est"))
    np.testing.assert_allclose(merged["abnormal_return"], merged["abnormal_return_est"],
                               rtol=1e-10, atol=1e-14)


def test_one_machine_name_per_test(pair) -> None:  # noqa: ANN001
    _, res = pair
    frame = res.to_frame("tests")
    assert list(frame.columns) == [*TEST_COLUMNS, "caar"]
    assert set(frame["test"]) <= set(TEST_LABELS)
    for per_window in res.tests.values():
        for key, test in per_window.items():
            assert key == test.name and test.label == TEST_LABELS[key]
    rng = np.random.default_rng(7)  # synthetic inputs (seeded): names only
    cars, se, resid = rng.normal(0, 0.02, 12), np.full(12, 0.02), rng.normal(0, 0.01, (12, 60))
    ar = np.concatenate([resid, rng.normal(0, 0.01, (12, 3))], axis=1)
    mask = np.r_[np.zeros(60, bool), np.ones(3, bool)]
    tests = [multi.cross_sectional_t(cars), multi.patell_test(cars, se, 60),
             multi.bmp_test(cars, se), multi.kp_bmp_test(cars, se, rbar=0.1),
             multi.kp_patell_test(cars, se, 60, rbar=0.1), multi.rank_test(ar, mask),
             multi.grank_test(cars / se, resid / 0.01), multi.sign_test(cars),
             multi.generalized_sign_test(cars, resid), multi.wilcoxon_test(cars),
             classic.brown_warner_crude_t(resid, ar[:, 60:]),
             classic.brown_warner_independence_t(resid, ar[:, 60:]), classic.hall_t(cars),
             classic.jackknife_t(cars)]
    names = [t.name for t in tests]
    assert all(t.computable for t in tests) and set(names) <= set(TEST_LABELS)
    assert all(re.fullmatch(r"[a-z_]+", n) for n in TEST_LABELS)
    assert str(tests[1]).startswith("Patell Z:")  # printed text uses the label


def test_summary_is_one_type_with_short_reprs(pair, bundled_run) -> None:  # noqa: ANN001
    est, res = pair
    study = bundled_run.result
    for obj in (study, res, est, est.fitted):
        s = obj.summary()
        assert isinstance(s, Summary) and str(s) == s.as_text() and "<" in s.as_html()
        assert len(repr(s)) < 300
    assert str(study) == str(study.summary()) == bundled_run.stdout.split("\n\nreport:")[0]
    for obj in (study, res, est, est.fitted):
        text = repr(obj)
        assert len(text) < 300 and "\n" not in text and ".summary()" in text
    assert ".to_frame(" in repr(res) and ".cars" in repr(study)


def test_results_are_immutable(pair, bundled_run) -> None:  # noqa: ANN001
    est, res = pair
    for obj, attr in ((res, "car"), (est, "cars"), (bundled_run.result, "cars")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, attr, None)
    for name in ("car", "car_se", "t_stat", "p_value", "p_value_sq", "ar"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(res, name)[0, 0] = 1.0
    frame = res.to_frame()
    frame.loc[0, "car"] = 99.0
    assert res.to_frame().loc[0, "car"] != 99.0


#: old names that must not come back (EngineOutput's fields are a fixed internal interface)
_OLD = re.compile(r"\bsq_pvalue\b|\bt_pvalue|\bsq_pvalue_(greater|less)|\bpvalue_t\b"
                  r"|\"pvalue\"\s*[:\]]|\[\"(Patell|Kolari-Pynnonen|GRANK|BMP)\"\]"
                  r"|\"(Patell|Kolari-Pynnonen|generalized sign|Wilcoxon)\"\s*:")
_ENGINE = {"eventstudy/batch/engine.py", "eventstudy/batch/kernel.py",
           "eventstudy/batch/api.py", "eventstudy/batch/__init__.py"}


def test_no_old_name_remains() -> None:
    files = [*REPO.glob("eventstudy/**/*.py"), *REPO.glob("tests/*.py"),
             *REPO.glob("benchmarks/*.py"), *REPO.glob("docs/*.md"), REPO / "studies/README.md"]
    # docs/architecture.md keeps the table of the names each result used before the schema
    hits = []
    for f in files:
        rel = f.relative_to(REPO).as_posix()
        if rel in ("tests/test_result_schema.py", "docs/architecture.md"):
            continue
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = _OLD.search(line)
            if m and not (rel in _ENGINE and m.group(0) == "pvalue_t"):
                hits.append(f"{rel}:{i}: {line.strip()}")
    assert not hits, "\n".join(hits)
