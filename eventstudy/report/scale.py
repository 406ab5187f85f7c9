"""What a reader can look at: the report's limits for studies of hundreds of assets or claims.

A chart with 500 lines, a table of 2,500 rows or 500 claim cards costs
seconds to draw and nobody reads them; every number stays in the CSV/JSON
files written beside the report. Up to these limits the report shows
everything (the bundled study is far below all of them); above them it shows
a summary, names the largest and smallest, and says where the rest is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

#: a chart draws at most this many members one by one; a larger group is drawn as
#: its average, the spread of its members and the few largest and smallest named
MAX_LINES = 8
#: members named in a chart of a large group: this many largest and as many smallest
NAMED = 3
#: rows of members in a claim's table; above it the largest and smallest half each
MAX_MEMBER_ROWS = 20
#: rows of a per-pair table (diagnostics, provenance, analyses); above it the rows
#: a reader should see first (warnings), then the first ones, up to this many
MAX_TABLE_ROWS = 200
#: claim cards beyond the headline claims; the rest are a row of the verdict table
MAX_CARDS = 100
#: names listed in one table cell (assets sharing an alignment, disagreeing members)
MAX_NAMES = 30


def _car(m: dict[str, Any]) -> float:
    v = m.get("car")
    return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else -math.inf


def members_shown(record: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """Choose the member rows of a claim's table and, when some are left out, say which.

    Up to :data:`MAX_MEMBER_ROWS` members: all, in study order, and an empty
    note. Above: the half with the largest and the half with the smallest
    CAR (largest first), and a note with the count and where the rest is.
    """
    members = list(record.get("members") or [])
    if len(members) <= MAX_MEMBER_ROWS:
        return members, ""
    k = MAX_MEMBER_ROWS // 2
    ranked = sorted(members, key=_car, reverse=True)
    return ranked[:k] + ranked[-k:], (
        f"Showing the {k} largest and the {k} smallest moves of the {len(members)} members "
        "(largest first); every member's numbers are in car.csv and claims.json.")


def verdict_counts(rows: Sequence[dict[str, Any]]) -> str:
    """``480 not supported, 12 supported, 8 contradicted`` (most frequent first)."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r.get("verdict"))] = counts.get(str(r.get("verdict")), 0) + 1
    return ", ".join(f"{n} {v}" for v, n in sorted(counts.items(), key=lambda vn: -vn[1]))


def robustness_shown(record: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """Choose the robustness rows of a claim's card and, when some are left out, count them.

    Up to :data:`MAX_MEMBER_ROWS` rows: all. Above: the rows of the verdict's
    own target (the group's portfolio, or the one asset), and the members'
    rows counted by verdict.
    """
    rows = list(record.get("robustness") or [])
    if len(rows) <= MAX_MEMBER_ROWS:
        return rows, ""
    members = {m["target"] for m in record.get("members") or []}
    mine = [len(members) > 1 and r.get("target") in members for r in rows]
    own = [r for r, m in zip(rows, mine, strict=True) if not m]
    rest = [r for r, m in zip(rows, mine, strict=True) if m]
    return own, (f"The {len(rest)} rows of the members one by one are in claims.json "
                 f"(\u201crobustness\u201d); their verdicts: {verdict_counts(rest)}.")


def disagreement_shown(record: dict[str, Any]) -> str:
    """Say which members judged alone differ from the group, briefly for a large group.

    Up to :data:`MAX_LINES` such members: the verdict rule's own note,
    verbatim. Above: their count, their verdicts, the :data:`MAX_LINES`
    largest moves named, and the note's explanation; each member's own
    reason is in ``claims.json``.
    """
    note = str(record.get("disagreement_note") or "")
    odd = [m for m in record.get("members") or [] if m.get("disagrees")]
    if len(odd) <= MAX_LINES or not note:
        return note
    odd.sort(key=lambda m: -abs(_car(m)) if math.isfinite(_car(m)) else 0.0)
    why = note.split("This is not a contradiction: ", 1)
    return (f"{len(odd)} of the {len(record.get('members') or [])} members judged alone differ "
            f"from the group ({verdict_counts(odd)}); the largest moves: "
            + names([f"{m.get('label', m.get('target'))} ({_pct(m.get('car'))})" for m in odd],
                    MAX_LINES)
            + ". Each member's verdict and reason are in claims.json."
            + (f" This is not a contradiction: {why[1]}" if len(why) == 2 else ""))


def _pct(x: Any) -> str:
    return f"{x * 100:+.2f}%" if isinstance(x, (int, float)) and math.isfinite(x) else "n/a"


def capped(rows: Sequence[Any], first: Callable[[Any], bool] | None = None,
           limit: int = MAX_TABLE_ROWS) -> tuple[list[Any], int]:
    """At most ``limit`` rows: those where ``first`` holds, then the others, order kept.

    Returns the rows shown and how many were left out.
    """
    rows = list(rows)
    if len(rows) <= limit:
        return rows, 0
    if first is not None:
        flag = [bool(first(r)) for r in rows]
        keep = {i for i, f in enumerate(flag) if f}
        keep = set(sorted(keep)[:limit])
        keep |= set([i for i, f in enumerate(flag) if not f][: limit - len(keep)])
        out = [r for i, r in enumerate(rows) if i in keep]
    else:
        out = rows[:limit]
    return out, len(rows) - len(out)


def names(items: Sequence[str], limit: int = MAX_NAMES) -> str:
    """Join names: ``A, B, C``, or ``A, B, ... and 488 more`` beyond ``limit`` names."""
    items = list(items)
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


__all__ = ["MAX_CARDS", "MAX_LINES", "MAX_MEMBER_ROWS", "MAX_NAMES", "MAX_TABLE_ROWS", "NAMED",
           "capped", "disagreement_shown", "members_shown", "names", "robustness_shown",
           "verdict_counts"]
