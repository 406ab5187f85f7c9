"""Suspect data withholds the verdict (issue 16: never a silently wrong number).

A claim whose judged window holds a suspected price error (an isolated jump
that reverses, e.g. a x100 typo), or whose benchmark equals the asset (sigma
~ 0), is never "supported" or "contradicted": it is "not supported" with
``decided_by == "data"`` and a reason naming the day and the fix.

End to end: the REAL cached prices of ^GSPC, XLI and CAT written as a study
CSV in a temporary folder, with CAT's 2018-03-01 close multiplied by 100 (a
SYNTHETIC typo, labelled here; nothing leaves the temporary folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

from eventstudy.claims import data_reason, judge
from eventstudy.cli import main
from eventstudy.data.sanity import SanityIssue
from eventstudy.stats.results import TestResult, from_statistic

REPO = Path(__file__).resolve().parents[1]

STUDY = """\
title: "Steel tariffs, with a typo in CAT's prices"
data: {source: csv, path: prices.csv}
model: {kind: market, benchmark: "^GSPC", estimation_window: [-100, -11], min_estimation_days: 80}
assets:
  - {ticker: "^GSPC", name: "S&P 500", model: constant_mean}
  - {ticker: XLI, name: "Industrials ETF"}
  - {ticker: CAT, name: Caterpillar}
groups: {industrials: [XLI, CAT]}
events:
  - {id: steel, title: "Steel tariffs", when: 2018-03-01}
claims:
  - {id: cat_up, text: "Caterpillar rose.", event: steel, assets: CAT, window: [0, 1],
     direction: up}
  - {id: ind_up, text: "Industrials rose.", event: steel, assets: industrials,
     window: [0, 0], direction: up}
  - {id: xli_down, text: "XLI fell.", event: steel, assets: XLI, window: [0, 1],
     direction: down}
"""


@pytest.fixture(scope="module")
def typo_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Run the study on a CSV with a x100 typo on CAT's day 0; return claims by id."""
    ws = tmp_path_factory.mktemp("typo")
    cols = {t: pd.read_csv(REPO / "cache" / f"{t}.csv", index_col="Date")["Adj Close"]
            for t in ("^GSPC", "XLI", "CAT")}
    frame = pd.DataFrame(cols)
    frame.loc["2018-03-01", "CAT"] *= 100  # SYNTHETIC x100 typo
    frame.rename_axis("date").to_csv(ws / "prices.csv")
    (ws / "s.yaml").write_text(STUDY)
    rc = main(["run", str(ws / "s.yaml"), "--out", str(ws / "out"), "--quiet"])
    assert rc == 0
    claims = json.loads((ws / "out" / "claims.json").read_text())["claims"]
    return {c["id"]: c for c in claims}


def test_x100_typo_in_the_window_withholds_the_verdict(typo_run: dict[str, dict]) -> None:
    c = typo_run["cat_up"]
    # the typo makes the CAR enormous: without the data check this was "supported"
    assert c["car"] > 1.0
    assert c["verdict"] == "not supported"
    assert c["decided_by"] == "data"
    assert "suspected price error on Thu 1 Mar 2018 for CAT" in c["reason"]
    assert "check the prices" in c["reason"]
    assert any("price spike" in m for m in c["data_issues"])
    # the robustness rows over windows holding the typo are withheld too
    assert all(r["decided_by"] == "data" for r in c["robustness"]
               if r["window"][0] <= 0 <= r["window"][1])


def test_typo_in_a_member_withholds_the_group_verdict(typo_run: dict[str, dict]) -> None:
    c = typo_run["ind_up"]
    assert c["verdict"] == "not supported" and c["decided_by"] == "data"
    by = {m["target"]: m for m in c["members"]}
    assert by["CAT"]["decided_by"] == "data"
    assert by["XLI"]["decided_by"] != "data"  # XLI's own prices are fine


