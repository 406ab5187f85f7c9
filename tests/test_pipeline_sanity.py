"""Data-sanity warnings reach the CLI and sit next to the numbers they affect.

The bundled study with Ford replaced by SPLT, a SYNTHETIC price series (from
``tests/data/bad/synthetic_split.csv``) that halves on 2018-12-03 -- day 0 of
the truce, inside the ``autos_after_truce`` claim window -- as an unadjusted
2:1 split would.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.cli import main

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"
SPLIT_CSV = REPO / "tests" / "data" / "bad" / "synthetic_split.csv"


@pytest.fixture(scope="module")
def split_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("sanity")
    cache = tmp / "cache"
    shutil.copytree(REPO / "cache", cache)
    assert main(["cache", "import", "--cache", str(cache), "--ticker", "SPLT",
                 str(SPLIT_CSV)]) == 0
    text = STUDY.read_text().replace("cache: ../cache", f"cache: {cache}")
    text = text.replace("{ticker: F, name: Ford Motor}", "{ticker: SPLT, name: Synthetic split}")
    text = text.replace("autos: [F, GM, TSLA]", "autos: [SPLT, GM, TSLA]")
    study = tmp / "split.yaml"
    study.write_text(text)
    err = io.StringIO()  # capsys is function-scoped: capture stderr by hand
    with contextlib.redirect_stderr(err):
        assert main(["run", str(study), "--out", str(tmp / "out"), "--offline",
                     "--quiet"]) == 0
    return tmp / "out", err.getvalue()


def test_cli_prints_the_warning_text(split_run: tuple[Path, str]) -> None:
    _, err = split_run
    assert "warning: SplitLikeJumpWarning: SPLT, event 'truce' window [0,1]" in err
    assert "2018-12-03 x0.501" in err


def test_claim_and_member_rows_carry_the_issue(split_run: tuple[Path, str]) -> None:
    out, _ = split_run
    claims = {c["id"]: c for c in json.loads((out / "claims.json").read_text())["claims"]}
    autos = claims["autos_after_truce"]
    splt = next(m for m in autos["members"] if m["target"] == "SPLT")
    assert any("split-like price jump" in m and "window [0,1]" in m for m in splt["data_issues"])
    gm = next(m for m in autos["members"] if m["target"] == "GM")
    assert not any("split-like" in m for m in gm["data_issues"])
    assert autos["portfolio"]["data_issues"] and autos["data_issues"]
    # claims on other assets are not flagged with SPLT's problem
    assert not any("SPLT" in m for m in claims["banks_after_truce"]["data_issues"])


def test_report_shows_issue_on_the_card_and_diagnostics(split_run: tuple[Path, str]) -> None:
    out, _ = split_run
    html = (out / "report.html").read_text()
    card = html[html.index('id="claim-autos_after_truce"'):]
    card = card[:card.index("</article>")]
    assert "data: SPLT, event &#39;truce&#39; window [0,1]: split-like price jump" in card
    diag = html[html.index('id="diagnostics"'):html.index('id="provenance"')]
    assert "data: SPLT, event &#39;truce&#39;" in diag
    summary = html[html.index('id="verdicts"'):html.index('id="claims"')]
    assert "data warning(s)" in summary


def test_car_csv_rows_name_their_issues(split_run: tuple[Path, str]) -> None:
    out, _ = split_run
    car = pd.read_csv(out / "car.csv", keep_default_na=False)
    row = car[(car.event_id == "truce") & (car.asset == "SPLT") & (car.role == "primary")
              & (car.rel_start == 0) & (car.rel_end == 1)].iloc[0]
    assert "split-like price jump" in row["data_issues"]
    # an event far from the jump window has no split issue in its event window
    gm = car[(car.event_id == "truce") & (car.asset == "GM") & (car.role == "primary")]
    assert not gm["data_issues"].str.contains("split-like").any()
