r"""The blind-round protocol of the draft corpus, as commands (docs/draft-corpus.md).

Each round of ``tests/data/articles`` is written blind and committed ``split: sealed``;
once the rules it is meant to test are merged, the lead flips it to ``heldout``, scores
it ONCE (``python validation/draft_corpus.py --split heldout -v``), records the figures,
and folds it into the tune half (``split: tune, was: heldout-N``), where its blind
figures become the floor of ``tests/test_draft_corpus.py``'s ``FOLDED_ROUNDS``::

    python validation/corpus_rounds.py status              # the splits, by article number
    python validation/corpus_rounds.py flip 391-406        # sealed -> heldout (then score once)
    python validation/corpus_rounds.py fold 28 391-406     # heldout -> tune, was: heldout-28
    python validation/corpus_rounds.py rounds              # each folded round, current rules
    python validation/corpus_rounds.py anticipation 26 27  # the rounds' pre-event claims

``rounds`` prints each folded round as the tuple ``FOLDED_ROUNDS`` keeps (articles,
datelines right, dates right, events matched, claims attributed right, claims matched,
fixes), then the tune totals ``test_tune_does_not_regress`` keeps, with the unflagged
attributions right (the calibration floor). ``anticipation`` lists each answer claim
whose window opens before day 0 (a move made ahead of a happening still to come): the
drafted window, whether the drafted event is one the answer accepts, and whether the
draft flagged it. ``flip`` and ``fold`` rewrite only the ``split:`` (and ``was:``) of
the named entries of ``corpus.yaml`` and refuse entries not in the expected split, so a
sealed round cannot be scored by accident and a scored one cannot be scored again.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("draft_corpus", HERE / "draft_corpus.py")
assert _spec is not None and _spec.loader is not None
dc = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("draft_corpus", dc)
_spec.loader.exec_module(dc)

CORPUS = dc.ARTICLES / "corpus.yaml"
_ENTRY = re.compile(r"^(?P<head>\s*-\s*\{file:\s*(?P<num>\d+)_[^,]*,\s*)split:\s*(?P<split>\w+)"
                    r"(?:,\s*was:\s*[\w-]+)?", re.MULTILINE)


def set_split(text: str, first: int, last: int, old: str, new: str,
              was: str | None = None) -> str:
    """Rewrite the ``split:`` of corpus entries ``first``..``last`` from ``old`` to ``new``.

    Parameters
    ----------
    text
        The text of ``corpus.yaml`` (comments kept as they are).
    first, last
        Article numbers, both included.
    old, new
        The split each entry must have, and the one it gets.
    was
        ``heldout-N`` to record on a folded entry (``split: tune, was: heldout-N``).

    Returns
    -------
    str
        The new text.

    Raises
    ------
    ValueError
        If an entry in the range has another split than ``old``, or no entry is in it.
    """
    found: list[int] = []
    wrong: list[str] = []

    def repl(m: re.Match[str]) -> str:
        num = int(m["num"])
        if not first <= num <= last:
            return m[0]
        if m["split"] != old:
            wrong.append(f"{num} is {m['split']}")
            return m[0]
        found.append(num)
        return f"{m['head']}split: {new}" + (f", was: {was}" if was else "")

    out = _ENTRY.sub(repl, text)
    if wrong:
        raise ValueError(f"not {old}: {', '.join(wrong)}")
    if not found:
        raise ValueError(f"no corpus entry numbered {first}-{last}")
    return out


def status(index: dict[str, Any]) -> str:
    """List the splits as runs of article numbers, with each folded round's ``was``."""
    runs: list[list[Any]] = []
    for item in index["articles"]:
        head = item["file"].split("_", 1)[0]
        key = (item["split"], item.get("was"))
        if not head.isdigit():  # the first articles are named, not numbered
            runs.append([key, item["file"], item["file"]])
        elif runs and runs[-1][0] == key and runs[-1][2] == int(head) - 1:
            runs[-1][2] = int(head)
        else:
            runs.append([key, int(head), int(head)])
    return "\n".join((f"{a:>4}-{b:<4}" if a != b else f"{a!s:<9}") + f" {s}"
                     + (f" (was {w})" if w else "") for (s, w), a, b in runs)


