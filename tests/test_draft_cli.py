"""`eventstudy draft` on the command line; drafted studies validate and run."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_support import resolve
from ruamel.yaml import YAML

from eventstudy.cli import main

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_draft_without_date_fails_with_message(capsys):
    code = main(["draft", str(ARTICLES / "new_year.txt")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--date" in err and "Traceback" not in err


def test_draft_bad_date(capsys):
    code = main(["draft", str(ARTICLES / "new_year.txt"), "--date", "2019-13-01"])
    assert code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_draft_missing_article(tmp_path, capsys):
    code = main(["draft", str(tmp_path / "nope.txt"), "--date", "2019-01-02"])
    assert code == 2
    assert "article not found" in capsys.readouterr().err


def test_draft_to_stdout(capsys):
    code = main(["draft", str(ARTICLES / "truce_talks.txt")])
    out, err = capsys.readouterr()
    assert code == 0
    study = YAML(typ="safe").load(out)
    assert study["source"]["publisher"] == "Bloomberg"
    assert "events (3)" in err and "needs a human decision" in err


def test_draft_to_file(tmp_path, capsys):
    out = tmp_path / "study.yaml"
    code = main(
        [
            "draft",
            str(ARTICLES / "new_year.txt"),
            "--date",
            "2019-01-02",
            "--out",
            str(out),
            "--publisher",
            "Test Wire",
        ]
    )
    assert code == 0
    assert f"wrote {out}" in capsys.readouterr().out
    study = YAML(typ="safe").load(out.read_text())
    assert [e["when"].isoformat() for e in study["events"]] == ["2019-01-01"]


@pytest.mark.parametrize(
    ("article", "extra"),
    [("truce_talks.txt", []), ("carmakers.txt", []), ("new_year.txt", ["--date", "2019-01-02"])],
)
def test_drafted_study_validates_once_resolved(tmp_path, article, extra):
    spec = pytest.importorskip("eventstudy.spec", reason="eventstudy.spec not available")
    from eventstudy.exceptions import SpecError

    out = tmp_path / "study.yaml"
    assert main(["draft", str(ARTICLES / article), "--out", str(out), *extra]) == 0
    # unresolved: the needs_review list keeps validate from accepting it
    with pytest.raises(SpecError, match="needs_review"):
        spec.Study.from_yaml(out)
    study = spec.Study.from_yaml(resolve(out))
    assert study.events and study.claims


def test_drafted_study_runs_offline_on_cache(tmp_path, repo_cache):
    pipeline = pytest.importorskip(
        "eventstudy.pipeline", reason="eventstudy.pipeline not available"
    )
    out = tmp_path / "study.yaml"
    # the bundled story's article, without --date: the Bloomberg header gives the dateline
    code = main(
        ["draft", str(ARTICLES / "truce_talks.txt"), "--out", str(out), "--cache", str(repo_cache)]
    )
    assert code == 0
    drafted = YAML(typ="safe").load(out.read_text())
    events = {e["id"]: e["when"] for e in drafted["events"]}
    assert "2018-12-31" not in {str(w) for w in events.values()}  # the dateline is no event
    boost = next(c for c in drafted["claims"] if c["id"] == "us-stocks-up")
    assert "received a boost" in boost["text"]
    assert boost["event"] == "talks-announced-2018-12-27"  # Thursday's talks report
    assert str(events[boost["event"]]) == "2018-12-27"
    result = pipeline.run(resolve(out), offline=True)
    judged = set(result.claims["claim_id"])
    assert {"us-stocks-up", "us-stocks-down", "chinese-stocks-down"} <= judged
    # the drafted windows reach the run: [-10, -1] before and [0, 1] after the Dec. 27 news
    down = result.claims[result.claims["claim_id"] == "us-stocks-down"]
    assert set(down["event_id"]) == {"talks-announced-2018-12-27"}
    assert str(down["window_end"].iloc[0])[:10] == "2018-12-26"  # the session before day 0
    up = result.claims[result.claims["claim_id"] == "us-stocks-up"]
    assert str(up["window_start"].iloc[0])[:10] == "2018-12-27"


def test_draft_keeps_an_existing_out_file_unless_forced(tmp_path, capsys):
    # a drafted study is edited by hand before it runs: drafting again to the same path
    # must not silently replace the reviewer's work
    out = tmp_path / "study.yaml"
    out.write_text("reviewed: true\n", encoding="utf-8")
    code = main(["draft", str(ARTICLES / "truce_talks.txt"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(out) in err and "--force" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "reviewed: true\n"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    assert main(["draft", str(ARTICLES / "truce_talks.txt"), "--out", str(out), "--force"]) == 0
    assert YAML(typ="safe").load(out.read_text())["source"]["publisher"] == "Bloomberg"
    assert list(tmp_path.iterdir()) == [out]


def test_draft_refuses_to_write_over_its_article(tmp_path, capsys):
    article = tmp_path / "story.txt"
    text = (ARTICLES / "truce_talks.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    code = main(["draft", str(article), "--out", str(article), "--force"])
    assert code == 2
    assert "the article itself" in capsys.readouterr().err
    assert article.read_text(encoding="utf-8") == text


def test_draft_mapping_that_is_not_utf8_is_a_message(tmp_path, capsys):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_bytes(b"subjects:\n  \xff\xfe: {}\n")
    code = main(["draft", str(ARTICLES / "truce_talks.txt"), "--mapping", str(mapping)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(mapping) in err and "UTF-8" in err and "Traceback" not in err


@pytest.mark.parametrize("day", ["1850-01-01", "2918-12-31"])
def test_draft_date_outside_the_era_of_prices_is_a_message(tmp_path, capsys, day):
    # the study would be refused at validate/run (dates before 1950 or after today): the
    # draft says so at once, in the same words, and writes nothing
    out = tmp_path / "study.yaml"
    code = main(["draft", str(ARTICLES / "new_year.txt"), "--date", day, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--date {day}" in err and "era of daily market prices" in err
    assert not out.exists()


@pytest.mark.parametrize("text", [b"December 31, 2018\nStocks rose.", None, 5])
def test_draft_study_names_the_type_it_needs(text):
    from eventstudy.draft import draft_study

    with pytest.raises(TypeError, match="expects the article's text as str"):
        draft_study(text)
