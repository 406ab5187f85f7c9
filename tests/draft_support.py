"""What the draft tests share: look-ups of a drafted claim or event by what it says, and
the reviewer's step from a drafted study file to one that runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


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


def resolve(path: Path) -> Path:
    """What a reviewer does after checking a drafted study: drop ``needs_review``, keep the
    drafted choices (a publisher left ``TODO`` named), and save it as ``resolved.yaml``."""
    yaml = YAML()
    data = yaml.load(path)
    data.pop("needs_review", None)
    if data["source"]["publisher"] == "TODO":
        data["source"]["publisher"] = "Test Wire"
    resolved = path.with_name("resolved.yaml")
    with resolved.open("w") as fh:
        yaml.dump(data, fh)
    return resolved
