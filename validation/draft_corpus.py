r"""Score ``eventstudy draft`` against the hand-worked answers of the article corpus.

The corpus is ``tests/data/articles/corpus.yaml``: short articles written for
eventstudy in our own words, in real newswire styles, about real 2018-2019
market events, each with an answer file ``expected/<name>.yaml``. The split
into a *tune* half and a *held-out* half was fixed before any rule was tuned.
A round written blind and committed but not yet scored is ``sealed``: neither
half reads it until the lead flips it to ``heldout`` and scores it once.

One command prints the tables of docs/draft.md::

    python validation/draft_corpus.py                 # both halves
    python validation/draft_corpus.py --split tune -v # one half, per-article detail

How a draft is matched to an answer
-----------------------------------
Dateline
    Right when the date, the publisher (``null`` = none named) and, when the
    answer gives one, the time (as an instant, with its zone) agree.
Events
    An answer event lists *cues*: phrases of the sentence(s) that refer to it.
    A drafted event matches when one of its sentences contains a cue; each
    event matches at most once, a drafted event with the right date first.
    Event precision = matched drafted / drafted; recall = matched answers /
    answers.
Dates
    A matched event's date is right when its ``when`` equals the answer's: a
    date equals a date, a range its range, a time the same instant (the zones
    may differ). *Dates right* = right / matched (how far a reviewer can trust
    a drafted date); *date recall* = right / answer events.
Claims
    An answer claim (subject key of the mapping, cues, direction, window,
    event -- or a list of acceptable events) matches a drafted claim of that
    subject whose sentence contains a cue (same window first). Suggested
    ``direction: any`` claims are not scored. *Attributed right* = matched
    claims whose event is the answer's event / matched claims; *attribution
    recall* = the same over all answer claims.
Calibration of the review marks
    A matched claim is *flagged* when the draft marks its attribution for review
    (a ``TODO(human)`` about the event it chose: the cause not named, a tie, no
    candidate, a later event the cause names, ...; not a note on its direction).
    *Attributed right, not flagged* = right / matched claims not flagged (how far
    a reviewer can trust an attribution the draft does not question); *flagged*
    = the same over the flagged ones; *flagged share* = flagged / matched.
Human fixes
    Per article: one per wrong dateline field, missing or spurious event, wrong
    date, missing or spurious claim, wrong event, direction or window of a
    matched claim, and missing asset.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"


@dataclass
class Score:
    """Counts for one article or a sum of articles."""

    articles: int = 0
    datelines: int = 0
    datelines_right: int = 0
    events_expected: int = 0
    events_drafted: int = 0
    events_matched: int = 0
    dates_right: int = 0
    claims_expected: int = 0
    claims_drafted: int = 0
    claims_matched: int = 0
    claims_attributed: int = 0
    claims_flagged: int = 0  # matched claims whose attribution the draft marks for review
    flagged_attributed: int = 0  # ... of which attributed right
    fixes: int = 0
    notes: list[str] = field(default_factory=list)

    def __iadd__(self, other: Score) -> Score:
        for k, v in vars(other).items():
            if k != "notes":
                setattr(self, k, getattr(self, k) + v)
        return self

    def ratios(self) -> dict[str, float]:
        """Precision/recall figures (NaN-free: 1.0 when nothing to count)."""
        def r(a: int, b: int) -> float:
            return a / b if b else 1.0
        return {
            "dateline": r(self.datelines_right, self.datelines),
            "event_precision": r(self.events_matched, self.events_drafted),
            "event_recall": r(self.events_matched, self.events_expected),
            "dates_right": r(self.dates_right, self.events_matched),
            "date_recall": r(self.dates_right, self.events_expected),
            "claim_precision": r(self.claims_matched, self.claims_drafted),
            "claim_recall": r(self.claims_matched, self.claims_expected),
            "attributed_right": r(self.claims_attributed, self.claims_matched),
            "attribution_recall": r(self.claims_attributed, self.claims_expected),
            "attributed_right_unflagged": r(self.claims_attributed - self.flagged_attributed,
                                            self.claims_matched - self.claims_flagged),
            "attributed_right_flagged": r(self.flagged_attributed, self.claims_flagged),
            "flagged_share": (self.claims_flagged / self.claims_matched
                              if self.claims_matched else 0.0),
            "fixes_per_article": self.fixes / self.articles if self.articles else 0.0,
        }


def _instant(day: dt.date, hhmm: str, zone: str | None) -> dt.datetime | None:
    if zone is None:
        return None
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), zoneinfo.ZoneInfo(zone))


def _same_when(exp: dict[str, Any], when: Any, zone: str | None) -> bool:
    want = exp["when"]
    if isinstance(want, dict):
        return isinstance(when, dict) and (when["from"], when["to"]) == (want["from"], want["to"])
    if isinstance(want, str):  # "YYYY-MM-DDTHH:MM"
        if not isinstance(when, str) or zone is None:
            return False
        a = _instant(dt.date.fromisoformat(want[:10]), want[11:16], exp.get("timezone"))
        b = _instant(dt.date.fromisoformat(when[:10]), when[11:16], zone)
        return a == b
    return isinstance(when, dt.date) and when == want


def _sentences(ev: Any) -> list[str]:
    return [" ".join(s.text.split()) for s, _ in (ev.mentions or ((ev.sentence, ev.ref),))]


def match_events(expected: dict[str, Any], drafted: list[Any]
                 ) -> tuple[dict[str, str], list[tuple[dict[str, Any], Any]]]:
    """Match the answer's events to drafted events (see the module docstring).

    Returns
    -------
    mapped
        Drafted event id -> answer event id.
    pairs
        ``(answer event, drafted event or None)`` in the answer's order.
    """
    mapped: dict[str, str] = {}  # drafted id -> expected id
    pairs: list[tuple[dict[str, Any], Any]] = []
    for exp in expected["events"]:
        cues = [" ".join(c.split()) for c in exp["cues"]]
        hits = [e for e in drafted if e.id not in mapped
                and any(c in s for s in _sentences(e) for c in cues)]
        hits.sort(key=lambda e: not _same_when(exp, e.when, e.timezone))
        if not hits:
            pairs.append((exp, None))
            continue
        mapped[hits[0].id] = exp["id"]
        pairs.append((exp, hits[0]))
    return mapped, pairs


def match_claims(expected: dict[str, Any], claims: list[Any]
                 ) -> list[tuple[dict[str, Any], Any]]:
    """``(answer claim, drafted claim or None)`` for each answer claim (module docstring).

    ``claims`` are the drafted claims with a move; each matches at most once.
    """
    used: set[int] = set()
    out: list[tuple[dict[str, Any], Any]] = []
    for exp in expected["claims"]:
        cues = [" ".join(c.split()) for c in exp["cues"]]
        hits = [c for c in claims if id(c) not in used and c.subject.subject.key == exp["subject"]
                and any(cue in c.sentence.clean for cue in cues)]
        hits.sort(key=lambda c: tuple(c.window) != tuple(exp["window"]))
        if not hits:
            out.append((exp, None))
            continue
        used.add(id(hits[0]))
        out.append((exp, hits[0]))
    return out


def score_article(name: str, expected: dict[str, Any], draft: Any) -> Score:
    """Score one drafted article against its answer (see the module docstring)."""
    sc = Score(articles=1, datelines=1)
    d, want = draft.dateline, expected["dateline"]
    right = d.date == want["date"] and (d.publisher or None) == want.get("publisher")
    if want.get("time"):
        got = (_instant(d.date, f"{d.time:%H:%M}", d.timezone or d.zone) if d.time else None)
        right = right and got == _instant(want["date"], want["time"], want.get("timezone"))
    sc.datelines_right += right
    if not right:
        sc.fixes += 1
        sc.notes.append(f"dateline: got {d.date} {d.time} {d.timezone or d.zone} "
                        f"{d.publisher!r}")
    # events
    drafted = list(draft.events)
    sc.events_expected, sc.events_drafted = len(expected["events"]), len(drafted)
    mapped, pairs = match_events(expected, drafted)
    for exp, ev in pairs:
        if ev is None:
            sc.fixes += 1
            sc.notes.append(f"event missing: {exp['id']} {exp['when']}")
            continue
        sc.events_matched += 1
        if _same_when(exp, ev.when, ev.timezone):
            sc.dates_right += 1
        else:
            sc.fixes += 1
            sc.notes.append(f"date wrong: {exp['id']} want {exp['when']} {exp.get('timezone')}, "
                            f"got {ev.when} {ev.timezone} ({ev.id})")
    for e in drafted:
        if e.id not in mapped:
            sc.fixes += 1
            sc.notes.append(f"spurious event: {e.id} {e.when}")
    # claims
    claims = [c for c in draft.claims if c.move]
    sc.claims_expected, sc.claims_drafted = len(expected["claims"]), len(claims)
    matched = match_claims(expected, claims)
    used = {id(c) for _, c in matched if c is not None}
    for exp, c in matched:
        label = f"{exp['subject']} {exp['direction']} {exp['window']}"
        if c is None:
            sc.fixes += 1
            sc.notes.append(f"claim missing: {label}")
            continue
        sc.claims_matched += 1
        ok_events = exp["event"] if isinstance(exp["event"], list) else [exp["event"]]
        got = mapped.get(c.event.id) if c.event is not None else None
        flagged = bool(getattr(c, "attribution_flagged", False))
        sc.claims_flagged += flagged
        if got in ok_events:
            sc.claims_attributed += 1
            sc.flagged_attributed += flagged
        else:
            sc.fixes += 1
            sc.notes.append(f"claim {label}: event {c.event.id if c.event else None} "
                            f"(= {got}), want {ok_events}"
                            + (" [flagged]" if flagged else " [NOT flagged]"))
        if c.direction != exp["direction"]:
            sc.fixes += 1
            sc.notes.append(f"claim {label}: direction {c.direction}")
        if tuple(c.window) != tuple(exp["window"]):
            sc.fixes += 1
            sc.notes.append(f"claim {label}: window {list(c.window)}")
    for c in claims:
        if id(c) not in used:
            sc.fixes += 1
            sc.notes.append(f"spurious claim: {c.id} (sentence {c.sentence.index})")
    tickers = {t for s in draft.subjects for t, _ in s.tickers}
    for t in expected.get("assets", []):
        if t not in tickers:
            sc.fixes += 1
            sc.notes.append(f"asset missing: {t}")
    return sc


def load_index() -> dict[str, Any]:
    """Load the corpus index, ``corpus.yaml`` (its ``articles``: file, split, style, was)."""
    return YAML(typ="safe").load((ARTICLES / "corpus.yaml").read_text(encoding="utf-8"))


def by_round(per: dict[str, Score]) -> dict[str, Score]:
    """Sum per-article scores by the held-out round each article was in (``was:``).

    Articles never held out (no ``was``) and articles not in ``per`` are left out.
    """
    rounds: dict[str, Score] = {}
    for item in load_index()["articles"]:
        was = item.get("was")
        if was and item["file"] in per:
            rounds.setdefault(was, Score())
            rounds[was] += per[item["file"]]
    return rounds


def load_corpus(split: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """``(file, split, expected)`` for each corpus article (of one split, if given)."""
    yaml = YAML(typ="safe")
    index = load_index()
    out = []
    for item in index["articles"]:
        if split and item["split"] != split:
            continue
        exp = yaml.load((ARTICLES / "expected" / item["file"].replace(".txt", ".yaml"))
                        .read_text(encoding="utf-8"))
        out.append((item["file"], item["split"], exp))
    return out


def score_split(split: str) -> tuple[Score, dict[str, Score]]:
    """Draft every article of ``split`` and score it; returns the total and per article."""
    from eventstudy.draft import draft_study
    from eventstudy.exceptions import DraftError

    total, per = Score(), {}
    for name, _, exp in load_corpus(split):
        text = (ARTICLES / name).read_text(encoding="utf-8")
        try:
            draft = draft_study(text, source_name=name)
        except Exception as err:  # noqa: BLE001 - a crash is scored, and reported, not fatal
            # a draft that stops (e.g. "no dateline ... pass --date") scores as a
            # wrong dateline with every answer event and claim missing; so does a draft
            # that crashes (a bug: the note says so, and the corpus tests fail on it)
            what = ("draft stopped" if isinstance(err, DraftError)
                    else f"draft CRASHED ({type(err).__name__}, a bug)")
            n_ev, n_cl = len(exp["events"]), len(exp.get("claims") or [])
            sc = Score(articles=1, datelines=1, events_expected=n_ev, claims_expected=n_cl,
                       fixes=1 + n_ev + n_cl, notes=[f"{what}: {err}"])
        else:
            sc = score_article(name, exp, draft)
        per[name] = sc
        total += sc
    return total, per


def _counts(sc: Score, key: str) -> tuple[int, int]:
    """Numerator and denominator of the ratio ``key`` of :meth:`Score.ratios`."""
    return {
        "dateline": (sc.datelines_right, sc.datelines),
        "event_precision": (sc.events_matched, sc.events_drafted),
        "event_recall": (sc.events_matched, sc.events_expected),
        "dates_right": (sc.dates_right, sc.events_matched),
        "date_recall": (sc.dates_right, sc.events_expected),
        "claim_precision": (sc.claims_matched, sc.claims_drafted),
        "claim_recall": (sc.claims_matched, sc.claims_expected),
        "attributed_right": (sc.claims_attributed, sc.claims_matched),
        "attribution_recall": (sc.claims_attributed, sc.claims_expected),
        "attributed_right_unflagged": (sc.claims_attributed - sc.flagged_attributed,
                                       sc.claims_matched - sc.claims_flagged),
        "attributed_right_flagged": (sc.flagged_attributed, sc.claims_flagged),
        "flagged_share": (sc.claims_flagged, sc.claims_matched),
    }[key]


def table(results: dict[str, Score]) -> str:
    """Return a markdown table of the figures per split."""
    rows = ["| figure | " + " | ".join(results) + " |",
            "|---|" + "---|" * len(results)]
    names = {
        "dateline": "datelines right", "event_precision": "event precision",
        "event_recall": "event recall", "dates_right": "dates right (of matched events)",
        "date_recall": "dates right (of answer events)", "claim_precision": "claim precision",
        "claim_recall": "claim recall",
        "attributed_right": "claims attributed right (of matched claims)",
        "attribution_recall": "claims attributed right (of answer claims)",
        "attributed_right_unflagged": "claims attributed right, not flagged",
        "attributed_right_flagged": "claims attributed right, flagged",
        "flagged_share": "claims flagged for review (of matched claims)",
        "fixes_per_article": "human fixes per article",
    }
    ratios = {k: v.ratios() for k, v in results.items()}
    for key, label in names.items():
        cells = []
        for k, v in results.items():
            x = ratios[k][key]
            if key == "fixes_per_article":
                cells.append(f"{x:.2f} ({v.fixes})")
                continue
            a, b = _counts(v, key)
            cells.append(f"{100 * x:.1f}% ({a}/{b})")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    counts = " / ".join(f"{k}: {v.articles} articles, {v.events_expected} events, "
                        f"{v.claims_expected} claims" for k, v in results.items())
    return "\n".join(rows) + f"\n\n({counts})"


def main(argv: list[str] | None = None) -> int:
    """Print the corpus figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["tune", "heldout"], action="append")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-article fixes")
    args = ap.parse_args(argv)
    results = {}
    for split in args.split or ["tune", "heldout"]:
        total, per = score_split(split)
        results[split] = total
        if args.verbose:
            for name, sc in per.items():
                print(f"{name}: {sc.fixes} fixes")
                for n in sc.notes:
                    print(f"    {n}")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
