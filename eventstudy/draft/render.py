"""Render a :class:`~eventstudy.draft.study.Draft` as a study YAML file and a summary.

The YAML follows the study-file schema (docs/architecture.md, ``eventstudy.spec``)
and is written with ruamel.yaml so every drafted item keeps a comment saying
which sentence and characters it came from. Undecided items get a
``# TODO(human): ...`` comment and an entry in a top-level ``needs_review``
list; ``needs_review`` is not a study field, so ``validate`` refuses the file
until a human has resolved the items and deleted the list.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from eventstudy.draft.assets import DEFAULT_BENCHMARK
from eventstudy.draft.study import Draft

_TODO = "TODO(human): "


def _flow(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _slug_group(key: str) -> str:
    return key.replace("-", "_")


def _dateline_comment(draft: Draft) -> str:
    d = draft.dateline
    text = f"dateline {d.date:%Y-%m-%d}"
    if d.time is not None:
        text += f" {d.time:%H:%M}" + (f" {d.zone}" if d.zone else "")
    if d.city:
        text += f", {d.city}"
    text += f" (from the {d.origin})" if not d.origin.startswith("--") else " (from --date)"
    if d.review:
        text += "\n" + _TODO + d.review
    return text


def build(draft: Draft, *, cache: str | None = "cache") -> CommentedMap:
    """Build the study as a ruamel ``CommentedMap`` (comments included)."""
    d = draft.dateline
    root = CommentedMap()
    first = draft.sentences[0].clean
    root["title"] = f"Draft: {_quote(first, 80)}"
    source = CommentedMap()
    source["publisher"] = d.publisher or "TODO"
    if not d.publisher:
        source.yaml_add_eol_comment(_TODO + "who published the article?", "publisher")
    source["date"] = d.date
    source["summary"] = _quote(
        " ".join(s.clean + ("" if s.clean[-1] in ".!?\"'”" else ".") for s in draft.sentences[:4]),
        400,
    )
    root["source"] = source
    root.yaml_set_comment_before_after_key(
        "source", before=_dateline_comment(draft)
    )

    data = CommentedMap(source="yahoo", price="adj_close", returns="simple")
    if cache:
        data["cache"] = cache
        data.yaml_add_eol_comment("relative to this file", "cache")
    root["data"] = data

    subjects = draft.subjects
    benchmarks = [s.benchmark for s in subjects if s.model == "market" and s.benchmark]
    bench = benchmarks[0] if benchmarks else DEFAULT_BENCHMARK
    windows = sorted({(0, 0), (0, 1), *(c.window for c in draft.claims)})
    model = CommentedMap(kind="market", benchmark=bench)
    model["estimation_window"] = _flow([-250, -11])
    model["min_estimation_days"] = 120
    root["model"] = model
    root.yaml_set_comment_before_after_key(
        "model",
        before="stocks and equity ETFs: market model on the benchmark; "
        "indices, commodities, volatility: constant mean",
    )
    root["event_windows"] = CommentedSeq(_flow(list(w)) for w in windows)

    assets = CommentedSeq()
    groups = CommentedMap()
    seen: set[str] = set()
    for subj in subjects:
        mention = next(c.subject for c in draft.claims if c.subject.subject is subj)
        tickers = [t for t, _ in subj.tickers]
        if len(tickers) > 1:
            groups[_slug_group(subj.key)] = _flow(tickers)
        for j, (ticker, name) in enumerate(subj.tickers):
            if ticker in seen:
                continue
            seen.add(ticker)
            a = CommentedMap(ticker=ticker, name=name)
            if subj.model != "market":
                a["model"] = subj.model
            elif subj.benchmark and subj.benchmark != bench:
                a["benchmark"] = subj.benchmark
            assets.append(a)
            if j == 0:
                note = f" -- {subj.note}" if subj.note else ""
                assets.yaml_set_comment_before_after_key(
                    len(assets) - 1,
                    before=f"{subj.key}: '{' '.join(mention.text.split())}' in sentence "
                    f"{mention.sentence}{note}",
                    indent=2,
                )
    if bench not in seen:
        assets.append(CommentedMap(ticker=bench, name="benchmark", model="constant_mean"))
        assets.yaml_set_comment_before_after_key(
            len(assets) - 1, before="benchmark of the market model", indent=2
        )
    root["assets"] = assets
    if groups:
        root["groups"] = groups

    events = CommentedSeq()
    for i, e in enumerate(draft.events):
        m = CommentedMap(id=e.id, title=e.title)
        zone = e.timezone or draft.timezone
        if zone:
            m["timezone"] = zone
        when = e.when
        m["when"] = (
            CommentedMap([("from", when["from"]), ("to", when["to"])])
            if isinstance(when, dict)
            else when
        )
        if isinstance(when, dict):
            m["when"].fa.set_flow_style()
        m["note"] = f"sentence {e.sentence.index}: {e.sentence.clean}"
        events.append(m)
        lines = [
            f"sentence {e.ref.sentence}, chars {e.ref.start}-{e.ref.end} "
            f"'{' '.join(e.ref.text.split())}': {e.ref.rule}"
        ]
        if e.time is not None:
            lines.append(f"time '{' '.join(e.time.text.split())}': {e.time.rule}")
        more = list(dict.fromkeys(s.index for s, _ in e.mentions[1:]))
        if more:
            extra = f" and {len(more) - 5} more" if len(more) > 5 else ""
            lines.append(f"also referred to in sentence(s) {', '.join(map(str, more[:5]))}{extra}")
        lines += [_TODO + q for q in e.review]
        events.yaml_set_comment_before_after_key(i, before="\n".join(lines), indent=2)
    root["events"] = events

    claims = CommentedSeq()
    for i, c in enumerate(draft.claims):
        tickers = [t for t, _ in c.subject.subject.tickers]
        target = _slug_group(c.subject.subject.key) if len(tickers) > 1 else tickers[0]
        m = CommentedMap(id=c.id)
        m["text"] = c.sentence.clean if c.move else f"{c.id}: {c.sentence.clean}"
        if not c.move:
            m["text"] = f"Did {' '.join(c.subject.text.split())} move? {c.sentence.clean}"
        m["event"] = c.event.id if c.event else "TODO"
        m["assets"] = target
        m["window"] = _flow(list(c.window))
        m["direction"] = c.direction
        claims.append(m)
        if c.move:
            lines = [
                f"sentence {c.sentence.index}: subject '{' '.join(c.subject.text.split())}' "
                f"(chars {c.subject.start}-{c.subject.end}), move '{c.move}' -> {c.direction}"
            ]
            lo, hi = c.window
            if lo == hi < 0:
                # a move made ahead of a happening still to come (anticipation.py)
                lines.append(
                    f"window {list(c.window)}: a pre-event claim -- the move's session, {-lo} "
                    f"session{'s' if lo < -1 else ''} before the event's day 0 (the first session "
                    "that can react to it); it tests the move made ahead of the event, not the "
                    "reaction to it")
            elif c.window != (0, 1):
                lines.append(f"window {list(c.window)}: the move is described as before the event")
        else:
            lines = [
                f"suggested: sentence {c.sentence.index} names "
                f"'{' '.join(c.subject.text.split())}' next to the event but asserts no move"
            ] if not c.review else [
                f"suggested: sentence {c.sentence.index} names "
                f"'{' '.join(c.subject.text.split())}'"
            ]
        lines += [_TODO + q for q in c.review]
        claims.yaml_set_comment_before_after_key(i, before="\n".join(lines), indent=2)
    root["claims"] = claims

    if draft.review:
        review = CommentedSeq()
        for r in draft.review:
            item = CommentedMap(item=r.where)
            if r.sentence >= 0:
                item["sentence"] = r.sentence
            item["question"] = r.question
            review.append(item)
        root["needs_review"] = review
        root.yaml_set_comment_before_after_key(
            "needs_review",
            before="\nResolve each item (see the TODO(human) comments), then delete this list:\n"
            "'needs_review' is not a study field, so validate refuses the file until then.",
        )
    return root


def to_yaml(draft: Draft, *, cache: str | None = "cache") -> str:
    """Render the drafted study as YAML text (with comments)."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.representer.ignore_aliases = lambda *_: True  # no &id001 anchors for repeated dates
    out = io.StringIO()
    header = (
        f"# Drafted by `eventstudy draft` from {draft.source_name} -- a program's reading of\n"
        "# the article. Check every item against the sentence it cites before running.\n"
    )
    out.write(header)
    yaml.dump(build(draft, cache=cache), out)
    return out.getvalue()


