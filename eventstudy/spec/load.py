"""Read a study file, keeping the position of every node.

A valid file is composed by libyaml first (:mod:`eventstudy.spec.fastyaml`:
the same YAML 1.2 tags, about 15x faster); a file with any problem is
re-read with ruamel.yaml, whose positions every message names. Either way
the file is *composed* (not constructed) with YAML 1.2 rules, so
``ON``/``yes``/``no`` stay strings and no Python object is ever built from
a tag: the builder turns the node tree into plain dicts, lists and scalars
itself, refuses any tag outside the YAML core schema (e.g.
``!!python/object``), reports duplicate keys, and records the 1-based line
and column of every key and value by field path. Dates and times stay
strings; the schema parses them.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventstudy.exceptions import SpecError, SpecIssue
from eventstudy.spec.checks import Loc, RawIssue, check_study, format_loc
from eventstudy.spec.fastyaml import compose_fast

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null",
                                           "timestamp", "map", "seq")}
#: largest number of nodes built (guards against alias "billion laughs")
MAX_NODES = 200_000
#: deepest nesting of mappings and lists (a study file needs 4)
MAX_DEPTH = 20
#: most digits in a number (larger numbers are never meaningful in a study)
MAX_DIGITS = 30

Pos = tuple[int, int]
#: a composed YAML node: ruamel's or PyYAML's (same ``id``, ``tag``, ``value``, ``start_mark``)
Node = Any


class _Builder:
    """Node tree -> plain Python, recording positions and problems."""

    def __init__(self) -> None:
        self.values: dict[Loc, Pos] = {}
        self.keys: dict[Loc, Pos] = {}
        self.issues: list[RawIssue] = []
        self.count = 0

    @staticmethod
    def _pos(node: Node) -> Pos:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise SpecError(SpecIssue(format_loc(loc[:MAX_DEPTH]), f"nested more than "
                                      f"{MAX_DEPTH} levels deep", line=self._pos(node)[0],
                                      column=self._pos(node)[1],
                                      hint="a study file nests at most a few levels; "
                                      "see docs/study-file.md"))
        self.count += 1
        if self.count > MAX_NODES:
            raise SpecError(SpecIssue(format_loc(loc), "the file is too large or uses too "
                                      "many aliases", line=self._pos(node)[0],
                                      column=self._pos(node)[1]))
        self.values.setdefault(loc, self._pos(node))
        if node.tag not in _ALLOWED_TAGS:
            self.issues.append(RawIssue(loc, f"YAML tag {node.tag!r} is not allowed",
                                        "remove the tag; study files hold plain values only",
                                        pos=self._pos(node)))
            return None
        if node.id == "mapping":  # ruamel's and PyYAML's nodes alike (spec.fastyaml)
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                key = self.build_scalar_key(knode, loc)
                if key is None:
                    continue
                sub = (*loc, key)
                if key in out:
                    first = self.keys[sub]
                    self.issues.append(RawIssue(sub, f"duplicate key {key!r} (first at line "
                                                f"{first[0]})", "keep only one", "key",
                                                pos=self._pos(knode)))
                    continue
                self.keys[sub] = self._pos(knode)
                out[key] = self.build(vnode, sub)
            return out
        if node.id == "sequence":
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert node.id == "scalar"  # the third kind of node
        try:
            return _scalar(node)
        except ValueError:
            digits = sum(ch.isdigit() for ch in str(node.value))
            why = (f"a number with {digits} digits is too large" if digits > MAX_DIGITS
                   else f"cannot read {str(node.value)[:40]!r} as a number")
            self.issues.append(RawIssue(loc, why, "write a plain number such as 120",
                                        pos=self._pos(node)))
            return None

    def build_scalar_key(self, node: Node, loc: Loc) -> Any:
        if node.id != "scalar" or node.tag not in _ALLOWED_TAGS:
            line, col = self._pos(node)
            self.issues.append(RawIssue(loc, "unsupported key", "keys must be plain names",
                                        pos=(line, col)))
            return None
        return str(node.value)


def _scalar(node: Node) -> Any:
    tag, text = (node.tag or "").removeprefix(_CORE), node.value
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() == "true"
    if tag == "int":
        if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
            raise ValueError("too many digits")
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return int(text.replace("_", ""))
    if tag == "float":
        if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
            raise ValueError("too many digits")
        low = text.lower().lstrip("+")
        if low in (".inf", "-.inf"):
            return -math.inf if low.startswith("-") else math.inf
        if low == ".nan":
            return math.nan
        return float(text.replace("_", ""))
    return str(text)  # str, timestamp (parsed by the schema)


def parse_yaml(text: str, file: str | None = None) -> tuple[Any, _Builder]:
    """Compose ``text`` and build plain data plus a position map.

    Raises
    ------
    SpecError
        On a YAML syntax error (with its line and column).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    try:
        node = yaml.compose(text)
    except RecursionError:
        raise SpecError(SpecIssue("", f"the file is nested too deeply (a study file nests "
                                  f"at most {MAX_DEPTH} levels)", file,
                                  hint="see docs/study-file.md for the layout"),
                        file=file) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(SpecIssue("", f"YAML syntax error: {problem}", file,
                                  mark.line + 1 if mark else None,
                                  mark.column + 1 if mark else None,
                                  "check indentation, colons and quotes"), file=file) from None
    except YAMLError as exc:
        raise SpecError(SpecIssue("", f"YAML error: {exc}", file), file=file) from None
    builder = _Builder()
    try:
        data = builder.build(node, ()) if node is not None else None
    except SpecError as exc:  # too deep or too large: name the file
        raise SpecError([replace(i, file=file) for i in exc.issues], file=file) from None
    return data, builder


