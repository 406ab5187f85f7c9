"""Collect every problem of a study at once: schema errors and references.

:func:`collect_issues` validates the raw data with pydantic and, tolerant of
a malformed structure, checks everything pydantic cannot see field by field:
references (claims -> events / assets / groups, benchmarks -> assets, groups
-> assets), duplicate ids, window ordering against the estimation window,
benchmarks required by the model, files that must exist.
Each problem is a :class:`RawIssue` located by a field path (a tuple); the
loader maps the path to a line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from eventstudy.exceptions import SpecIssue
from eventstudy.spec.schema import (
    BENCHMARK_KINDS,
    Analyses,
    Asset,
    Claim,
    DataSpec,
    DateRange,
    Event,
    LongRunSpec,
    ModelSettings,
    Source,
    Study,
    VolumeSpec,
    did_you_mean,
    nearest,
)

Loc = tuple[str | int, ...]

#: the model class expected under each key, for "unknown key" suggestions
_MODEL_AT: dict[str, type] = {
    "source": Source,
    "data": DataSpec,
    "model": ModelSettings,
    "assets": Asset,
    "events": Event,
    "context_events": Event,
    "claims": Claim,
    "when": DateRange,
    "analyses": Analyses,
    "long_run": LongRunSpec,
    "volume": VolumeSpec,
}


@dataclass(frozen=True)
class RawIssue:
    """A problem located by field path; ``at`` says whether it is the key or the value."""

    loc: Loc
    message: str
    hint: str | None = None
    at: Literal["value", "key", "parent"] = "value"
    #: explicit (line, column) when known without a lookup (YAML-level problems)
    pos: tuple[int, int] | None = None
    #: a related location; the loader replaces ``{see}`` in the hint with its line
    see: Loc | None = None

    @property
    def path(self) -> str:
        """``events[1].timezone`` style path."""
        return format_loc(self.loc)

    def to_spec_issue(self, file: str | None = None, line: int | None = None,
                      column: int | None = None) -> SpecIssue:
        """Convert to the public :class:`SpecIssue` (an unresolved ``{see}`` is dropped)."""
        hint = (self.hint or "").replace("{see}", "") or None
        return SpecIssue(self.path, self.message, file, line, column, hint)


def format_loc(loc: Iterable[str | int]) -> str:
    """``('events', 1, 'timezone')`` -> ``'events[1].timezone'``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items() if name != "path"]


def _from_pydantic(exc: ValidationError) -> list[RawIssue]:
    issues = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        typ = err["type"]
        ctx = err.get("ctx") or {}
        msg, hint = err["msg"], None
        at: Literal["value", "key", "parent"] = "value"
        if typ == "spec":
            msg, hint = ctx.get("message", msg), ctx.get("hint") or None
        elif typ == "extra_forbidden":
            parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
            model = _MODEL_AT.get(parent or "", Study) if len(loc) > 1 else Study
            valid = _field_names(model)
            msg = f"unknown key {loc[-1]!r}"
            hint = did_you_mean(str(loc[-1]), valid) or f"valid keys: {', '.join(valid)}"
            if loc == ("needs_review",):
                msg = ("'needs_review' lists what `draft` could not decide: it is not a study "
                       "field")
                hint = ("check each item (and each '# TODO(human)' comment), then delete "
                        "the needs_review list")
            at = "key"
        elif typ == "missing":
            msg = f"required key {loc[-1]!r} is missing"
            hint = f"add '{loc[-1]}: ...'"
            at = "parent"
        elif typ in ("literal_error", "enum"):
            expected = ctx.get("expected", "")
            choices = [c.strip().strip("'\"") for c in expected.replace(" or ", ",").split(",")]
            got = err.get("input")
            msg = f"{got!r} is not one of {expected}"
            hint = did_you_mean(str(got), [c for c in choices if c]) if got is not None else None
        elif typ == "string_type" and isinstance(err.get("input"), int | float):
            hint = f'quote it: "{err["input"]}"'
        elif typ.startswith("value_error"):
            msg = msg.removeprefix("Value error, ")
        elif typ in ("tuple_type", "list_type", "too_long", "too_short") and loc and (
                loc[-1] in ("window", "estimation_window") or loc[0] == "event_windows"):
            hint = "write a window as [start, end], e.g. [0, 1]"
        issues.append(RawIssue(loc, msg, hint, at))
    return issues


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _misspelt(obj: Any, key: str) -> bool:
    """Return True when mapping ``obj`` has an unknown key that is a typo of ``key``."""
    if not isinstance(obj, Mapping) or key in obj:
        return False
    return any(isinstance(k, str) and nearest(k, [key]) for k in obj)


