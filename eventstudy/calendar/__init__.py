"""calendar stage: exchange sessions, event alignment (day 0) and study plans.

``align(event, calendar)`` maps an event to day 0 on one exchange calendar
(methods.md section 2); ``plan_study(study)`` lays out every (event, asset)
pair's estimation and event windows on the asset's own sessions.
``calendar_for`` (ticker -> calendar name) lives in :mod:`eventstudy.data.tickers`
and is re-exported here.
"""

from eventstudy.calendar.align import Alignment, align
from eventstudy.calendar.gaps import data_gaps
from eventstudy.calendar.plan import EventAssetPlan, Overlap, StudyPlan, plan_study
from eventstudy.calendar.sessions import (
    calendar_timezone,
    get_calendar,
    is_session,
    schedule,
    session_closes,
    sessions,
)
from eventstudy.data.tickers import calendar_for

__all__ = [
    "Alignment",
    "EventAssetPlan",
    "Overlap",
    "StudyPlan",
    "align",
    "calendar_for",
    "calendar_timezone",
    "data_gaps",
    "get_calendar",
    "is_session",
    "plan_study",
    "schedule",
    "session_closes",
    "sessions",
]