def test_claims_on_clean_assets_keep_their_verdict(typo_run: dict[str, dict]) -> None:
    c = typo_run["xli_down"]
    assert c["decided_by"] != "data"
    assert "price error" not in c["reason"]


def test_benchmark_equal_to_the_asset_withholds_the_verdict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SYNTHETIC: XLI's real prices also given as its benchmark "TWIN" (identical)
    cols = {t: pd.read_csv(REPO / "cache" / f"{t}.csv", index_col="Date")["Adj Close"]
            for t in ("^GSPC", "XLI")}
    frame = pd.DataFrame(cols)
    frame["TWIN"] = frame["XLI"]
    frame.rename_axis("date").to_csv(tmp_path / "prices.csv")
    study = (STUDY.replace('benchmark: "^GSPC"', 'benchmark: "TWIN"')
             .replace("  - {ticker: CAT, name: Caterpillar}\n",
                      "  - {ticker: TWIN, model: constant_mean}\n")
             .replace("groups: {industrials: [XLI, CAT]}\n", ""))
    study = study[:study.index("  - {id: cat_up")] + study[study.index("  - {id: xli_down"):]
    (tmp_path / "s.yaml").write_text(study)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "s.yaml", "--out", "out", "--quiet"]) == 0
    (c,) = json.loads((tmp_path / "out" / "claims.json").read_text())["claims"]
    assert c["verdict"] == "not supported" and c["decided_by"] == "data"
    assert "benchmark of XLI moves exactly like it" in c["reason"]


# ------------------------------------------------------------ constructed records
def _car(car: float, se: float) -> object:
    """A hand-built CAR result: t from scipy's t(238); SQ given by hand."""
    d = stats.t(238)
    t = from_statistic("t", car / se, cdf=d.cdf, sf=d.sf, distribution="t(238)")
    up = car > 0  # SQ by hand: no residual sum as extreme as the CAR
    sq = TestResult("SQ", car, 0.0, 0.0, 0.0 if up else 1.0, 1.0 if up else 0.0, "by hand")

    class R:
        pass

    r = R()
    r.car, r.se, r.t, r.sq, r.vol_ratio, r.n_days = car, se, t, sq, 1.0, 2  # type: ignore[attr-defined]
    return r


SPIKE = SanityIssue("price_spike", "GM", "event 'e' window [0,1]",
                    (pd.Timestamp("2018-12-03"),), "GM: isolated price spike")


def test_constructed_supported_claim_is_withheld_by_a_spike() -> None:
    res = _car(0.10, 0.01)
    clean = judge(res, "up", local=(0.001, 0.999))  # type: ignore[arg-type]
    assert clean.verdict == "supported"  # t = 10, SQ p = 0, regime t(19) p ~ 0, local 0.001
    v = judge(res, "up", local=(0.001, 0.999), issues=[SPIKE])  # type: ignore[arg-type]
    assert (v.verdict, v.decided_by) == ("not supported", "data")
    assert "suspected price error on Mon 3 Dec 2018 for GM" in v.reason
    # the numbers stay on the record, next to the flag
    assert v.car == clean.car and v.p_value == clean.p_value


def test_contradicted_is_withheld_too_and_other_kinds_do_not_block() -> None:
    res = _car(-0.10, 0.01)
    assert judge(res, "up", local=(0.999, 0.001)).verdict == "contradicted"  # type: ignore[arg-type]
    v = judge(res, "up", local=(0.999, 0.001), issues=[SPIKE])  # type: ignore[arg-type]
    assert v.decided_by == "data"
    thin = SanityIssue("thin_trading", "GM", "w", (), "thin")
    assert data_reason([thin]) == ""
    assert judge(res, "up", local=(0.999, 0.001),  # type: ignore[arg-type]
                 issues=[thin]).verdict == "contradicted"


def test_zero_standard_error_withholds_the_verdict() -> None:
    assert "standard error is zero" in data_reason([], 0.0)
    assert data_reason([], 0.01) == ""
