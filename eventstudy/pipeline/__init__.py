"""Pipeline: ``run(path_or_study, *, out=None, offline=None) -> StudyResult``."""

from eventstudy.pipeline.result import AR_COLUMNS, CAR_COLUMNS, CLAIM_KEYS, StudyResult
from eventstudy.pipeline.run import run, write_outputs

__all__ = ["AR_COLUMNS", "CAR_COLUMNS", "CLAIM_KEYS", "StudyResult", "run", "write_outputs"]
