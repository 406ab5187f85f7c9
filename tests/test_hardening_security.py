"""Security: study files cannot run code, script a reader's browser, escape the
cache folder, or make the report fetch anything.

``tests/data/bad/security/payload_study.yaml`` puts hostile strings in every
free-text field (title, source, asset names, event titles and notes, context
events, claim text); it is run end to end on the committed (real) cache.
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eventstudy.cli import main
from eventstudy.data import PriceCache, safe_filename
from eventstudy.exceptions import SpecError, TickerNameError
from eventstudy.spec import Study

HERE = Path(__file__).parent
PAYLOAD = HERE / "data" / "bad" / "security" / "payload_study.yaml"
REPO = HERE.parent


# ------------------------------------------------------------------ YAML
@pytest.mark.parametrize("tagged", [
    '!!python/object/apply:os.system ["touch {m}"]',
    '!!python/object/new:subprocess.Popen [["touch", "{m}"]]',
    "!!python/name:os.system",
    '!!python/module:os',
    "!!binary aGVsbG8=",
    '!!set {{a: null}}',
    "!custom foo",
])
def test_yaml_tags_never_construct_objects(tagged: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "s.yaml"
    path.write_text(f"title: {tagged.format(m=marker)}\nassets: [{{ticker: GM}}]\n"
                    "events: [{id: e, when: 2018-12-03}]\n")
    with pytest.raises(SpecError, match="is not allowed"):
        Study.from_yaml(path)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, "
              f"*a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SpecError, match="too large or uses too many aliases"):
        Study.from_yaml(path)


# ------------------------------------------------------------------ HTML report
class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("sec")
    cache = tmp / "cache"
    shutil.copytree(REPO / "cache", cache)
    study = tmp / "payload.yaml"
    shutil.copy(PAYLOAD, study)
    old = {k: os.environ.get(k) for k in ("EVENTSTUDY_CACHE", "EVENTSTUDY_OFFLINE")}
    os.environ.update(EVENTSTUDY_CACHE=str(cache), EVENTSTUDY_OFFLINE="1")
    try:
        rc = main(["run", str(study), "--out", str(tmp / "out"), "--quiet"])
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert rc == 0
    return (tmp / "out" / "report.html").read_text(encoding="utf-8")


def test_no_script_and_no_event_handlers(report: str) -> None:
    p = _Collect()
    p.feed(report)
    names = {t for t, _ in p.tags}
    assert "script" not in names and "iframe" not in names and "img" not in names
    for tag, attrs in p.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)


def test_every_payload_is_shown_escaped(report: str) -> None:
    for escaped in ["&lt;script&gt;alert(1)&lt;/script&gt;",
                    "&lt;script&gt;alert(7)&lt;/script&gt;",
                    "&lt;/svg&gt;&lt;script&gt;alert(8)&lt;/script&gt;",
                    "&lt;img src=https://evil.example/a.png onerror=alert(9)&gt;"]:
        assert escaped in report, escaped
    # (a quote inside a text node, e.g. an SVG <text>, is harmless: only markup counts)
    for raw in ["<script>", "</svg><script>", "<img src=", "<iframe", "<style>body",
                "<b>S&P"]:
        assert raw not in report, raw
    assert "{{ 7*7 }}" in report or "7*7" in report  # not evaluated as a template
    assert ">49<" not in report


def test_asset_names_with_quotes_and_markup(report: str) -> None:
    assert "GM&#34; onload=&#34;alert(5)" in report or "GM&quot; onload=&quot;alert(5)" in report
    assert "&lt;b&gt;S&amp;P&lt;/b&gt;" in report


def test_report_makes_no_external_request(report: str) -> None:
    p = _Collect()
    p.feed(report)
    for tag, attrs in p.tags:
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name in ("src", "href", "xlink:href", "action", "formaction", "poster",
                        "data", "srcset", "background"):
                assert not re.match(r"^(https?:)?//", v), (tag, name, value)
            if name == "style":
                assert not re.search(r"url\(\s*['\"]?(https?:)?//", v), (tag, value)
        if tag == "link":
            pytest.fail(f"external stylesheet/link: {attrs}")
    for css in p.styles:
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css, re.I), css
        assert "@import" not in css
    assert "default-src 'none'" in report  # CSP: the browser refuses any fetch anyway


# ------------------------------------------------------------------ ticker -> file name
@pytest.mark.parametrize("ticker", [
    "../x", "..", ".", "a/b", "/etc/passwd", "C:\\x", "..\\..\\x", "x\x00y", ".hidden",
    "CON", "con", "NUL", "COM1", "LPT9", "aux.txt", "x.", "a b", "a\nb", "", "A" * 65,
    "%2e%2e%2fx", "~root", "$(id)", "`id`", "x;rm",
])
def test_unsafe_ticker_names_are_refused(ticker: str, tmp_path: Path) -> None:
    with pytest.raises(TickerNameError):
        safe_filename(ticker)
    with pytest.raises(TickerNameError):
        PriceCache(tmp_path).csv_path(ticker)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ticker", ["^GSPC", "000001.SS", "ZS=F", "BRK-B", "7203.T", "^N225"])
def test_good_tickers_stay_inside_the_cache(ticker: str, tmp_path: Path) -> None:
    path = PriceCache(tmp_path).csv_path(ticker).resolve()
    assert path.parent == tmp_path.resolve()
    assert path.name == f"{ticker}.csv"


@pytest.mark.parametrize("argv", [
    ["cache", "show", "../../etc/passwd"],
    ["fetch", "--tickers", "../evil", "--start", "2018-01-01", "--end", "2018-02-01"],
    ["cache", "import", "--ticker", "/abs/path", "tests/data/bad/synthetic_ok.csv"],
])
def test_cli_refuses_unsafe_tickers(argv: list[str], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*argv, "--cache", str(tmp_path)]
    argv = [str(REPO / a) if a.startswith("tests/") else a for a in argv]
    rc = main(argv)
    cap = capsys.readouterr()
    assert rc == 2
    assert "cannot be used as a cache file name" in cap.err or "not a portable" in cap.err
    assert list(tmp_path.iterdir()) == []