def _seq(obj: Any) -> list[Any]:
    return list(obj) if isinstance(obj, list | tuple) else []


def _window(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        a, b = value
        if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
            return (a, b)
    return None


def _member_issue(loc: Loc, member: str, tickers: list[str]) -> RawIssue:
    """Report a group entry that is not an asset (a near miss: typo on either side)."""
    near = nearest(member, tickers)
    if not near:
        return RawIssue(loc, f"{member!r} is not an asset of the study", "add it under assets")
    i = tickers.index(near[0])
    return RawIssue(
        loc, f"{member!r} is not an asset of the study",
        f"did you mean {near[0]!r}? Either this group entry or the ticker {near[0]!r} of "
        f"assets[{i}]{{see}} is the typo -- fix whichever is wrong",
        see=("assets", i, "ticker"))


def reference_issues(data: Any, base_dir: Path | None = None) -> list[RawIssue]:
    """Cross-field checks on raw (possibly malformed) study data or a Study."""
    issues: list[RawIssue] = []
    add = issues.append
    assets = _seq(_get(data, "assets"))
    events = _seq(_get(data, "events"))
    context = _seq(_get(data, "context_events"))
    claims = _seq(_get(data, "claims"))
    groups = _get(data, "groups") or {}
    groups = groups if isinstance(groups, Mapping) else {}
    model = _get(data, "model") or {}
    dspec = _get(data, "data") or {}

    if _get(data, "assets") is not None and not assets:
        add(RawIssue(("assets",), "the study has no assets", "list at least one asset"))
    if _get(data, "events") is not None and not events:
        add(RawIssue(("events",), "the study has no events", "list at least one event"))

    # --- assets and groups
    tickers: list[str] = []
    seen_tickers: set[str] = set()
    for i, a in enumerate(assets):
        t = _get(a, "ticker")
        if isinstance(t, str):
            if t in seen_tickers:
                add(RawIssue(("assets", i, "ticker"), f"duplicate ticker {t!r}",
                             "list each asset once"))
            tickers.append(t)
            seen_tickers.add(t)
    names = set(tickers)
    for g, members in groups.items():
        if g in names:
            add(RawIssue(("groups", g), f"group {g!r} has the same name as a ticker",
                         "rename the group"))
        member_list = _seq(members)
        if isinstance(members, list | tuple) and not member_list:
            add(RawIssue(("groups", g), f"group {g!r} is empty", "list its tickers"))
        for j, m in enumerate(member_list):
            if isinstance(m, str) and m not in names:
                add(_member_issue(("groups", g, j), m, tickers))

    # --- benchmarks and models
    kind = _get(model, "kind") or "market"
    kind = kind if isinstance(kind, str) else "market"
    study_bench = _get(model, "benchmark")
    if isinstance(study_bench, str) and names and study_bench not in names:
        add(RawIssue(("model", "benchmark"), f"benchmark {study_bench!r} is not an asset",
                     did_you_mean(study_bench, names) or "add it under assets"))
    needs_factors = kind == "factor"
    for i, a in enumerate(assets):
        t, own, bench = _get(a, "ticker"), _get(a, "model"), _get(a, "benchmark")
        eff = own or kind
        eff = eff if isinstance(eff, str) else None
        needs_factors |= eff == "factor"
        if isinstance(bench, str) and bench not in names:
            add(RawIssue(("assets", i, "benchmark"), f"benchmark {bench!r} is not an asset",
                         did_you_mean(bench, names) or "add it under assets"))
        elif isinstance(bench, str) and bench == t:
            add(RawIssue(("assets", i, "benchmark"), f"{t!r} is its own benchmark",
                         "use another asset, or 'model: constant_mean'"))
        if eff in BENCHMARK_KINDS and isinstance(t, str):
            b = bench or study_bench
            if b is None and (_misspelt(model, "benchmark") or _misspelt(a, "benchmark")):
                pass  # a misspelt 'benchmark' key is reported once, as an unknown key
            elif b is None:
                add(RawIssue(("assets", i), f"asset {t!r} uses the {eff} model but has no "
                             "benchmark", "add 'benchmark: <ticker>' to the asset or "
                             "model.benchmark, or use 'model: constant_mean'", "parent"))
            elif b == t and bench is None:
                add(RawIssue(("assets", i), f"asset {t!r} is the study benchmark and cannot "
                             f"use the {eff} model on itself", "give it 'model: constant_mean'",
                             "parent"))
    if needs_factors and _get(model, "factors") is None:
        add(RawIssue(("model",), "the factor model needs a factors file",
                     "add 'factors: factors.csv' (date column + one column per factor)",
                     "parent"))

    # --- files relative to the study
    source = _get(dspec, "source") or "yahoo"
    if source == "csv" and _get(dspec, "path") is None:
        add(RawIssue(("data",), "data source 'csv' needs a path",
                     "add 'path: prices.csv' (relative to the study file)", "parent"))
    elif source != "csv" and _get(dspec, "path") is not None:
        add(RawIssue(("data", "path"), f"'path' is only used with 'source: csv' (source is "
                     f"{source!r})", "remove it or set 'source: csv'"))
    if base_dir is not None:
        for loc, p in ((("data", "path"), _get(dspec, "path")),
                       (("model", "factors"), _get(model, "factors"))):
            if isinstance(p, str | Path) and not (base_dir / p).is_file():
                add(RawIssue(loc, f"file not found: {base_dir / p}",
                             "paths are relative to the study file"))

    # --- event ids
    ids: set[str] = set()  # a set: studies of thousands of events
    for key, seq in (("events", events), ("context_events", context)):
        for i, e in enumerate(seq):
            eid = _get(e, "id")
            if isinstance(eid, str):
                if eid in ids:
                    add(RawIssue((key, i, "id"), f"duplicate event id {eid!r}",
                                 "give every event and context event its own id"))
                ids.add(eid)
    event_ids = {i for i in (_get(e, "id") for e in events) if isinstance(i, str)}
    context_ids = {i for i in (_get(e, "id") for e in context) if isinstance(i, str)}

    # --- windows
    est = _window(_get(model, "estimation_window", (-250, -11)))
    windows: list[tuple[Loc, tuple[int, int]]] = []
    ew = _get(data, "event_windows")
    for i, w in enumerate(_seq(ew) if ew is not None else [(0, 0), (0, 1), (-1, 1)]):
        if (win := _window(w)) is not None:
            windows.append((("event_windows", i), win))
    if ew is not None and isinstance(ew, list | tuple) and not ew:
        add(RawIssue(("event_windows",), "no event windows", "e.g. [[0, 0], [0, 1], [-1, 1]]"))

    # --- claims
    claim_ids: list[str] = []
    for i, c in enumerate(claims):
        cid, ev = _get(c, "id"), _get(c, "event")
        if isinstance(cid, str):
            if cid in claim_ids:
                add(RawIssue(("claims", i, "id"), f"duplicate claim id {cid!r}",
                             "give every claim its own id"))
            claim_ids.append(cid)
        if isinstance(ev, str) and ev not in event_ids:
            if ev in context_ids:
                add(RawIssue(("claims", i, "event"), f"{ev!r} is a context event",
                             "claims must refer to an entry of 'events'; move it there"))
            else:
                add(RawIssue(("claims", i, "event"), f"unknown event {ev!r}",
                             did_you_mean(ev, event_ids - {None}) or "use an id from 'events'"))
        targets = _get(c, "assets")
        targets = [targets] if isinstance(targets, str) else _seq(targets)
        scalar = isinstance(_get(c, "assets"), str)
        for j, t in enumerate(targets):
            if isinstance(t, str) and t not in names and t not in groups:
                where: Loc = ("claims", i, "assets") if scalar else ("claims", i, "assets", j)
                add(RawIssue(where, f"{t!r} is neither an asset nor a group",
                             did_you_mean(t, names | set(groups)) or "add it under assets"))
        if (win := _window(_get(c, "window"))) is not None:
            windows.append((("claims", i, "window"), win))
        if _get(c, "measure") == "volume":
            vspec = _get(_get(data, "analyses") or {}, "volume") or {}
            proxy = _get(vspec, "benchmark")
            if not isinstance(proxy or study_bench, str):
                add(RawIssue(("claims", i, "measure"), "a volume claim needs a market "
                             "volume proxy", "set model.benchmark (or analyses.volume."
                             "benchmark) to an index or ETF whose volume is cached"))

    if est is not None and est[0] <= est[1] and windows:
        loc_first, first = min(windows, key=lambda lw: lw[1][0])
        if est[1] >= first[0]:
            add(RawIssue(("model", "estimation_window"),
                         f"estimation window [{est[0]}, {est[1]}] must end before the earliest "
                         f"event window starts ({format_loc(loc_first)} = "
                         f"[{first[0]}, {first[1]}])",
                         f"end it at {first[0] - 1} or earlier"))
        mind = _get(model, "min_estimation_days", None)
        default = mind is None
        mind = 120 if default else mind  # the default must fit as well
        if isinstance(mind, int) and mind > est[1] - est[0] + 1:
            where = ("model.estimation_window", "model", "estimation_window") if default \
                else ("model.min_estimation_days", "model", "min_estimation_days")
            add(RawIssue(where[1:],
                         f"{'the default min_estimation_days ' if default else ''}{mind} days "
                         f"cannot fit in the estimation window [{est[0]}, {est[1]}] "
                         f"({est[1] - est[0] + 1} sessions)",
                         f"set model.min_estimation_days to at most {est[1] - est[0] + 1} "
                         "(or widen the estimation window)"))
    return issues


def check_study(data: Mapping[str, Any], base_dir: Path | None = None
                ) -> tuple[Study | None, list[RawIssue]]:
    """Validate raw study data in one pydantic pass: the study (None if invalid) and its problems.

    ``base_dir`` is the study file's folder (files the study names must exist there).
    """
    study = Study.__new__(Study)
    issues = study._validate_once(dict(data), base_dir)
    return (None if issues else study), issues


def collect_issues(data: Mapping[str, Any], base_dir: Path | None = None) -> list[RawIssue]:
    """Every problem in raw study data: pydantic field errors plus reference checks."""
    return check_study(data, base_dir)[1]


def issues_with(data: Mapping[str, Any], error: ValidationError | None,
                base_dir: Path | None = None) -> list[RawIssue]:
    """Return the problems of one validation pass: pydantic's ``error`` and the references."""
    issues: list[RawIssue] = _from_pydantic(error) if error is not None else []
    seen = {(i.loc, i.message) for i in issues}
    try:
        refs = reference_issues(data, base_dir)
    except (TypeError, AttributeError, ValueError, KeyError):
        # values of the wrong type (already reported by pydantic above) can trip the
        # cross-reference checks; the type errors are the ones the user must fix first
        if not issues:
            raise
        refs = []
    issues += [i for i in refs if (i.loc, i.message) not in seen]
    return issues


__all__ = ["RawIssue", "check_study", "collect_issues", "format_loc", "issues_with", "nearest",
           "reference_issues"]
