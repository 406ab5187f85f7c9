"""Every error and warning eventstudy raises.

Two roots: :class:`EventStudyError` for errors and :class:`EventStudyWarning`
for warnings. Errors that refine a builtin also subclass it (``ValueError``,
``KeyError``, ``OSError``) so generic handlers keep working. Every error
message is written for the user: what went wrong, where (file, line, field,
ticker, dates) and how to fix it. The CLI prints ``str(error)`` and exits
non-zero; it never shows a traceback for an :class:`EventStudyError`.

Sections are owned by pipeline stage; add new classes to the section of the
stage that raises them.
"""

from __future__ import annotations

from dataclasses import dataclass


class EventStudyError(Exception):
    """Root of every error raised by eventstudy.

    Parameters
    ----------
    message
        The full user-facing message (what, where, how to fix).
    hint
        Optional fix suggestion, appended to the message on its own line.
    """

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  fix: {hint}")


class EventStudyWarning(UserWarning):
    """Root of every warning issued by eventstudy."""


# --------------------------------------------------------------------------- spec
@dataclass(frozen=True)
class SpecIssue:
    """One problem found in a study file.

    Attributes
    ----------
    path
        Field path such as ``events[1].timezone`` (empty for the whole file).
    message
        What is wrong.
    file
        The study file name, when known.
    line, column
        1-based position in the file, when known.
    hint
        How to fix it (e.g. ``did you mean 'America/New_York'?``).
    """

    path: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field_ = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field_}{self.message}{hint}"


