"""The study file as frozen pydantic v2 models.

Every model forbids unknown keys (``extra="forbid"``) and is frozen. Field
validators raise :class:`pydantic_core.PydanticCustomError` with a ``hint``
in the context, so :mod:`eventstudy.spec.issues` can turn each problem into a
:class:`~eventstudy.exceptions.SpecIssue` with a fix suggestion.
Cross-field checks (references between events, assets, groups and claims,
window ordering) live in :mod:`eventstudy.spec.checks`.
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from collections.abc import Callable, Collection
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from eventstudy._calendars import calendar_names as all_calendar_names
from eventstudy._typing import Window

if TYPE_CHECKING:
    from eventstudy.spec.checks import RawIssue

ModelKind = Literal["market", "constant_mean", "market_adjusted", "dimson", "factor",
                    "scholes_williams", "ff3", "ff5", "carhart"]
#: model kinds that need a benchmark asset
BENCHMARK_KINDS: frozenset[str] = frozenset({"market", "market_adjusted", "dimson",
                                             "scholes_williams"})
#: model kinds on the cached Fama-French / momentum factors (eventstudy.data.factors)
FACTOR_KINDS: frozenset[str] = frozenset({"ff3", "ff5", "carhart"})
Direction = Literal["up", "down", "any"]

_ID_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def spec_error(message: str, hint: str | None = None) -> PydanticCustomError:
    """Build a validation error whose context carries a fix ``hint``."""
    return PydanticCustomError("spec", "{message}", {"message": message, "hint": hint or ""})


def nearest(word: str, choices: Any, n: int = 1) -> list[str]:
    """Closest spellings of ``word`` among ``choices`` (case-insensitive first)."""
    choices = list(choices)
    lower = {c.lower(): c for c in choices}
    if word.lower() in lower:
        return [lower[word.lower()]]
    hits = difflib.get_close_matches(word.lower(), list(lower), n=n, cutoff=0.6)
    return [lower[h] for h in hits]


def did_you_mean(word: str, choices: Any) -> str | None:
    """``"did you mean 'x'?"`` for the closest choice, or ``None``."""
    hits = nearest(word, choices)
    return f"did you mean {hits[0]!r}?" if hits else None


@functools.lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """All IANA time-zone names known to :mod:`zoneinfo`."""
    return frozenset(zoneinfo.available_timezones())


@functools.lru_cache(maxsize=1)
def calendar_names() -> tuple[str, ...]:
    """All calendar names: pandas_market_calendars' and the project's (``STOXX``)."""
    return tuple(sorted(all_calendar_names()))


#: largest |session offset| in any window (about 20 years of sessions)
MAX_WINDOW = 5000
#: event dates must fall in the era of daily market data (and not in the future)
FIRST_EVENT_DATE = date(1950, 1, 1)


def _check_window(value: tuple[int, int]) -> tuple[int, int]:
    a, b = value
    if max(abs(a), abs(b)) > MAX_WINDOW:
        raise spec_error(
            f"window [{a}, {b}] reaches more than {MAX_WINDOW} sessions (about 20 years) "
            "from day 0", f"use offsets between -{MAX_WINDOW} and {MAX_WINDOW}, e.g. "
            "[-250, -11] for an estimation window")
    if a > b:
        raise spec_error(
            f"window [{a}, {b}] starts after it ends", f"write it as [{b}, {a}]"
        )
    return value


#: ``[a, b]``: relative sessions a..b around day 0, a <= b (a validated :data:`Window`)
CheckedWindow = Annotated[Window, AfterValidator(_check_window)]


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise spec_error(
            f"id {value!r} may only contain letters, digits, '_', '.', '-'",
            "use a short identifier such as 'trump_xi_call'",
        )
    return value


Ident = Annotated[str, AfterValidator(_check_id)]


def _nonempty(value: str) -> str:
    if not value.strip():
        raise spec_error("must not be empty")
    return value


#: characters of a Yahoo symbol (letters, digits, ^ = . _ -); mirrors the cache's
#: file-name rule (eventstudy.data.tickers.safe_filename) so a bad ticker is
#: reported at its line in the study file, before anything touches the cache
_TICKER = re.compile(r"[A-Za-z0-9^=._-]{1,64}")


def _check_ticker(value: str) -> str:
    _nonempty(value)
    if not _TICKER.fullmatch(value) or value.startswith(".") or value.endswith("."):
        shown = value  # !r below escapes control characters such as a newline
        raise spec_error(
            f"ticker {shown!r} is not a Yahoo symbol (allowed: letters, digits and ^ = . _ -, "
            "at most 64 characters, no leading or trailing dot; it names a cache file)",
            "use the plain Yahoo symbol, e.g. 'AAPL', '^GSPC', '000001.SS', 'ZS=F'")
    return value


Ticker = Annotated[str, AfterValidator(_check_ticker)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Source(_Frozen):
    """Where the events and claims come from (the article or report)."""

    publisher: str
    date: date
    url: str | None = None
    summary: str | None = None


class DataSpec(_Frozen):
    """Where prices come from and how returns are computed."""

    source: Literal["yahoo", "csv", "cache"] = "yahoo"
    path: Path | None = None
    price: Literal["adj_close", "close"] = "adj_close"
    returns: Literal["simple", "log"] = "simple"
    cache: Path | None = None


class ModelSettings(_Frozen):
    """Normal-return model and estimation window, shared by all assets."""

    kind: ModelKind = "market"
    estimation_window: CheckedWindow = (-250, -11)
    min_estimation_days: int = Field(120, ge=2)
    benchmark: Ticker | None = None
    exclude_event_windows: bool = True
    alpha: float = Field(0.05, gt=0, lt=1)
    factors: Path | None = None


class LongRunSpec(_Frozen):
    """Long-run analysis: BHARs per window and calendar-time portfolio alphas.

    ``benchmark`` (default: ``model.benchmark``) is the BHAR reference, any
    cached ticker; ``bootstrap`` the LBT bootstrap draws (0: none);
    ``calendar_time`` the factor models of the calendar-time regressions;
    ``holding`` the sessions after day 0 an event stays in that portfolio.
    """

    windows: tuple[CheckedWindow, ...] = ((0, 60), (0, 120), (0, 250))
    benchmark: Ticker | None = None
    bootstrap: int = Field(1000, ge=0, le=100_000)
    calendar_time: tuple[Literal["capm", "ff3", "carhart"], ...] = ("capm", "ff3", "carhart")
    holding: CheckedWindow = (1, 250)


class VolumeSpec(_Frozen):
    """Abnormal log volume: market model on the log volume of ``benchmark``.

    ``benchmark`` defaults to ``model.benchmark``; ``windows`` to the
    study's ``event_windows``.
    """

    benchmark: Ticker | None = None
    windows: tuple[CheckedWindow, ...] | None = None


class Analyses(_Frozen):
    """Optional analyses beyond the CARs (written to ``study.json`` under ``analyses``).

    ``volatility`` and ``classic`` (Brown-Warner 1980, Hall 1992, jackknife
    on each claim's assets) are switches.
    """

    long_run: LongRunSpec | None = None
    volume: VolumeSpec | None = None
    volatility: bool = False
    classic: bool = False


def _check_known(value: str | None, known: Callable[[], Collection[str]], what: str,
                 example: str) -> str | None:
    """Pass ``value`` (or None) if it is one of ``known()``; else name the nearest or an example."""
    if value is None:
        return value
    names = known()
    if value not in names:
        raise spec_error(f"unknown {what} {value!r}", did_you_mean(value, names) or example)
    return value


def _check_calendar(value: str | None) -> str | None:
    return _check_known(
        value, calendar_names, "calendar",
        "use a pandas_market_calendars name such as XNYS, XSHG, XHKG, CMEGlobex_Grains",
    )


def _check_timezone(value: str | None) -> str | None:
    return _check_known(value, time_zones, "time zone",
                        "use an IANA name such as 'America/New_York'")


class Asset(_Frozen):
    """One security, index or future whose reaction is measured."""

    ticker: Ticker
    name: str | None = None
    calendar: Annotated[str | None, AfterValidator(_check_calendar)] = None
    model: ModelKind | None = None
    benchmark: Ticker | None = None

    @property
    def label(self) -> str:
        """The asset's display name (``name`` or the ticker)."""
        return self.name or self.ticker


class DateRange(_Frozen):
    """An uncertain event date: sometime between ``from`` and ``to``."""

    from_: date = Field(alias="from")
    to: date


def _parse_when(value: Any) -> date | datetime | DateRange:
    """Normalise ``when`` to a date, a datetime or a :class:`DateRange`."""
    if isinstance(value, DateRange | datetime | date):
        return value
    if isinstance(value, dict):
        keys = set(value)
        for key in keys - {"from", "to", "from_"}:
            raise spec_error(
                f"unknown key {key!r} in a date range",
                did_you_mean(str(key), ["from", "to"]) or "a range has only 'from' and 'to'",
            )
        if "from" not in value and "from_" not in value or "to" not in value:
            raise spec_error(
                "a date range needs both 'from' and 'to'",
                "write when: {from: 2018-12-24, to: 2018-12-28}",
            )
        start = _parse_date_only(value.get("from", value.get("from_")), "from")
        end = _parse_date_only(value["to"], "to")
        if start > end:
            raise spec_error(
                f"date range from {start} to {end} ends before it starts",
                "swap 'from' and 'to'",
            )
        return DateRange(**{"from": start, "to": end})
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise spec_error(
        f"cannot read {value!r} as a date, a date and time, or a range",
        "write 2018-12-27, 2018-12-27T16:30 (with timezone:), or {from: ..., to: ...}",
    )


#: the date this module was imported (days up to it are in the past at any later time)
_IMPORT_DAY = date.today()


def _check_era(when: date | datetime | DateRange) -> None:
    """Refuse event dates outside the era of daily prices: before 1950 or in the future."""
    days = [when.from_, when.to] if isinstance(when, DateRange) else [when]
    for d in days:
        day = d.date() if isinstance(d, datetime) else d
        # a day up to the import date is never in the future: ask the clock only after it
        if day < FIRST_EVENT_DATE or (day > _IMPORT_DAY and day > date.today()):
            today = date.today()
            raise spec_error(
                f"date {day.isoformat()} is outside the era of daily market prices "
                f"({FIRST_EVENT_DATE.isoformat()} to today, {today.isoformat()})",
                "check the year (a typo such as 2918 for 2018?)")


def _parse_date_only(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise spec_error(
            f"range '{name}' must be a date, got {value!r}", "write it as YYYY-MM-DD"
        ) from None


def _check_offset_matches_zone(when: datetime, zone: str | None) -> None:
    """Refuse a time whose UTC offset contradicts the event's ``timezone``.

    ``2018-12-27T16:30+08:00`` with ``timezone: America/New_York`` names two
    different instants (16:30 in Beijing, or 16:30 in New York); which one
    the author meant is unknowable, and the day 0 of either could differ.
    """
    if zone is None:
        return
    expected = when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    given = when.utcoffset()
    if expected is not None and given is not None and expected != given:
        def hours(delta: Any) -> str:
            minutes = int(delta.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

        local = when.replace(tzinfo=None).isoformat(timespec="minutes")
        raise spec_error(
            f"time {when.isoformat()} has offset {hours(given)}, but timezone "
            f"{zone} is {hours(expected)} at that moment",
            f"drop the offset to mean {local} in {zone}, or drop 'timezone' "
            "to keep the moment the offset gives",
        )


class Event(_Frozen):
    """A piece of news with the time it became public.

    ``timezone`` is declared before ``when`` so ``when`` can check that a
    time of day comes with a zone.
    """

    id: Ident
    title: str = ""
    timezone: Annotated[str | None, AfterValidator(_check_timezone)] = None
    when: date | datetime | DateRange
    note: str | None = None
    url: str | None = None

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: Any, info: ValidationInfo) -> Any:
        parsed = _parse_when(value)
        _check_era(parsed)
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            # an invalid zone is missing from info.data and reported on its own
            if "timezone" in info.data and info.data["timezone"] is None:
                raise spec_error(
                        f"time {value!s} has no time zone",
                        "add 'timezone: America/New_York' (or the zone of the news) "
                    "to the event, or an offset such as 2018-12-27T16:30-05:00",
                )
        if isinstance(parsed, datetime) and parsed.tzinfo is not None:
            _check_offset_matches_zone(parsed, info.data.get("timezone"))
        return parsed

    @property
    def kind(self) -> str:
        """``"datetime"``, ``"date"`` or ``"range"``."""
        if isinstance(self.when, DateRange):
            return "range"
        return "datetime" if isinstance(self.when, datetime) else "date"

    @property
    def span(self) -> tuple[date, date]:
        """First and last calendar day of the news (the same day unless ``when`` is a range)."""
        w = self.when
        if isinstance(w, DateRange):
            return w.from_, w.to
        day = w.date() if isinstance(w, datetime) else w
        return day, day


def _as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


def _nonempty_targets(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise spec_error("a claim needs at least one asset or group",
                         "write assets: GM, or assets: [GM, F], or a group name")
    return value


class Claim(_Frozen):
    """A sentence from the source and what it asserts about prices."""

    id: Ident
    text: str
    event: str
    assets: Annotated[tuple[Ticker, ...], BeforeValidator(_as_tuple),
                      AfterValidator(_nonempty_targets)]
    window: CheckedWindow
    direction: Direction
    #: a claim the reader asked about: answered first, with the headline chart
    #: (when no claim sets it, the first claim is the headline)
    headline: bool = False
    #: what the claim is about: the price (``return``, judged by the verdict
    #: rule), trading volume (abnormal log volume) or volatility (variance
    #: ratio); ``up`` = more volume / higher volatility
    measure: Literal["return", "volume", "volatility"] = "return"


class Study(_Frozen):
    """A complete event study: events, assets, windows, model and claims.

    Build it from a file with :meth:`Study.from_yaml` or directly in Python
    with the same field names (``Study(title=..., assets=[...], ...)``). Both
    check every field and every reference and raise one
    :class:`~eventstudy.exceptions.SpecError` listing all problems.
    """

    title: str
    source: Source | None = None
    data: DataSpec = DataSpec()
    model: ModelSettings = ModelSettings()
    event_windows: tuple[CheckedWindow, ...] = ((0, 0), (0, 1), (-1, 1))
    assets: tuple[Asset, ...]
    groups: dict[Ident, tuple[Ticker, ...]] = Field(default_factory=dict)
    events: tuple[Event, ...]
    context_events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    analyses: Analyses = Analyses()
    path: Path | None = Field(default=None, exclude=True)

    def __init__(self, /, **data: Any) -> None:
        from eventstudy.exceptions import SpecError

        issues = self._validate_once(data)
        if issues:
            raise SpecError([issue.to_spec_issue() for issue in issues])

    def _validate_once(self, data: dict[str, Any], base_dir: Path | None = None
                       ) -> list[RawIssue]:
        """Validate ``data`` into this instance (one pydantic pass) and list every problem.

        The pydantic errors of that pass plus the cross-field checks of
        :func:`eventstudy.spec.checks.issues_with`; ``base_dir`` (the study
        file's folder) also checks that referenced files exist.
        """
        from eventstudy.spec.checks import issues_with

        try:
            super().__init__(**data)
        except ValidationError as exc:
            return issues_with(data, exc, base_dir)
        return issues_with(data, None, base_dir)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Study:
        """Load and validate a study file.

        Parameters
        ----------
        path
            The YAML study file.

        Returns
        -------
        Study
            The frozen study, with :attr:`path` set to the file.

        Raises
        ------
        SpecError
            Listing every problem with ``file:line:col: field: message (fix)``.
        """
        from eventstudy.spec.load import load_study

        return load_study(path)

    # ---------------------------------------------------------------- helpers
    def resolve(self, relative: str | Path) -> Path:
        """Resolve a path from the study file against the file's folder."""
        p = Path(relative)
        if p.is_absolute() or self.path is None:
            return p
        return Path(self.path).parent / p

    def _lookup(self, name: str, items: tuple[Any, ...], key: str) -> dict[str, Any]:
        """``key`` -> first item of ``items`` with it, built once per ``items`` object.

        Kept in the instance ``__dict__`` beside the fields (pydantic compares and
        dumps fields only); a copy with other ``items`` rebuilds it.
        """
        cached = self.__dict__.get(name)
        if cached is None or cached[0] is not items:
            found: dict[str, Any] = {}
            for item in items:
                found.setdefault(getattr(item, key), item)
            cached = (items, found)
            self.__dict__[name] = cached
        return cached[1]

    def asset(self, ticker: str) -> Asset:
        """Return the asset with this ticker."""
        return self._lookup("_asset_by_ticker", self.assets, "ticker")[ticker]

    def event(self, event_id: str) -> Event:
        """Return the event (or context event) with this id."""
        found = self._lookup("_event_by_id", self.events, "id")
        if event_id in found:
            return found[event_id]
        return self._lookup("_context_by_id", self.context_events, "id")[event_id]

    def model_for(self, ticker: str) -> str:
        """Return the model kind of an asset (its own, else the study's)."""
        return self.asset(ticker).model or self.model.kind

    def benchmark_for(self, ticker: str) -> str | None:
        """Return the benchmark of an asset (its own, else the study's), if any."""
        asset = self.asset(ticker)
        if self.model_for(ticker) not in BENCHMARK_KINDS:
            return None
        return asset.benchmark or self.model.benchmark

    def claim_tickers(self, claim: Claim) -> tuple[str, ...]:
        """Return the tickers a claim is about, groups expanded, in order."""
        out: list[str] = []
        for name in claim.assets:
            for t in self.groups.get(name, (name,)):
                if t not in out:
                    out.append(t)
        return tuple(out)