def summary(draft: Draft) -> str:
    """Return a short human-readable account of what was found and what needs a decision."""
    d = draft.dateline
    lines = [
        f"dateline {d.date:%Y-%m-%d}{f' {d.time:%H:%M}' if d.time else ''} ({d.origin}), "
        f"publisher {d.publisher or 'unknown'}; "
        f"{len(draft.sentences)} sentences, {len(draft.refs)} time references",
        f"events ({len(draft.events)}):",
    ]
    for e in draft.events:
        w = e.when
        when = f"{w['from']}..{w['to']}" if isinstance(w, dict) else str(w)
        if e.timezone:
            when += f" {e.timezone}"
        lines.append(f"  {e.id:32} {when:38} s{e.sentence.index} '{' '.join(e.ref.text.split())}'")
    lines.append(f"claims ({len(draft.claims)}):")
    for c in draft.claims:
        kind = "" if c.move else " (suggested)"
        ev = c.event.id if c.event else "?"
        lines.append(f"  {c.id:32} {c.direction:5} {str(list(c.window)):9} event {ev}{kind}")
    tickers = [t for s in draft.subjects for t, _ in s.tickers]
    lines.append(f"assets: {', '.join(dict.fromkeys(tickers)) or 'none'}")
    if draft.review:
        lines.append(f"needs a human decision ({len(draft.review)}):")
        for r in draft.review:
            where = f" (sentence {r.sentence})" if r.sentence >= 0 else ""
            lines.append(f"  - {r.where}{where}: {r.question}")
    else:
        lines.append("nothing marked for review -- still check every item against the article")
    return "\n".join(lines)


def relative_cache(out: Path | None, cache: Path) -> str:
    """Return the cache folder as written in the study, relative to the output file's folder."""
    import os

    base = (out.parent if out is not None else Path.cwd()).resolve()
    try:
        return Path(os.path.relpath(cache.resolve(), base)).as_posix()
    except ValueError:  # different drive on Windows
        return cache.resolve().as_posix()
