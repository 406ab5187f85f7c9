"""The "Further analyses" section and the trading claims' cards in a real browser.

Same rules as ``tests/test_browser.py`` (Debian's Chromium, headless, no
network), on the bundled ``studies/apple_warning.yaml`` with every
``<details>`` opened: no element outside a scroll box may be wider than the
viewport at laptop and phone sizes, the console stays empty, and the tables of
the section are visible. Screenshots go to ``$EVENTSTUDY_SCREENSHOTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import FLAGS, VIEWPORTS, WIDE, chromium, fail_or_skip

from eventstudy.pipeline import run

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[1]



@pytest.fixture(scope="module")
def page_factory(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    exe = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("playwright is not installed: pip install -e '.[test]'")
    out = tmp_path_factory.mktemp("apple")
    run(REPO / "studies" / "apple_warning.yaml", out=out, offline=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(exe), headless=True, args=FLAGS)
        try:
            yield browser, out / "report.html"
        finally:
            browser.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_further_analyses_fit_the_screen(page_factory, size: str) -> None:  # noqa: ANN001
    browser, report = page_factory
    width, height = VIEWPORTS[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning")
            else None)
    page.goto(report.as_uri(), wait_until="load")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    wide = page.evaluate(WIDE)
    assert wide["scrollWidth"] <= wide["W"], wide
    assert not wide["out"], wide
    assert not console, console
    for sel in ("#analyses-long-run table", "#analyses-volume table",
                "#analyses-volatility table", "#analyses-classic table",
                "#activity-apple_heavy_trading table"):
        assert page.locator(sel).first.is_visible(), sel
    shots = os.environ.get("EVENTSTUDY_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.locator("#analyses").screenshot(path=str(Path(shots) / f"analyses_{size}.png"))
    page.close()
