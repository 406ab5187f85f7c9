"""Referee: the bundled report reads cleanly (what a sceptical reader trips over).

Checks on ``reports/<tmp>/report.html`` from a real offline run: the events
table shows one row per calendar (day 0 of the Saturday call: Shanghai
2019-01-02, New York 2018-12-31), the diagnostics print dates and counts
(not ``00:00:00``, ``NaT`` or ``23.0``), the pre-event claim's robustness table
says its day-0 windows are not checks of it, the supported one-sided claim
explains why its two-sided 95% interval includes zero, and the methods state
the SQ counting rule and the estimation-window exclusion span.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"


class _Text(HTMLParser):
    """Visible text per element id (articles) and the rows of every table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []  # (table class, cells)
        self._cls: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "style"):
            self._skip += 1
        if tag == "table":
            self._cls.append(dict(attrs).get("class") or "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "style"):
            self._skip -= 1
        if tag == "table" and self._cls:
            self._cls.pop()
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._cls[-1] if self._cls else "", self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(bundled_run) -> _Text:  # noqa: ANN001 - the shared session run (conftest)
    out = bundled_run.out
    p = _Text()
    p.feed((out / "report.html").read_text(encoding="utf-8"))
    return p


def _text(p: _Text) -> str:
    return " ".join(" ".join(p.chunks).split())


def test_events_table_one_row_per_calendar(page: _Text) -> None:
    rows = [r for c, r in page.rows if c == "alignments" and r[0] != "calendar"]
    # 6 events x 3 calendars (XNYS, XSHG, XHKG), not 6 x 19 assets
    assert len(rows) == 18
    call = {r[0]: r[1] for r in rows if "2018-12-29" in r[2]}
    assert call == {"XNYS": "Monday 31 Dec 2018", "XSHG": "Wednesday 2 Jan 2019",
                    "XHKG": "Monday 31 Dec 2018"}


def test_diagnostics_print_dates_and_counts(page: _Text) -> None:
    text = _text(page)
    assert "00:00:00" not in text
    assert "NaT" not in text
    diag = [r for c, r in page.rows if c == "diagnostics" and len(r) == 11 and r[0] != "event"]
    assert diag, "diagnostics table missing"
    for r in diag:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \u2013 \d{4}-\d\d-\d\d|members' own windows", r[3])
        assert re.fullmatch(r"\d+|n/a", r[9]), r  # excluded: an integer, not 23.0


def test_pre_event_claim_robustness_is_labelled(page: _Text) -> None:
    text = _text(page)
    m = re.search(r"US beaten down (supported|not supported|contradicted)", text)
    assert m, "US beaten down card missing"
    i = m.start()
    card = text[i: text.index("US boost", i + 20)]
    assert "This claim is about the run-up before day 0" in card
    if m.group(1) == "supported":  # a one-sided verdict explains its two-sided interval
        assert "two-sided 90% range" in card


def test_methods_state_sq_rule_and_exclusion(page: _Text) -> None:
    text = _text(page)
    assert "p > = (1 + #{s j ≥ CAR})/(M + 1)" in text
    assert "without the sessions inside any other study or context event’s own windows" in text