def rounds() -> str:
    """Score each folded round with the current rules, and the tune totals."""
    total, per = dc.score_split("tune")
    by_round = dc.by_round(per)
    lines = []
    for w in sorted(by_round, key=lambda k: int(k.rsplit("-", 1)[1])):
        r = by_round[w]
        figures = (r.articles, r.datelines_right, r.dates_right, r.events_matched,
                   r.claims_attributed, r.claims_matched, r.fixes)
        lines.append(f'"{w}": {figures},')
    t = total
    unflagged = t.claims_matched - t.claims_flagged
    lines.append(
        f"tune: {t.articles} articles, datelines {t.datelines_right}, dates "
        f"{t.dates_right}/{t.events_matched}, attribution {t.claims_attributed}/"
        f"{t.claims_matched}, fixes {t.fixes}, claims drafted {t.claims_drafted}, unflagged "
        f"right {t.claims_attributed - t.flagged_attributed}/{unflagged} "
        f"({t.ratios()['attributed_right_unflagged']:.3f})")
    return "\n".join(lines)


def anticipation(wanted: list[str]) -> str:
    """List the pre-event answer claims of the rounds ``wanted`` (``26`` or ``heldout-26``)."""
    from eventstudy.draft import draft_study

    keys = {w if w.startswith("heldout-") else f"heldout-{w}" for w in wanted}
    was = {a["file"]: a.get("was") for a in dc.load_index()["articles"]}
    lines, n, right = [], 0, 0
    # (never a sealed answer: only the tune and held-out halves are read)
    for name, split, exp in dc.load_corpus("tune") + dc.load_corpus("heldout"):
        if was[name] not in keys and not (split == "heldout" and "heldout" in keys):
            continue
        pre = [c for c in exp.get("claims") or [] if c["window"][0] < 0]
        if not pre:
            continue
        try:
            draft = draft_study((dc.ARTICLES / name).read_text(encoding="utf-8"),
                                source_name=name)
        except Exception as err:  # noqa: BLE001 - a stopped draft is reported, not fatal
            lines.append(f"{name}: draft stopped ({err}); {len(pre)} pre-event claims missed")
            n += len(pre)
            continue
        mapped, _ = dc.match_events(exp, list(draft.events))
        claims = [c for c in draft.claims if c.move]
        for e, c in dc.match_claims(exp, claims):
            if e["window"][0] >= 0:
                continue
            n += 1
            head = f"{name[:44]:<44} {e['subject']:<16} want {list(e['window'])}"
            if c is None:
                lines.append(f"{head}  MISSING")
                continue
            ok = [e["event"]] if isinstance(e["event"], str) else list(e["event"])
            ev_ok = bool(c.event) and mapped.get(c.event.id) in ok
            win_ok = tuple(c.window) == tuple(e["window"])
            right += ev_ok and win_ok
            lines.append(f"{head}  got {list(c.window)} {c.event.id if c.event else None} "
                         f"{'event ok' if ev_ok else 'event WRONG'}"
                         f"{'' if win_ok else ', window WRONG'}"
                         f"{', flagged' if c.attribution_flagged else ''}")
    lines.append(f"pre-event claims right (event and window): {right} of {n}")
    return "\n".join(lines)


def _range(text: str) -> tuple[int, int]:
    a, _, b = text.partition("-")
    return int(a), int(b or a)


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("status", help="the splits, by article number")
    f = sub.add_parser("flip", help="sealed -> heldout, before the one scoring")
    f.add_argument("files", help="FIRST-LAST article numbers")
    g = sub.add_parser("fold", help="heldout -> tune, was: heldout-N, after the scoring")
    g.add_argument("round", type=int)
    g.add_argument("files", help="FIRST-LAST article numbers")
    sub.add_parser("rounds", help="each folded round's figures with the current rules")
    a = sub.add_parser("anticipation", help="the pre-event claims of folded rounds")
    a.add_argument("rounds", nargs="+", help="round numbers, or 'heldout' for the held-out half")
    args = p.parse_args(argv)
    if args.cmd == "status":
        print(status(dc.load_index()))
    elif args.cmd in ("flip", "fold"):
        first, last = _range(args.files)
        text = CORPUS.read_text(encoding="utf-8")
        try:
            new = (set_split(text, first, last, "sealed", "heldout") if args.cmd == "flip"
                   else set_split(text, first, last, "heldout", "tune", f"heldout-{args.round}"))
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        CORPUS.write_text(new, encoding="utf-8")
        print(f"{args.cmd}: {first}-{last} in {CORPUS}")
    elif args.cmd == "rounds":
        print(rounds())
    else:
        print(anticipation(args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
