r"""Across events: refuse or drop duplicated (asset, day 0) events, average abnormal returns.

:func:`dedupe_events` guards every cross-sectional aggregate against counting
one event twice; :func:`average_abnormal` gives AAR and CAAR by relative day
from per-event :class:`~eventstudy.stats.abnormal.EventEstimate` objects.
Both are re-exported by :mod:`eventstudy.stats.abnormal`.

References
----------
MacKinlay, A. C. (1997), Event studies in economics and finance, *J. Economic
Literature* 35, 13-39. Campbell, J. Y., Lo, A. W. & MacKinlay, A. C. (1997),
*The Econometrics of Financial Markets*, sec. 4.4.3.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol

import pandas as pd

from eventstudy._typing import Window
from eventstudy.exceptions import DuplicateEventError, DuplicateEventWarning


class EventEstimate(Protocol):
    """What averaging reads of :class:`eventstudy.stats.abnormal.EventEstimate`.

    A structural type, so this module does not import ``stats.abnormal`` (which
    re-exports it): no import cycle.
    """

    event_id: str
    asset: str
    day0: pd.Timestamp
    abnormal: pd.DataFrame


__all__ = ["dedupe_events", "average_abnormal"]



# --------------------------------------------------------------------------- duplicates
def dedupe_events(
    events: pd.DataFrame | Iterable[tuple[str, Any]],
    how: Literal["error", "drop"] = "error",
    *,
    asset_col: str = "asset",
    day0_col: str = "day0",
) -> pd.DataFrame | list[tuple[str, Any]]:
    r"""Refuse or remove duplicated (asset, day 0) events before aggregation.

    A duplicated event would be counted twice in a cross-sectional test and
    inflate its statistic (roughly by :math:`\sqrt{2}` for a single duplicate
    in a small sample), so duplicates are never kept silently.

    Parameters
    ----------
    events
        A frame with ``asset_col`` and ``day0_col`` columns, or an iterable of
        ``(asset, day0)`` keys.
    how
        ``"error"``: raise :class:`DuplicateEventError` listing the duplicates;
        ``"drop"``: keep the first occurrence and warn with
        :class:`DuplicateEventWarning`.
    asset_col, day0_col
        Column names for a frame.

    Returns
    -------
    pandas.DataFrame or list
        Same type as the input, without duplicates (order preserved).
    """
    if how not in ("error", "drop"):
        raise ValueError(f"how must be 'error' or 'drop', got {how!r}")
    items: list[tuple[str, Any]] = []
    if isinstance(events, pd.DataFrame):
        missing = [c for c in (asset_col, day0_col) if c not in events.columns]
        if missing:
            raise ValueError(
                f"events frame lacks column(s) {missing}; columns are {list(events.columns)}"
            )
        keys = [
            (str(a), pd.Timestamp(v).normalize())
            for a, v in zip(events[asset_col], events[day0_col], strict=True)
        ]
    else:
        items = list(events)
        keys = [(str(a), pd.Timestamp(day0).normalize()) for a, day0 in items]
    seen: set[tuple[str, pd.Timestamp]] = set()
    dup_mask = []
    for k in keys:
        dup_mask.append(k in seen)
        seen.add(k)
    dups = sorted({keys[i] for i, dup in enumerate(dup_mask) if dup})
    if dups:
        listed = ", ".join(f"{a} on {d.date()}" for a, d in dups[:10])
        more = f" (and {len(dups) - 10} more)" if len(dups) > 10 else ""
        if how == "error":
            raise DuplicateEventError(
                f"{len(dups)} (asset, day 0) event(s) appear more than once: {listed}{more}; "
                "each would be counted twice",
                hint="remove the repeated events, or pass how='drop' to keep the first of each",
            )
        warnings.warn(
            f"dropped {sum(dup_mask)} duplicate event(s): {listed}{more}",
            DuplicateEventWarning,
            stacklevel=2,
        )
    keep = [not dup for dup in dup_mask]
    if isinstance(events, pd.DataFrame):
        return events.loc[keep]
    return [it for it, k in zip(items, keep, strict=True) if k]


# --------------------------------------------------------------------------- aggregation
def average_abnormal(
    estimates: Sequence[EventEstimate],
    window: Window,
    *,
    duplicates: Literal["error", "drop"] = "error",
) -> pd.DataFrame:
    r"""Average abnormal return by relative day and its cumulation across events.

    Parameters
    ----------
    estimates
        One :class:`~eventstudy.stats.abnormal.EventEstimate` per (event, asset); each
        must cover ``window``.
    window
        ``(tau1, tau2)``.
    duplicates
        Passed to :func:`dedupe_events` on the (asset, day 0) keys.

    Returns
    -------
    pandas.DataFrame
        Index ``rel_day``; columns ``aar`` (mean AR over the events with a
        return that day), ``n`` (that count) and ``caar`` (cumulative AAR).

    Notes
    -----
    .. math::

        AAR_\tau = \frac{1}{N_\tau}\sum_{i} AR_{i\tau},\qquad
        CAAR(\tau_1,\tau) = \sum_{s=\tau_1}^{\tau} AAR_s

    (MacKinlay 1997, eqs. 11-13; Campbell, Lo & MacKinlay 1997, sec. 4.4.3).
    Tests of CAAR live in :mod:`eventstudy.stats.multi`.
    """
    keys = [(e.asset or e.event_id, e.day0) for e in estimates]
    dedupe_events(keys, how=duplicates)  # raises, or warns about what is dropped below
    seen: set[tuple[str, pd.Timestamp]] = set()
    rows = []
    for (asset, day0), est in zip(keys, estimates, strict=True):
        key = (str(asset), pd.Timestamp(day0).normalize())
        if key in seen:
            continue
        seen.add(key)
        ab = est.abnormal.set_index("rel_day")["abnormal_return"]
        missing = set(range(window[0], window[1] + 1)) - set(ab.index)
        if missing:
            raise ValueError(
                f"{est.asset or 'asset'}, event {est.event_id!r}: window {window} not estimated "
                f"(relative days {sorted(missing)} missing); pass it in event_windows"
            )
        rows.append(ab.loc[window[0] : window[1]])
    if not rows:
        raise ValueError("no estimates to average")
    mat = pd.concat(rows, axis=1)
    out = pd.DataFrame({"aar": mat.mean(axis=1, skipna=True), "n": mat.notna().sum(axis=1)})
    out["caar"] = out["aar"].cumsum()
    out.index.name = "rel_day"
    return out
