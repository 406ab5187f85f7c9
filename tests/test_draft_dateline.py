"""draft: datelines as newsrooms write them, and times of day.

Every article line here was written for these tests; the expected readings
were worked out by hand from the rules in docs/draft.md.
"""

from __future__ import annotations

import datetime as dt

import pytest

from eventstudy.cli import main
from eventstudy.draft import draft_study, parse_dateline
from eventstudy.draft.times import find_times
from eventstudy.exceptions import DraftError

D = dt.date
BODY = "\n\nUS stocks fell on Monday after the report.\n"


@pytest.mark.parametrize(
    ("head", "date", "time", "zone", "publisher"),
    [
        ("date 2018-12-31 Bloomberg", D(2018, 12, 31), None, None, "Bloomberg"),
        ("   date 2018-12-31 Bloomberg   ", D(2018, 12, 31), None, None, "Bloomberg"),
        ("\ufeffdate 2018-12-31 Bloomberg", D(2018, 12, 31), None, None, "Bloomberg"),
        ("December 31, 2018", D(2018, 12, 31), None, None, None),
        ("Dec. 31, 2018", D(2018, 12, 31), None, None, None),
        ("Dec 31, 2018", D(2018, 12, 31), None, None, None),
        ("By Jane Roe\nDec. 31, 2018, 10:12 AM EST", D(2018, 12, 31), dt.time(10, 12),
         "America/New_York", None),
        ("Published Mon, Dec 31 2018  4:37 PM EST\nUpdated Mon, Dec 31 2018  6:11 PM EST",
         D(2018, 12, 31), dt.time(16, 37), "America/New_York", None),
        ("Updated Dec. 31, 2018 6:04 pm ET", D(2018, 12, 31), dt.time(18, 4),
         "America/New_York", None),
        ("Published: 6:30pm, 31 Dec, 2018", D(2018, 12, 31), dt.time(18, 30), None, None),
        ("2018-12-31T10:12:00-05:00", D(2018, 12, 31), dt.time(10, 12), "Etc/GMT+5", None),
        ("Source: Xinhua | 2018-12-31 14:05:12 | Editor: Liu", D(2018, 12, 31),
         dt.time(14, 5), "Asia/Shanghai", "Xinhua"),  # Xinhua's pages give Beijing time
        ("By Sam Ruiz, CNBC\nDecember 31, 2018", D(2018, 12, 31), None, None, "CNBC"),
        ("By Bloomberg News\nDecember 31, 2018, 5:00 AM EST", D(2018, 12, 31), dt.time(5, 0),
         "America/New_York", "Bloomberg"),
    ],
)
def test_header_datelines(head, date, time, zone, publisher):
    d = parse_dateline(head + BODY)
    assert (d.date, d.time, d.timezone, d.publisher) == (date, time, zone, publisher)


@pytest.mark.parametrize(
    ("text", "date", "city", "publisher", "zone"),
    [
        ("December 31, 2018\n\nBEIJING, Dec 31 (Reuters) - Chinese stocks fell on Monday.",
         D(2018, 12, 31), "BEIJING", "Reuters", "Asia/Shanghai"),
        ("BEIJING, Dec. 31 (Xinhua) -- Talks ended on Dec. 1, 2018, and stocks fell.",
         D(2018, 12, 31), "BEIJING", "Xinhua", "Asia/Shanghai"),
        ("Title\n\nDecember 31, 2018\n\nNEW YORK (AP) — Stocks fell on Monday after the report.",
         D(2018, 12, 31), "NEW YORK", "Associated Press", "America/New_York"),
        ("Title\n\nDecember 31, 2018, 5:00 AM EST\n\n(Bloomberg) -- US stocks fell on Monday.",
         D(2018, 12, 31), None, "Bloomberg", "America/New_York"),
    ],
)
def test_wire_datelines(text, date, city, publisher, zone):
    d = parse_dateline(text)
    assert (d.date, d.city, d.publisher, d.zone) == (date, city, publisher, zone)
    draft = draft_study(text)
    assert not any(s.text.startswith(("BEIJING", "NEW YORK", "(Bloomberg)", "December"))
                   for s in draft.sentences)


