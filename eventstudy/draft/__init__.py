"""draft stage: turn a plain-text news article into a draft study file.

``draft_study(text, date=...)`` finds the article's time references (resolved
against its dateline by the rules in :mod:`eventstudy.draft.dates`), candidate
events and claims (:mod:`eventstudy.draft.extract`) and the assets of the
subjects it names (the editable mapping ``assets.yaml``,
:mod:`eventstudy.draft.assets`). :func:`to_yaml` renders the draft as a study
file with every item traced to its sentence; :func:`summary` says what was found
and what needs a human decision. See docs/draft.md.
"""

from eventstudy.draft.assets import Mapping, Subject, load_mapping
from eventstudy.draft.dateline import Dateline, parse_dateline
from eventstudy.draft.dates import find_time_refs, resolve_phrase
from eventstudy.draft.extract import DraftClaim, DraftEvent
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.render import summary, to_yaml
from eventstudy.draft.study import Draft, ReviewItem, draft_study
from eventstudy.draft.text import Sentence, split_sentences

__all__ = [
    "Dateline",
    "Draft",
    "DraftClaim",
    "DraftEvent",
    "Mapping",
    "ReviewItem",
    "Sentence",
    "Subject",
    "TimeRef",
    "draft_study",
    "find_time_refs",
    "load_mapping",
    "parse_dateline",
    "resolve_phrase",
    "split_sentences",
    "summary",
    "to_yaml",
]
