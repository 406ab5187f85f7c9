"""The HTML report: self-contained, escaped, deterministic charts.

The hostile study is the bundled one with `<script>` tags and URLs injected
into every kind of string a study file carries.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eventstudy.pipeline import run
from eventstudy.report import charts

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"
EVIL = "<script>alert('x')</script>"
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)


class _Attrs(HTMLParser):
    """Collect every src/href attribute of every real tag (text content is not a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [v or "" for k, v in attrs if k in {"src", "href", "xlink:href", "action"}]

    handle_startendtag = handle_starttag


def _parse(html: str) -> _Attrs:
    p = _Attrs()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    text = STUDY.read_text()
    text = text.replace("cache: ../cache", f"cache: {REPO / 'cache'}")
    text = text.replace('title: "US-China', f'title: "{EVIL} US-China')
    text = text.replace("publisher: Bloomberg",
                        "publisher: Bloomberg\n  url: https://example.com/a?b=<i>")
    text = text.replace("name: Ford Motor}", f'name: "Ford {EVIL}"}}')
    text = text.replace("text: received a boost from news of the upcoming talks",
                        f'text: "{EVIL} received a boost from news of the upcoming talks"')
    text = text.replace("title: Bloomberg reports", "title: <img src=https://evil/x> Bloomberg")
    d = tmp_path_factory.mktemp("hostile")
    (d / "hostile.yaml").write_text(text)
    run(d / "hostile.yaml", out=d / "out", offline=True)
    return (d / "out" / "report.html").read_text()


def test_no_external_references(hostile_html: str) -> None:
    parsed = _parse(hostile_html)
    assert parsed.urls, "expected in-page links"
    assert not [u for u in parsed.urls if EXTERNAL.search(u)]
    assert all(u.startswith("#") for u in parsed.urls)
    assert "<link" not in hostile_html and "@import" not in hostile_html
    assert "url(" not in hostile_html.replace("url(#", "")  # only in-document SVG refs


def test_study_strings_are_escaped(hostile_html: str) -> None:
    tags = _parse(hostile_html).tags
    assert "script" not in tags and "img" not in tags and "i" not in tags
    assert "&lt;script&gt;" in hostile_html or "&lt;script" in hostile_html


def test_sections_present(hostile_html: str) -> None:
    for anchor in ("answer", "headline-chart", "verdicts", "claims", "events", "diagnostics",
                   "provenance", "methods", "timeline"):
        assert f'id="{anchor}"' in hostile_html
    # headline chart (laptop and phone layouts), one timeline, one bar chart per
    # headline claim (two in the study)
    assert hostile_html.count("<svg") == 2 + 1 + 2
    assert "2019-01-02" in hostile_html and "XSHG" in hostile_html
    assert "stand out from the volatility of those sessions" in hostile_html


def test_svg_is_deterministic_and_dateless() -> None:
    import pandas as pd

    df = pd.DataFrame({"rel_day": [-1, 0, 1], "abnormal_return": [0.01, -0.02, 0.005],
                       "ar_se": [0.01, 0.01, 0.01]})
    a = charts.to_svg(charts.ar_car_chart([("X", df)], window=(0, 1), title="t"))
    b = charts.to_svg(charts.ar_car_chart([("X", df)], window=(0, 1), title="t"))
    assert a == b
    assert a.startswith("<svg") and "<dc:date>" not in a and "<?xml" not in a