class SpecError(EventStudyError, ValueError):
    """A study file (or a ``Study`` built in Python) is invalid.

    Carries every problem found at once in :attr:`issues`.
    """

    def __init__(self, issues: list[SpecIssue] | SpecIssue, *, file: str | None = None) -> None:
        if isinstance(issues, SpecIssue):
            issues = [issues]
        self.issues: list[SpecIssue] = list(issues)
        self.file = file
        n = len(self.issues)
        head = f"{file}: " if file else ""
        lines = [f"{head}{n} problem{'s' if n != 1 else ''} in the study file:"]
        lines += [f"  {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- data
class DataError(EventStudyError):
    """Root of errors about prices, providers and the cache."""


class TickerNameError(DataError, ValueError):
    """A ticker symbol cannot be mapped safely to a cache file name."""


class UnknownTickerError(DataError, KeyError):
    """A provider has no data for a ticker (or the ticker is misspelled)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return Exception.__str__(self)


class CacheMissError(DataError, LookupError):
    """The cache does not cover a request and the network may not be used.

    Attributes
    ----------
    ticker
        The ticker whose prices are missing, when known.
    """

    def __init__(self, message: str, *, hint: str | None = None,
                 ticker: str | None = None) -> None:
        self.ticker = ticker
        super().__init__(message, hint=hint)


class CacheIntegrityError(DataError):
    """A cache file does not match its recorded checksum or is unreadable."""


class CacheWriteError(DataError, OSError):
    """The cache could not be written (read-only folder, disk full, ...)."""


class ProviderError(DataError):
    """A price provider failed (network, rate limit after retries, bad frame)."""


class RateLimitError(ProviderError):
    """The provider kept rate-limiting us after all retries."""


class ProviderUnreachableError(ProviderError):
    """The provider could not be reached at all (no network, DNS failure, refused).

    ``ticker``, ``start`` and ``end`` name the request that failed (None when
    unknown), so a caller can say why those prices were needed.
    """

    def __init__(self, message: str, *, hint: str | None = None, ticker: str | None = None,
                 start: object = None, end: object = None) -> None:
        self.ticker = ticker
        self.start = start
        self.end = end
        super().__init__(message, hint=hint)


class PriceValidationError(DataError, ValueError):
    """A price frame failed validation (empty, duplicate dates, bad prices, ...)."""


class DataCoverageError(CacheMissError):
    """The cache cannot serve a study: every missing ticker and range, and short windows.

    Attributes
    ----------
    missing
        ``[(ticker, ((start, end), ...)), ...]`` uncovered ranges per ticker.
    short
        ``[(event_id, ticker, usable, needed), ...]`` estimation windows with
        too few usable days.
    folder
        The cache folder searched (absolute).
    fit
        The longest ``estimation_window`` the cache can serve, or None.
    """

    def __init__(self, message: str, *, hint: str | None = None,
                 missing: list | None = None, short: list | None = None,
                 folder: object = None, fit: tuple[int, int] | None = None) -> None:
        self.missing = list(missing or [])
        self.short = list(short or [])
        self.folder = folder
        self.fit = fit
        super().__init__(message, hint=hint,
                         ticker=self.missing[0][0] if self.missing else None)


# --------------------------------------------------------------------------- calendar
class CalendarError(EventStudyError):
    """Root of errors about exchange calendars and event alignment."""


class UnknownCalendarError(CalendarError, KeyError):
    """No exchange calendar of that name (or none inferable for a ticker)."""

    def __str__(self) -> str:
        return Exception.__str__(self)


class EventOutsideDataError(CalendarError, ValueError):
    """An event, or one of its windows, falls outside the available data."""


# --------------------------------------------------------------------------- estimation
class EstimationError(EventStudyError):
    """Root of errors raised while estimating normal returns or testing."""


class InsufficientDataError(EstimationError, ValueError):
    """Too few usable estimation-window observations for the model."""


class DuplicateEventError(EstimationError, ValueError):
    """The same (asset, day 0) event appears more than once in a sample."""


class UnknownModelError(EstimationError, KeyError):
    """No normal-return model of that name; the message lists the valid names."""

    def __str__(self) -> str:
        return Exception.__str__(self)


class FactorDataError(EstimationError, ValueError):
    """User-supplied factor data cannot be used (not dated, duplicated, not numeric)."""


# --------------------------------------------------------------------------- batch
class BatchInputError(EstimationError, ValueError):
    """The returns panel or the events frame given to ``eventstudy.batch`` is unusable."""


# --------------------------------------------------------------------------- report / run
class ReportError(EventStudyError):
    """The report or an output file could not be written."""



class OutputFolderError(ReportError):
    """An output folder (``--out``) that a run must not write to.

    Attributes
    ----------
    folder
        The folder as given.
    reason
        ``empty``, ``symlink``, ``not a folder``, ``current folder``, ``cache``,
        ``link`` or ``foreign file``.
    """

    def __init__(self, message: str, *, hint: str | None = None, folder: object = None,
                 reason: str = "") -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(message, hint=hint)

class DraftError(EventStudyError):
    """A news article could not be turned into a draft study."""


# =========================================================================== warnings
class OverlappingWindowsWarning(EventStudyWarning):
    """Event windows overlap each other or another event's estimation window."""


class EventDateRolledWarning(EventStudyWarning):
    """An event's day 0 was rolled forward to the next session."""


class DataGapWarning(EventStudyWarning):
    """Calendar sessions are missing from a price series inside a window."""


class ThinTradingWarning(EventStudyWarning):
    """Zero volume or unchanged prices on sessions that matter."""


class SplitLikeJumpWarning(EventStudyWarning):
    """A price jump that looks like an unadjusted split."""


class VolatilityRegimeWarning(EventStudyWarning):
    """Volatility just before the event differs strongly from the estimation window."""


class DuplicateEventWarning(EventStudyWarning):
    """Duplicate events were removed before aggregation."""


class ProviderWarning(EventStudyWarning):
    """A provider returned something suspicious but usable."""


__all__ = [name for name in dir() if name[0].isupper() and name not in {"dataclass"}]


class PriceSpikeWarning(EventStudyWarning):
    """An isolated one-day price jump that reverses the next day (a likely typo)."""


class BenchmarkEqualsAssetWarning(EventStudyWarning):
    """A benchmark moves (almost) exactly like the asset: sigma ~ 0, nothing testable."""
