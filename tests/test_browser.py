"""The report in a real browser: the system Chromium, headless, with no network.

Playwright for Python drives Debian's ``/usr/bin/chromium`` (``executable_path``:
it never downloads a browser of its own). At a laptop (1280x800) and a phone
(390x844) viewport the first claim's answer sentence must lie inside the first
screen, no element may be wider than the viewport, the console must stay
empty and the page must make no network request. Screenshots are written to
``$EVENTSTUDY_SCREENSHOTS`` when that variable names a folder.

Skips when Chromium or Playwright is missing, unless ``CI=true`` (then it fails).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import FLAGS, VIEWPORTS, WIDE, chromium, fail_or_skip

from eventstudy.pipeline import run

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[1]
STUDIES = {"trade_talks": REPO / "studies" / "trade_talks.yaml",
           # a new study written from docs/study-file.md, as a user would
           "steel_tariffs": REPO / "tests" / "data" / "steel_tariffs.yaml"}




@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory,
            bundled_run) -> dict[str, Path]:  # noqa: ANN001 - the shared session run
    out = tmp_path_factory.mktemp("browser")
    got = {"trade_talks": bundled_run.out / "report.html"}  # run once per session (conftest)
    for name, study in STUDIES.items():
        if name not in got:
            run(study, out=out / name, offline=True)
            got[name] = out / name / "report.html"
    return got


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    exe = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("playwright is not installed: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=exe, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 800})
        try:
            yield ctx
        finally:
            ctx.close()


@pytest.mark.parametrize("study", list(STUDIES))
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_answer_on_first_screen_no_overflow_no_errors_no_network(
        reports: dict[str, Path], browser, size: str, study: str) -> None:  # noqa: ANN001
    report = reports[study]
    width, height = VIEWPORTS[size]
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url)
            if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(report.as_uri(), wait_until="load")
    first = page.locator("ol.answers li.answer .sentence").first
    box = first.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (size, box)
    shown = first.inner_text()  # in a reporter's words: the statistics are one click away
    assert not [w for w in ("CAR", "p=", "SQ", "estimation window", "80% power")
                if w in shown], shown
    assert page.locator("ol.answers li.answer details.why").first.get_attribute("open") is None
    if size == "laptop" and study == "trade_talks":
        # both headline answers (the run-up and the boost) on the laptop's first screen
        boost = page.locator("#answer-us_boost .sentence").bounding_box()
        assert boost is not None and boost["y"] + boost["height"] <= height, boost
    wide = page.evaluate(WIDE)
    assert wide["scrollWidth"] <= wide["W"], wide
    assert not wide["out"], wide
    assert not console, console
    assert not requests, requests
    assert page.locator("svg.chart").count() >= 3
    shots = os.environ.get("EVENTSTUDY_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"{study}_{size}.png"))
        page.screenshot(path=str(Path(shots) / f"{study}_{size}_full.png"), full_page=True)
    page.close()
