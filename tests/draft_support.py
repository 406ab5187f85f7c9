"""Look-ups the draft rule tests share (a drafted claim or event by what it says)."""

from __future__ import annotations

from typing import Any


def claim_of(d: Any, subject: str, sentence: int | None = None) -> Any:
    """The first claim of draft ``d`` about ``subject`` (in sentence ``sentence`` if given)."""
    return next(c for c in d.claims if c.subject.subject.key == subject
                and (sentence is None or c.sentence.index == sentence))


def event_with(d: Any, words: str) -> Any:
    """The first event of draft ``d`` one of whose mentions contains ``words``."""
    return next(e for e in d.events if any(words in s.clean for s, _ in e.mentions))


def moved_claims(d: Any, subject: str) -> list[Any]:
    """The claims of draft ``d`` about ``subject`` that state a move."""
    return [c for c in d.claims if c.move and c.subject.subject.key == subject]
