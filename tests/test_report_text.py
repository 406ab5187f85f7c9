"""Text is text: hostile strings go through every chart, HTML field and summary.md unchanged.

Every character class a headline or a name may carry -- ``$`` (matplotlib
mathtext), ``\\``, ``_``, ``^``, braces, ``%``, ``<script>``, right-to-left
scripts and emoji -- is put into every string a study file carries; the run
must finish, each chart must draw the string literally (as SVG text, XML
escaped, not as maths) and the HTML and Markdown must show it as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eventstudy.pipeline import run
from eventstudy.report import charts
from eventstudy.spec import Study

REPO = Path(__file__).resolve().parents[1]
#: one of each: maths, backslash, underscore, caret, braces, percent, HTML, RTL, emoji
HOSTILE = ("$200bn$ \\a_b ^c {d} 5% <script>alert(1)</script> "
           "\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \U0001F600")


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _svg_text(svg: str) -> str:
    """All text of an SVG, lines of wrapped titles joined by one space."""
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    return " ".join(" ".join(parts).split())


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    study = Study(
        title=f"Tariffs on {HOSTILE}",
        source={"publisher": f"Pub {HOSTILE}", "date": "2018-12-31",
                "summary": f"Summary {HOSTILE}", "url": "https://example.com/?q=$x$"},
        data={"source": "cache", "cache": str(REPO / "cache")},
        model={"kind": "market", "benchmark": "^GSPC", "estimation_window": [-250, -21]},
        assets=[{"ticker": "^GSPC", "name": f"Index {HOSTILE}", "model": "constant_mean"},
                {"ticker": "CAT", "name": f"Cat {HOSTILE}"},
                {"ticker": "BA", "name": f"Boeing {HOSTILE}"}],
        groups={"industrials": ["CAT", "BA"]},
        events=[{"id": "news", "title": f"News {HOSTILE}", "when": "2018-12-27",
                 "note": f"Note {HOSTILE}"}],
        context_events=[{"id": "ctx", "title": f"Context {HOSTILE}", "when": "2018-12-19"}],
        claims=[{"id": "first_claim", "text": f"rose {HOSTILE}", "event": "news",
                 "assets": "industrials", "window": [0, 1], "direction": "up",
                 "headline": True},
                {"id": "second_claim", "text": f"fell {HOSTILE}", "event": "news",
                 "assets": "^GSPC", "window": [-5, -1], "direction": "down"}],
    )
    out = tmp_path_factory.mktemp("hostile_text") / "out"
    return run(study, out=out, offline=True)


@pytest.mark.parametrize("kind", ["path", "bars", "timeline"])
def test_every_chart_draws_the_text_literally(result, kind: str) -> None:  # noqa: ANN001
    svg = charts.to_svg(result.plot(kind=kind))
    assert _xml(HOSTILE) in _svg_text(svg)  # drawn as typed, never parsed as mathtext
    assert "<script" not in svg


def test_bars_of_the_second_claim_and_the_headline_chart_titles(result) -> None:  # noqa: ANN001
    svg = charts.to_svg(result.plot(claim="second_claim", kind="bars"))
    assert _xml(f"Index {HOSTILE}") in _svg_text(svg)
    head = charts.to_svg(result.plot())
    assert _xml(f"News {HOSTILE}") in _svg_text(head)  # the event's title is in the headline title


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_html_field_shows_the_text(result) -> None:  # noqa: ANN001
    html = (result.out / "report.html").read_text(encoding="utf-8")
    p = _Tags()
    p.feed(html)
    assert "script" not in p.tags
    text = "".join(p.text)
    for prefix in ("Tariffs on", "Pub", "Summary", "Index", "Cat", "Boeing", "News", "Note",
                   "Context", "rose", "fell"):
        assert f"{prefix} {HOSTILE}" in text, prefix
    assert str(result._repr_html_()).count("&lt;script&gt;") >= 2  # notebook answer block


def test_summary_md_escapes_markdown_and_html(result) -> None:  # noqa: ANN001
    md = (result.out / "summary.md").read_text(encoding="utf-8")
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "\\$200bn\\$" in md and "\\\\a\\_b" in md
    assert "\u05e2\u05d1\u05e8\u05d9\u05ea" in md and "\U0001F600" in md
