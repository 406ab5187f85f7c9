"""Compose a study file with libyaml (PyYAML's C parser): the fast path of the loader.

ruamel.yaml's pure-Python composer is the reference (YAML 1.2, exact
positions for every message) but takes about 2.5 s for a study of 10,000
events. libyaml's C event parser plus PyYAML's small Python composer builds
the same node tree about 15x faster. The tags are resolved with ruamel's own
YAML 1.2 implicit-resolver table (so ``ON``/``no`` stay strings exactly as in
the reference), never with PyYAML's YAML 1.1 rules.

This path is used only when it is certain to give the reference's result:
:func:`compose_fast` returns ``None`` on anything unusual -- PyYAML or
libyaml missing, a ``%`` directive, any parser error, a nesting too deep
for Python's recursion limit -- and :mod:`eventstudy.spec.load` then parses
with ruamel. Files with a problem are always re-parsed with ruamel, so
every error message (its line and column included) is the reference's.
``tests/test_spec_fastyaml.py`` checks both paths give the same data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["compose_fast"]

#: characters libyaml (YAML 1.1) and ruamel (YAML 1.2) read differently, or may:
#: a directive (``%YAML 1.1``), tabs, the YAML 1.1 line breaks NEL/LS/PS, a BOM
#: inside the text, control characters, a lone CR
_UNSURE_CHARS = re.compile(r"^%|[\t\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
                           r"|\r(?!\n)", re.MULTILINE)
#: constructs outside comments the two may read differently: anchors, aliases and
#: tags where a node starts, complex keys (``? ``), quoted keys (``"a": b``), a block
#: scalar header other than ``|``/``>`` with indicators and a comment; an ``&``
#: inside a value (``Deere & Co``) is text to both
_NODE_START = r"(?:^[ ]*|[:?-][ ]+|[\[\{,][ ]*)"
_UNSURE_TOKENS = re.compile(
    _NODE_START + r"(?:[&*!]|\?(?=\s|$)|[|>](?![-+0-9]*(?:[ ]+#.*)?[ ]*$))|[\"'][ ]*:",
    re.MULTILINE)
_COMMENT_LINE = re.compile(r"^[ ]*#.*$", re.MULTILINE)
#: a block scalar with a line of spaces only (ruamel checks its indentation, libyaml not)
_BLOCK = re.compile(_NODE_START + r"[|>]", re.MULTILINE)
_BLANK_WITH_SPACES = re.compile(r"^[ ]+$", re.MULTILINE)


def _unsure(text: str) -> bool:
    """Whether ``text`` holds anything the two parsers may read differently.

    A study file needs none of it; such files are read by ruamel alone.
    """
    code = _COMMENT_LINE.sub("", text)
    return bool(_UNSURE_CHARS.search(text) or _UNSURE_TOKENS.search(code)
                or (_BLOCK.search(code) and _BLANK_WITH_SPACES.search(text)))


@lru_cache(maxsize=1)
def _loader_class() -> type | None:
    """PyYAML loader class: libyaml events, Python composer, YAML 1.2 tags (or None)."""
    try:
        from ruamel.yaml.resolver import implicit_resolvers
        from yaml.composer import Composer
        from yaml.cyaml import CParser
        from yaml.resolver import BaseResolver
    except ImportError:  # PyYAML without libyaml: the reference path only
        return None

    class _Resolver12(BaseResolver):
        """YAML 1.2 core-schema tags, from ruamel's own resolver table."""

    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            _Resolver12.add_implicit_resolver(tag, re.compile(regexp.pattern, regexp.flags),
                                              first)

    class _Loader(CParser, Composer, _Resolver12):
        """libyaml's event parser; PyYAML's Python composer (bounded by recursion limit).

        libyaml's own C composer recurses without limit and can crash the
        interpreter on deeply nested input; the Python composer raises
        ``RecursionError`` instead.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            _Resolver12.__init__(self)

        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
        compose_node = Composer.compose_node
        compose_scalar_node = Composer.compose_scalar_node
        compose_sequence_node = Composer.compose_sequence_node
        compose_mapping_node = Composer.compose_mapping_node

    return _Loader


def compose_fast(text: str) -> tuple[bool, Any]:
    """Compose ``text`` with libyaml; return ``(True, node)`` or ``(False, None)``.

    ``(False, None)`` means "ask ruamel": no libyaml, text the two parsers may
    read differently (:func:`_unsure`: directives, tabs, YAML 1.1 line breaks,
    control characters, anchors and aliases), or any error at all.
    """
    loader_cls = _loader_class()
    if loader_cls is None or _unsure(text):
        return False, None
    loader = loader_cls(text)
    try:
        return True, loader.get_single_node()
    except Exception:  # noqa: BLE001  (any problem: the reference parser reports it)
        return False, None
    finally:
        loader.dispose()
