"""The report of a large group: summaries where a reader cannot look at every member.

SYNTHETIC data (seeded here, never written outside a temporary folder): 30
tickers ``SYN00..SYN29`` on the NYSE calendar, a market index ``SYNMKT``, two
invented events and a headline claim on the group of all 30. Every member's
name carries markup and TeX-like text (``<b>``, ``$a_i$``), which must show as
typed in the HTML and in the SVG charts.
"""

from __future__ import annotations

import collections
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from eventstudy.pipeline import run
from eventstudy.report import charts, figures, render_html, scale

N = 30
SEED = 20261203


def _name(i: int) -> str:
    return f"SYN{i:02d} <b>bold</b> $a_{i}$"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from eventstudy.calendar import sessions

    d = tmp_path_factory.mktemp("scale")
    dates = sessions("XNYS", pd.Timestamp("2017-01-03"), pd.Timestamp("2019-06-28"))
    rng = np.random.default_rng(SEED)
    mkt = 0.0003 + 0.01 * rng.standard_normal(len(dates))
    beta = rng.uniform(0.5, 1.5, N)
    r = mkt[:, None] * beta + 0.015 * rng.standard_normal((len(dates), N))
    prices = pd.DataFrame(50 * np.cumprod(1 + r, axis=0), columns=[f"SYN{i:02d}" for i in range(N)],
                          index=pd.Index(dates.strftime("%Y-%m-%d"), name="date"))
    prices["SYNMKT"] = 1000 * np.cumprod(1 + mkt)
    prices.to_csv(d / "prices.csv", float_format="%.6f")
    tickers = [f"SYN{i:02d}" for i in range(N)]
    lines = [
        'title: "SYNTHETIC: a group of 30"',
        "data: {source: csv, path: prices.csv}",
        "model: {kind: market, benchmark: SYNMKT, estimation_window: [-250, -11],",
        "        min_estimation_days: 120}",
        "event_windows: [[0, 0], [0, 1], [-1, 1]]",
        "assets:",
        "  - {ticker: SYNMKT, name: SYNTHETIC market, calendar: XNYS, model: constant_mean}",
        *[f"  - {{ticker: {t}, name: \"{_name(i)}\", calendar: XNYS}}"
          for i, t in enumerate(tickers)],
        "groups:",
        "  all_syn: [" + ", ".join(tickers) + "]",
        "events:",
        "  - {id: e1, title: SYNTHETIC event one, when: 2018-06-05}",
        "  - {id: e2, title: SYNTHETIC event two, when: 2018-10-09}",
        "claims:",
        "  - {id: g1, text: SYNTHETIC group claim, event: e1, assets: all_syn, window: [0, 1],"
        " direction: up, headline: true}",
        "  - {id: a2, text: SYNTHETIC single claim, event: e2, assets: SYN00, window: [0, 0],"
        " direction: any}",
    ]
    (d / "study.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = run(d / "study.yaml")
    return res, pd.read_csv(d / "prices.csv", index_col="date")  # the prices as the run read them


def _record(res: Any, cid: str) -> dict[str, Any]:
    return next(r for r in res.claim_records if r["id"] == cid)


def test_extended_returns_of_many_members_are_raw_minus_the_fitted_model(big) -> None:  # noqa: ANN001
    """Column-wise extended ARs = plain pandas on the CSV closes minus alpha + beta * market."""
    res, prices = big
    tickers = [f"SYN{i:02d}" for i in range(N)]
    ext = figures._extended_many(res, "e1", tickers)
    assert all(v is not None for v in ext.values())
    p = prices.set_axis(pd.DatetimeIndex(prices.index), axis=0)
    for t in ("SYN03", "SYN17", "SYN29"):
        fit = next(m for m in res.resolved["model_params"]
                   if m["event_id"] == "e1" and m["asset"] == t)
        day = pd.Timestamp("2018-05-15")  # weeks before the run's own windows
        prev = p.index[p.index.get_loc(day) - 1]
        raw = p.at[day, t] / p.at[prev, t] - 1
        m = p.at[day, "SYNMKT"] / p.at[prev, "SYNMKT"] - 1
        want = raw - (fit["params"]["const"] + fit["params"]["market"] * m)
        assert ext[t].loc[day] == pytest.approx(want, abs=1e-12)


def test_headline_chart_draws_the_average_the_spread_and_named_extremes(big) -> None:  # noqa: ANN001
    res, _ = big
    rec = _record(res, "g1")
    fig = figures.path_figure(res, "g1")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "average of the group"  # then the named extremes, not 30 lines
    assert sum("largest move" in t for t in legend) == scale.NAMED
    assert sum("smallest move" in t for t in legend) == scale.NAMED
    drawn = [ln for ln in ax.lines if len(ln.get_xdata()) > 2]  # paths, not event markers
    assert len(drawn) == 1 + 2 * scale.NAMED
    assert any(f"middle 80% of the {N} members" in t for t in legend)
    cars = sorted((m["car"] for m in rec["members"]), reverse=True)
    largest = next(t for t in legend if "largest move" in t)
    assert f"{cars[0] * 100:+.1f}%" in largest  # the largest CAR is named first
    # the band is the 10%-90% range of the members' cumulated extended returns
    parts = figures.path_parts(res, "g1")
    ext = figures._extended_many(res, "e1", [m["target"] for m in rec["members"]])
    cum = pd.concat(ext, axis=1).dropna().cumsum().to_numpy()
    assert np.allclose(parts["spread"]["hi"].to_numpy(), np.quantile(cum, 0.9, axis=1))


def test_bars_chart_is_the_average_and_one_sorted_panel_of_members(big) -> None:  # noqa: ANN001
    res, _ = big
    rec = _record(res, "g1")
    fig = figures.bars_figure(res, "g1")
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 2
    dots = shown[1].lines[0].get_ydata()
    assert np.allclose(dots, np.sort([100 * m["car"] for m in rec["members"]]))


def test_timeline_panel_of_a_large_group_is_median_and_band(big) -> None:  # noqa: ANN001
    res, prices = big
    fig = figures.timeline_figure(res)
    ax = next(a for a in fig.axes if a.get_title(loc="left").startswith("All syn"))
    (median,) = [ln for ln in ax.lines if len(ln.get_xdata()) > 2]
    x = pd.DatetimeIndex(median.get_xdata())
    p = prices.set_axis(pd.DatetimeIndex(prices.index), axis=0)
    first = min(pd.Timestamp(al["day0"]) for e in res.resolved["events"] for al in e["alignments"])
    base = p.loc[:first - pd.Timedelta(days=1)].iloc[-1]
    members = [f"SYN{i:02d}" for i in range(N)]
    want = (100 * p.loc[x, members] / base[members]).median(axis=1)
    assert np.allclose(median.get_ydata(), want.to_numpy())


def test_report_shows_the_largest_and_smallest_members_and_says_so(big) -> None:  # noqa: ANN001
    res, _ = big
    rec = _record(res, "g1")
    html = render_html(res)
    card = html[html.index('id="claim-g1"'):]
    card = card[:card.index("</article>")]
    k = scale.MAX_MEMBER_ROWS // 2
    assert f"Showing the {k} largest and the {k} smallest moves of the {N} members" in card
    ranked = sorted(rec["members"], key=lambda m: m["car"], reverse=True)
    want = [m["label"] for m in ranked[:k] + ranked[-k:]]
    table = card[:card.index("</table>")]
    got = re.findall(r"<tr class=\"v-[^\"]*\"><td>(SYN\d\d)", table)
    assert got == [w[:5] for w in want]
    counts = collections.Counter(m["verdict"] for m in rec["members"])
    assert scale.verdict_counts(rec["members"]) in card
    assert sum(counts.values()) == N
    assert f"The {N} rows of the members one by one are in claims.json" in card


def test_member_names_stay_text_in_html_and_charts(big) -> None:  # noqa: ANN001
    res, _ = big
    html = render_html(res)
    assert "<b>bold</b>" not in html  # escaped everywhere
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    svgs = [charts.to_svg(figures.bars_figure(res, "g1")),
            charts.to_svg(figures.path_figure(res, "g1"))]
    for svg in svgs:
        assert "<b>" not in svg
        assert re.search(r"\$a_\d+\$", svg), "TeX-like text must be drawn as typed"


def test_capped_puts_flagged_rows_first_and_keeps_order() -> None:
    rows = list(range(500))
    shown, left = scale.capped(rows, lambda r: r % 100 == 99, limit=10)
    assert shown == [0, 1, 2, 3, 4, 99, 199, 299, 399, 499] and left == 490
    assert scale.capped(rows[:5], limit=10) == ([0, 1, 2, 3, 4], 0)
    assert scale.names(["a", "b", "c"], limit=2) == "a, b and 1 more"


def test_a_study_of_many_claims_shows_a_hundred_cards_and_every_verdict(bundled_run) -> None:  # noqa: ANN001
    """The bundled claims copied 14 times (126 claims): cards stop at MAX_CARDS, the table not."""
    import dataclasses
    import json

    res = bundled_run.result
    copies = 14
    records = tuple({**r, "id": f"{r['id']}_{k}"} for k in range(copies)
                    for r in res.claim_records)
    study = json.loads(json.dumps(res.resolved["study"]))
    study["claims"] = [{**c, "id": f"{c['id']}_{k}", "headline": bool(c.get("headline")) and k == 0}
                       for k in range(copies) for c in study["claims"]]
    many = dataclasses.replace(res, claim_records=records,
                               resolved={**res.resolved, "study": study})
    html = render_html(many)
    heads = sum(bool(c.get("headline")) for c in study["claims"])
    assert html.count('<article class="card ') == heads + scale.MAX_CARDS
    left = len(records) - heads - scale.MAX_CARDS
    assert f"the other {left} are one row each" in html
    table = html[html.index('<table class="verdicts">'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr class=") == len(records)  # every claim keeps its verdict row


@pytest.mark.browser
def test_large_group_report_in_a_browser(big, tmp_path) -> None:  # noqa: ANN001
    """Laptop and phone: the answer on the first screen, nothing wider than the viewport,
    no console message, no network request (the system Chromium, headless)."""
    from browser_support import FLAGS, VIEWPORTS, WIDE, chromium, fail_or_skip

    exe = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("playwright is not installed: pip install -e '.[test]'")
    res, _ = big
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(res), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=FLAGS)
        try:
            for width, height in VIEWPORTS.values():
                page = browser.new_page(viewport={"width": width, "height": height})
                console: list[str] = []
                requests: list[str] = []
                page.on("console", lambda m: console.append(m.text)  # noqa: B023
                        if m.type in ("error", "warning") else None)
                page.on("request", lambda r: requests.append(r.url)  # noqa: B023
                        if not r.url.startswith(("file:", "data:", "about:")) else None)
                page.goto(page_file.as_uri(), wait_until="load")
                box = page.locator("ol.answers li.answer .sentence").first.bounding_box()
                assert box is not None and box["y"] + box["height"] <= height, box
                wide = page.evaluate(WIDE)
                assert wide["scrollWidth"] <= wide["W"] and not wide["out"], wide
                assert not console and not requests, (console, requests)
                page.close()
        finally:
            browser.close()
