"""Confounding events for claim verdicts.

A window is *confounded* when another dated event of the study, or a listed
market-wide context event, falls inside it: the CAR then measures both
(methods section 6). The Benjamini-Hochberg adjustment across claims is
:func:`eventstudy.stats.multiple.benjamini_hochberg`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class EventMark:
    """A dated event that could confound a window.

    Attributes
    ----------
    id, title
        Identifier and human title.
    start, end
        First and last date the news could have reached the market (equal for
        a dated event; a range for an uncertain date), as naive dates.
    kind
        ``"study"`` for one of the study's events, ``"context"`` for a
        market-wide context event.
    """

    id: str
    title: str
    start: pd.Timestamp
    end: pd.Timestamp
    kind: str = "study"


def find_confounders(window_start: pd.Timestamp, window_end: pd.Timestamp,
                     events: Iterable[EventMark], *, exclude: str | None = None
                     ) -> list[EventMark]:
    """Events whose dates intersect a window's calendar span.

    Parameters
    ----------
    window_start, window_end
        First and last session of the event window (inclusive).
    events
        Candidate events (study events and context events).
    exclude
        Id of the claim's own event, never reported as its own confounder.

    Returns
    -------
    list of EventMark
        In date order; an event counts when ``[start, end]`` overlaps the
        window, so a weekend event just before a Monday day 0 is only
        counted if its span reaches into the window.
    """
    lo, hi = pd.Timestamp(window_start).normalize(), pd.Timestamp(window_end).normalize()
    hits = [e for e in events
            if e.id != exclude and pd.Timestamp(e.start).normalize() <= hi
            and pd.Timestamp(e.end).normalize() >= lo]
    return sorted(hits, key=lambda e: (e.start, e.id))
