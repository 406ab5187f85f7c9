"""spec stage: the study file (YAML) as frozen, validated pydantic models.

``Study.from_yaml(path)`` loads a file; ``Study(...)`` builds the same object
in Python. Both raise one :class:`~eventstudy.exceptions.SpecError` listing
every problem. See ``docs/study-file.md`` for every field.
"""

from eventstudy.spec.schema import (
    Asset,
    Claim,
    DataSpec,
    DateRange,
    Event,
    ModelSettings,
    Source,
    Study,
)

__all__ = ["Asset", "Claim", "DataSpec", "DateRange", "Event", "ModelSettings", "Source", "Study"]
