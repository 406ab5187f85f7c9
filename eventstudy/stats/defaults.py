"""Window lengths shared by the statistics and the data-coverage check.

A module without imports, so that :mod:`eventstudy.pipeline.coverage`
(``validate``) knows how far back the estimates read without importing
scipy. :mod:`eventstudy.stats.regime` uses it as the volatility ratio's default.
"""

#: default number of sessions before the event window used by
#: :func:`eventstudy.stats.regime.volatility_ratio`.
PRE_EVENT_SESSIONS = 20

__all__ = ["PRE_EVENT_SESSIONS"]