def _position(issue: RawIssue, b: _Builder) -> Pos | None:
    if issue.pos is not None:
        return issue.pos
    if issue.at == "key" and issue.loc in b.keys:
        return b.keys[issue.loc]
    loc = issue.loc
    while True:
        if loc in b.values:
            return b.values[loc]
        if not loc:
            return None
        loc = loc[:-1]


def _fast_study(text: str, base_dir: Path | None, path: Path | None) -> Any:
    """Return the :class:`Study` when libyaml composes ``text`` without a problem, else None."""
    ok, node = compose_fast(text)
    if not ok:
        return None
    builder = _Builder()
    try:
        data = builder.build(node, ()) if node is not None else None
    except SpecError:  # too deep or too large: ruamel's pass says where
        return None
    if builder.issues or not isinstance(data, dict) or "path" in data:
        return None
    study, found = check_study({**data, "path": path}, base_dir)
    return None if found else study


def study_from_text(text: str, file: str | None = None, base_dir: Path | None = None,
                    path: Path | None = None) -> Any:
    """Validate study YAML text; return a :class:`Study` or raise :class:`SpecError`.

    A valid file is composed by libyaml (fast); any problem sends the file
    through ruamel, so every message names the reference's line and column.
    """
    study = _fast_study(text, base_dir, path)
    if study is not None:
        return study
    data, b = parse_yaml(text, file)
    issues = list(b.issues)
    if not isinstance(data, dict):
        issues.append(RawIssue((), "a study file must be a mapping of keys such as title, "
                               "assets, events", "see docs/study-file.md"))
        data = {}
    if "path" in data:
        issues.append(RawIssue(("path",), "unknown key 'path'",
                               "the study's location is recorded automatically", "key"))
        data.pop("path")
    bad = {i.loc for i in issues}
    # a value refused above (None) would cause a second, confusing message
    study, found = check_study({**data, "path": path}, base_dir)
    issues += [i for i in found if i.loc not in bad]
    if issues:
        spec_issues = []
        for issue in issues:
            pos = _position(issue, b)
            if issue.see is not None and issue.hint:
                see = _position(RawIssue(issue.see, ""), b)
                issue = replace(issue, hint=issue.hint.replace(
                    "{see}", f" (line {see[0]})" if see else ""))
            spec_issues.append(issue.to_spec_issue(file, *(pos or (None, None))))
        spec_issues.sort(key=lambda s: (s.line or 0, s.column or 0))
        raise SpecError(spec_issues, file=file)
    return study


def load_study(path: str | Path) -> Any:
    """Read, validate and return the :class:`Study` in ``path``.

    Raises
    ------
    SpecError
        Every problem, each as ``file:line:col: field: message (fix)``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")  # UTF-8, with or without a BOM
    except FileNotFoundError:
        raise SpecError(SpecIssue("", f"study file not found: {p}",
                                  hint="check the path"), file=str(p)) from None
    except UnicodeDecodeError as exc:
        raise SpecError(SpecIssue("", f"the study file is not UTF-8 text (byte "
                                  f"0x{exc.object[exc.start]:02x} at offset {exc.start})",
                                  hint="save it as UTF-8 (with or without BOM)"),
                        file=str(p)) from None
    except OSError as exc:
        raise SpecError(SpecIssue("", f"cannot read the study file: {exc.strerror or exc}",
                                  hint="check the path and its permissions"),
                        file=str(p)) from None
    return study_from_text(text, file=str(p), base_dir=p.resolve().parent, path=p)


__all__ = ["load_study", "parse_yaml", "study_from_text"]