def test_wire_year_inferred_from_the_text_is_marked():
    d = parse_dateline("TOKYO, Jan 9 (Reuters) - Stocks rose after the Dec. 1, 2018 truce.")
    assert d.date == D(2019, 1, 9)
    assert "2019 was taken from 2018-12-01" in d.review


def test_wire_dateline_without_any_year_needs_date(tmp_path, capsys):
    # no year anywhere and no weekday in the lead: the draft stops (with a weekday, the
    # latest year putting Jan 9 on it is taken, marked: tests/test_draft_round7.py)
    text = "TOKYO, Jan 9 (Reuters) - Japanese stocks rose as exporters gained.\n"
    with pytest.raises(DraftError, match="no year"):
        parse_dateline(text)
    assert parse_dateline(text, "2019-01-09").date == D(2019, 1, 9)
    path = tmp_path / "wire.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["draft", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--date" in err and "Traceback" not in err


def test_bom_file_drafts_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffdate 2018-12-31 Bloomberg\n\nUS stocks fell on Friday.\n"
                     .encode("utf-8"))
    assert main(["draft", str(path)]) == 0
    out = capsys.readouterr().out
    assert "publisher: Bloomberg" in out and "date 2018" not in out.split("events:")[-1]


def test_the_dateline_is_never_an_event_nor_the_title():
    text = "date 2018-12-31 Bloomberg\n\nUS stocks rose on Thursday after the talks report.\n"
    d = draft_study(text, date="2018-12-31")
    assert d.dateline.origin == "--date" and d.dateline.publisher == "Bloomberg"
    assert all("date" not in e.id for e in d.events)
    assert d.sentences[0].text.startswith("US stocks")


# ------------------------------------------------------------------ times of day
@pytest.mark.parametrize(
    ("sentence", "zone", "time", "tz"),
    [
        ("Trump signed it at 12:40 p.m. EST on Thursday.", None, dt.time(12, 40),
         "America/New_York"),
        ("The statement came at 2 p.m. Eastern time.", None, dt.time(14, 0), "America/New_York"),
        ("The ministry spoke at 14:00 GMT.", None, dt.time(14, 0), "UTC"),
        ("Tariffs took effect at 12:01 a.m. Friday Washington time.", None, dt.time(0, 1),
         "America/New_York"),
        ("The ministry spoke at 10 a.m. on Friday.", "Asia/Shanghai", dt.time(10, 0),
         "Asia/Shanghai"),
        ("Apple cut its forecast after the close.", None, dt.time(16, 0), "America/New_York"),
        ("The news broke before Hong Kong markets opened.", None, dt.time(9, 30),
         "Asia/Hong_Kong"),
        ("The results came before the opening bell.", "Asia/Tokyo", dt.time(9, 30),
         "America/New_York"),
    ],
)
def test_times_of_day(sentence, zone, time, tz):
    market = "New York"
    found, _ = find_times(sentence, zone=zone, market=market)
    assert [(t.time, t.timezone) for t in found] == [(time, tz)]


def test_no_time_in_numbers_and_scores():
    assert find_times("Stocks rose 2.6 percent, a 3:1 ratio, in 2018.")[0] == []


def test_after_the_close_sets_day_zero_by_the_close_after_rule():
    text = ("Published Wed, Jan 2 2019  4:37 PM EST\n\nApple shares fell in extended trading on "
            "Wednesday after the company cut its forecast, it said in a letter released after "
            "the close.\n")
    d = draft_study(text)
    (ev,) = d.events
    assert (ev.when, ev.timezone) == ("2019-01-02T16:00", "America/New_York")
    assert d.claims[0].event is ev and d.claims[0].window == (0, 1)


def test_time_in_the_dateline_city_zone_and_timed_event():
    text = ("BEIJING, July 6 (Xinhua) -- The ministry said on Friday at 3 p.m. that tariffs "
            "would follow. The Dec. 1, 2018 truce held.\n")
    d = draft_study(text)
    ev = next(e for e in d.events if e.ref.first == D(2018, 7, 6))
    assert (ev.when, ev.timezone) == ("2018-07-06T15:00", "Asia/Shanghai")
    assert any("no zone" in q for q in ev.review)
