"""draft: general rules added after round 9 of the corpus (docs/draft.md, rule table).

Each test drafts a short text written for the test (our own words, not the
corpus) and checks an answer worked out by hand from the rule (calendar
arithmetic by hand, noted).
"""

from __future__ import annotations

import datetime as dt
import types

import pytest

from eventstudy.draft import dateline as dateline_module
from eventstudy.draft import draft_study, parse_dateline, to_yaml
from eventstudy.exceptions import DraftError


def _clock(day: dt.date) -> types.SimpleNamespace:
    """A ``datetime`` module whose ``date.today()`` is ``day`` (an injected, fixed clock)."""

    class _Date(dt.date):
        def __new__(cls, *args: int) -> dt.date:  # type: ignore[misc]
            return dt.date(*args)  # the dates built stay plain dates

        @classmethod
        def today(cls) -> dt.date:
            return dt.date(day.year, day.month, day.day)

    return types.SimpleNamespace(date=_Date, time=dt.time, datetime=dt.datetime,
                                 timedelta=dt.timedelta, timezone=dt.timezone)


_NO_YEAR = ("Nikkei slides\n\nTOKYO, Jan 4 (Reuters) - Japanese stocks tumbled on Friday as "
            "Tokyo's markets reopened after the holiday.\n")


@pytest.mark.parametrize("today", [dt.date(2026, 12, 4), dt.date(2031, 6, 1), dt.date(2019, 1, 5)])
def test_a_year_less_wire_dateline_does_not_read_the_clock(monkeypatch, today):
    # by hand: 4 January is a Friday in 2013, 2019, 2030: a text naming no year does not say
    # which, so the draft asks for --date whatever the clock says (in 2031 the old rule read
    # 2030, in 2026 it read 2019)
    monkeypatch.setattr(dateline_module, "dt", _clock(today))
    with pytest.raises(DraftError) as err:
        parse_dateline(_NO_YEAR)
    assert "has no year" in err.value.message and "--date" in (err.value.hint or "")
    # --date settles it, and the wire dateline still gives its city and publisher
    d = parse_dateline(_NO_YEAR, "2019-01-04")
    assert (d.date, d.city, d.publisher, d.zone) == (dt.date(2019, 1, 4), "TOKYO", "Reuters",
                                                     "Asia/Tokyo")


def test_the_year_of_a_year_less_wire_dateline_is_one_the_text_names():
    # by hand: 6 March 2018 was a Tuesday (2018-03-01 a Thursday); 6 March 2019 a Wednesday
    text = ("Stocks slip\n\nLONDON, March 6 (Reuters) - European shares fell on Tuesday as "
            "investors weighed the tariff threat. The index is up 3% in 2018 so far.\n")
    drafts = []
    for today in (dt.date(2026, 12, 4), dt.date(2035, 3, 6)):
        old = dateline_module.dt
        dateline_module.dt = _clock(today)  # type: ignore[assignment]
        try:
            d = parse_dateline(text)
            drafts.append(to_yaml(draft_study(text)))
        finally:
            dateline_module.dt = old
        assert d.date == dt.date(2018, 3, 6) and "2018" in d.review
    assert drafts[0] == drafts[1]  # the same draft whatever the day it is run
