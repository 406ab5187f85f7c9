"""validation/corpus_rounds.py: flipping and folding a blind round rewrite only its entries.

The blind protocol (docs/draft-corpus.md) rests on corpus.yaml's ``split:`` of each entry;
these tests check the rewrite against hand-written corpus text (no scoring: the scorer's
figures are checked by tests/test_draft_corpus.py).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "corpus_rounds", ROOT / "validation" / "corpus_rounds.py")
assert _spec is not None and _spec.loader is not None
cr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cr)

TEXT = """\
# * round 9: a comment naming 10_x.txt, split: sealed, which must stay as written
articles:
  - {file: 09_a.txt, split: tune, was: heldout-8, style: AP}
  - {file: 10_b.txt, split: sealed, style: Reuters}
  - {file: 11_c.txt, split: sealed, style: WSJ}
  - {file: 12_d.txt, split: sealed, style: FT}
"""


def test_flip_then_fold_rewrites_only_the_named_entries():
    flipped = cr.set_split(TEXT, 10, 11, "sealed", "heldout")
    assert flipped.splitlines() == [
        TEXT.splitlines()[0],
        "articles:",
        "  - {file: 09_a.txt, split: tune, was: heldout-8, style: AP}",
        "  - {file: 10_b.txt, split: heldout, style: Reuters}",
        "  - {file: 11_c.txt, split: heldout, style: WSJ}",
        "  - {file: 12_d.txt, split: sealed, style: FT}",
    ]
    folded = cr.set_split(flipped, 10, 11, "heldout", "tune", was="heldout-9")
    assert "  - {file: 10_b.txt, split: tune, was: heldout-9, style: Reuters}" in folded
    assert "  - {file: 11_c.txt, split: tune, was: heldout-9, style: WSJ}" in folded
    assert "  - {file: 12_d.txt, split: sealed, style: FT}" in folded


def test_a_round_cannot_be_scored_twice_or_out_of_turn():
    # folding a round that was never flipped (still sealed), or flipping a folded one,
    # is refused: the one blind scoring cannot be skipped or repeated by a slip
    with pytest.raises(ValueError, match="not heldout: 10 is sealed"):
        cr.set_split(TEXT, 10, 11, "heldout", "tune", was="heldout-9")
    with pytest.raises(ValueError, match="not sealed: 9 is tune"):
        cr.set_split(TEXT, 9, 10, "sealed", "heldout")
    with pytest.raises(ValueError, match="no corpus entry numbered 40-41"):
        cr.set_split(TEXT, 40, 41, "sealed", "heldout")


def test_status_lists_runs_of_one_split():
    index = {"articles": [
        {"file": "truce.txt", "split": "tune"},
        {"file": "09_a.txt", "split": "tune", "was": "heldout-8"},
        {"file": "10_b.txt", "split": "sealed"},
        {"file": "11_c.txt", "split": "sealed"},
    ]}
    assert cr.status(index).splitlines() == [
        "truce.txt tune", "9         tune (was heldout-8)", "  10-11   sealed"]
