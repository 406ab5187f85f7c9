"""The editable subject -> ticker mapping (``assets.yaml``) and subject matching.

The default mapping ships with the package as ``eventstudy/draft/assets.yaml``;
``load_mapping(path)`` reads another file of the same shape. Suggested models:
subjects of kind ``index``, ``commodity`` or ``volatility`` get a constant-mean
model (an index is the market; a market model on itself is meaningless, and a
commodity's beta on stocks is not a useful normal return); ``stock`` and
``etf`` subjects get a market model on their ``benchmark`` (default ``^GSPC``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ruamel.yaml import YAML, YAMLError

from eventstudy.exceptions import DraftError

KINDS = ("index", "stock", "etf", "commodity", "volatility")
DEFAULT_BENCHMARK = "^GSPC"


@dataclass(frozen=True)
class Subject:
    """One subject of the mapping: how articles name it and which tickers stand for it."""

    key: str
    aliases: tuple[str, ...]
    tickers: tuple[tuple[str, str], ...]  # (ticker, display name)
    kind: str
    benchmark: str | None = None
    note: str = ""

    @property
    def model(self) -> str:
        """Suggested normal-return model kind for this subject's tickers."""
        return "market" if self.kind in ("stock", "etf") else "constant_mean"


@dataclass(frozen=True)
class SubjectMatch:
    """A subject named in the article."""

    subject: Subject
    text: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Mapping:
    """All subjects, with one compiled pattern per alias (longest first)."""

    subjects: tuple[Subject, ...]
    source: str
    _patterns: tuple[tuple[re.Pattern[str], Subject], ...] = field(repr=False, default=())
    _aliases: tuple[str, ...] = field(repr=False, default=())

    def find(
        self, sentence: str, *, sentence_index: int = -1, offset: int = 0
    ) -> list[SubjectMatch]:
        """Every non-overlapping subject mention in ``sentence``, in order.

        Left to right, the longest alias starting at a word wins. Only the
        aliases whose first word is the word at hand are tried (an index by
        first word), so the cost grows with the sentence, not with the mapping.
        """
        index = _first_word_index(self)
        found: list[SubjectMatch] = []
        end = 0
        for tok in _TOKEN.finditer(sentence):
            if tok.start() < end:
                continue
            t = tok.group(0).lower().replace(".", "")
            tried = index.get(t) or index.get(t[:-1] if t.endswith("s") else "") or index.get(
                t[:-2] if t.endswith("es") else "") or (
                # "consumer-discretionary shares": an alias written with a hyphen
                index.get(t.split("-")[0]) if "-" in t else None)
            for pattern, subject in tried or ():
                m = pattern.match(sentence, tok.start())
                if m and subject.kind in ("stock", "etf") and (_FOREIGN.search(
                        sentence, max(0, tok.start() - 60), tok.start()) or _FOREIGN_LED.search(
                        sentence, max(0, tok.start() - 100), tok.start())):
                    m = None  # "Italian lenders" are not the US banks of the mapping
                if m and subject.kind == "index" and _MEMBERS_OF.search(
                        sentence, max(0, tok.start() - 50), tok.start()):
                    m = None  # "Financial shares in the S&P 500 rose": the sector moved
                if m and _LIKE.match(sentence, m.end()):
                    m = None  # "China's Nasdaq-style board": a likeness, not the index
                if m and _LISTING.match(sentence, m.end()) and sentence[
                        max(0, m.start() - 1):m.start()] == "(":
                    # "Shares of Apple (NASDAQ: AAPL)": the exchange a company is listed
                    # on, not the index's move
                    m = None
                    end = tok.end()
                    break
                if m:
                    found.append(SubjectMatch(subject, m.group(0), sentence_index,
                                              offset + m.start(), offset + m.end()))
                    end = m.end()
                    break
        return found


# a sector qualified by another country or region names that country's companies, not the
# (US-listed) tickers of the mapping's sector: left unmatched, so the move is marked for review
_FOREIGN = re.compile(
    r"\b(?:European|Europe's|euro[- ]zone|Italian|Italy's|German|Germany's|French|France's"
    r"|Spanish|Spain's|British|Britain's|UK|Swiss|Dutch|Turkish|Turkey's|Japanese|Japan's"
    r"|Chinese|China's|Asian|Asia's|Hong\s+Kong|Korean|Indian|Australian|Canadian|Mexican"
    r"|Brazilian|Russian"
    # a regional index's sector gauge: "The Stoxx Europe 600 Banks index", "Euro Stoxx Banks"
    r"|(?:STOXX|Stoxx)\s+Europe\s+\d+|Euro\s+(?:STOXX|Stoxx)(?:\s+\d+)?|FTSE\s+\d+"
    r"|Topix|Nikkei|Hang\s+Seng)\s+"
    # the qualifier distributes over a coordination: "Italian government bonds and bank shares"
    r"(?:(?:[\w-]+\s+){1,3}(?:and|&)\s+)?$")
#: the leaders of a foreign market's move are that market's companies: "European stocks
#: fell, led by automakers" (Europe's carmakers, not the mapping's US automakers)
_FOREIGN_LED = re.compile(_FOREIGN.pattern.removesuffix(
    r"(?:(?:[\w-]+\s+){1,3}(?:and|&)\s+)?$") + r"(?:[\w-]+\s+)?(?:stocks|shares|equities"
    r"|markets|bourses)\b[^.;]{0,60}?\bled\s+(?:\w+\s+)?by\s+(?:(?:the|gains\s+in|losses\s+in)"
    r"\s+)?$")
#: an index named as the set a sector's shares belong to: "Financial shares in the S&P 500",
#: "the tech sector of the S&P 500" -- the sector moved, not the index
_MEMBERS_OF = re.compile(r"\b(?:shares|stocks|sectors?|companies|names|groups|members"
                         r"|components|constituents|firms)\s+(?:in|of)\s+the\s+$",
                         re.IGNORECASE)
#: a name used for a likeness: "China's Nasdaq-style board", "a Lehman-like collapse"
_LIKE = re.compile(r"-(?:style|like|type)\b", re.IGNORECASE)
#: the rest of a listing after the exchange's name: "(NASDAQ: AAPL)", "(NYSE:GE)"
_LISTING = re.compile(r"\s*:\s*[A-Z][A-Z.\-]{0,6}\s*\)")
_TOKEN = re.compile(r"[\w&]+(?:[.-][\w&]+)*")
_INDEXES: dict[int, dict[str, list[tuple[re.Pattern[str], Subject]]]] = {}


def _first_word_index(mapping: Mapping) -> dict[str, list[tuple[re.Pattern[str], Subject]]]:
    """Alias patterns by the lower-cased first word of the alias (longest alias first)."""
    key = id(mapping._patterns)
    if key not in _INDEXES:
        index: dict[str, list[tuple[re.Pattern[str], Subject]]] = {}
        for (pattern, subject), alias in zip(mapping._patterns, mapping._aliases, strict=True):
            first = alias.split()[0].lower().replace(".", "")
            index.setdefault(first, []).append((pattern, subject))
        _INDEXES[key] = index
    return _INDEXES[key]


def _alias_pattern(alias: str) -> re.Pattern[str]:
    words = alias.split()
    parts = []
    for w in words:
        if w.upper() == "US":
            parts.append(r"U\.?S\.?")
        else:
            parts.append(re.escape(w))
    if len(parts) > 1 and words[-1].lower() in ("markets", "market"):
        # "European markets" also as "European stock markets", "equity markets"
        parts[-1] = r"(?:(?:stock|equity|share)\s+)?" + parts[-1]
    body = r"(?:\s+|-)".join(parts)
    if alias[-1].isalpha() and words[-1].upper() != "US":
        body += "(?:s|es)?"
    acronym = sum(c.isupper() for c in alias) >= 2 and not any(c.islower() for c in alias)
    return re.compile(rf"(?<![\w.]){body}(?![\w])", 0 if acronym else re.IGNORECASE)


def _fail(source: str, where: str, what: str) -> DraftError:
    return DraftError(
        f"{source}: {where}: {what}",
        hint="see the comment at the top of eventstudy/draft/assets.yaml for the format",
    )


def load_mapping(path: str | Path | None = None) -> Mapping:
    """Read a subject mapping file (default: the one shipped with the package, read once).

    Raises
    ------
    DraftError
        If the file is missing, is not YAML, or an entry lacks aliases/tickers
        or has an unknown ``kind``.
    """
    if path is None:
        return _default_mapping()
    return _load_mapping(path)


@functools.lru_cache(maxsize=1)
def _default_mapping() -> Mapping:
    return _load_mapping(None)


def _load_mapping(path: str | Path | None) -> Mapping:
    """Read a subject mapping file (default: the one shipped with the package).

    Raises
    ------
    DraftError
        If the file is missing, is not YAML, or an entry lacks aliases/tickers
        or has an unknown ``kind``.
    """
    if path is None:
        source = "eventstudy/draft/assets.yaml"
        text = resources.files("eventstudy.draft").joinpath("assets.yaml").read_text("utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DraftError(f"cannot read mapping file {source}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise DraftError(
                f"cannot read mapping file {source}: not UTF-8 text ({exc.reason} at byte "
                f"{exc.start})", hint="save it as UTF-8 YAML"
            ) from None
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise _fail(source, "YAML", str(exc).splitlines()[0]) from None
    if not isinstance(data, dict) or not isinstance(data.get("subjects"), dict):
        raise _fail(source, "top level", "expected a 'subjects:' mapping")
    subjects = []
    for key, entry in data["subjects"].items():
        where = f"subjects.{key}"
        if not isinstance(entry, dict):
            raise _fail(source, where, "expected a mapping with aliases, kind and tickers")
        aliases = entry.get("aliases") or []
        tickers = entry.get("tickers") or []
        if not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise _fail(source, f"{where}.aliases", "expected a non-empty list of phrases")
        if not tickers:
            raise _fail(source, f"{where}.tickers", "expected a non-empty list of {ticker, name}")
        pairs = []
        for i, t in enumerate(tickers):
            if isinstance(t, str):
                pairs.append((t, t))
            elif isinstance(t, dict) and t.get("ticker"):
                pairs.append((str(t["ticker"]), str(t.get("name") or t["ticker"])))
            else:
                raise _fail(source, f"{where}.tickers[{i}]", "expected {ticker: ..., name: ...}")
        kind = entry.get("kind", "stock")
        if kind not in KINDS:
            raise _fail(source, f"{where}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        benchmark = entry.get("benchmark")
        if kind in ("stock", "etf") and not benchmark:
            benchmark = DEFAULT_BENCHMARK
        subjects.append(
            Subject(
                key=str(key),
                aliases=tuple(a.strip() for a in aliases),
                tickers=tuple(pairs),
                kind=kind,
                benchmark=benchmark,
                note=str(entry.get("note") or ""),
            )
        )
    ordered = sorted(
        ((a, s) for s in subjects for a in s.aliases), key=lambda x: len(x[0]), reverse=True
    )
    patterns = tuple((_alias_pattern(a), s) for a, s in ordered)
    return Mapping(tuple(subjects), source, patterns, tuple(a for a, _ in ordered))


#: a company's shares named by a pronoun or a definite noun at a clause start:
#: "Its shares sank 10 percent", "The shares rose", "They jumped 5.9 percent"
_ANAPHOR = re.compile(
    r"(?:^|(?<=[,;]\s)|(?<=\band\s))(?:They|Its\s+(?:shares|stock)|The\s+(?:shares|stock)"
    r"|Their\s+shares)(?=\s+(?:\w+ly\s+)?(?P<verb>\w+))"
    # an index named back, also in the past perfect: "It had jumped 1.6 per cent on Monday"
    r"|^(?P<index>It|The\s+(?:index|gauge|benchmark(?:\s+index)?))"
    r"(?=\s+(?:had\s+)?(?:\w+ly\s+)?(?P<verb2>\w+))")

#: the shares a causative participle moves, named by a pronoun: "Boeing raised its forecast,
#: sending its shares up 1.3 percent that day", "... sending the stock sharply higher"
_SENT_ANAPHOR = re.compile(
    r"\b(?:sending|sent|lifting|lifted|pushing|pushed|driving|drove|knocking|knocked"
    r"|dragging|dragged)\s+(?P<ana>(?:its|their|the)\s+(?:shares|stock))\b")


def anaphoric_mentions(
    sentence: str, found: list[SubjectMatch], last: SubjectMatch | None, *,
    sentence_index: int = -1, offset: int = 0, is_move: Callable[[str], bool] = bool,
    last_index: SubjectMatch | None = None,
) -> list[SubjectMatch]:
    """Mentions of the last company named, told by "Its shares" / "The stock" / "They".

    Only before a move verb (``is_move`` on the word after the pronoun), or as the
    object of a causative participle ("sending its shares up"), and only when no
    subject is named earlier in the sentence than the pronoun; ``last`` is the last
    stock named before (this sentence's earlier mentions first). "It" / "The index" /
    "The gauge" opening a sentence stand for ``last_index``, the index named in the
    sentence just before ("The Hang Seng Index fell 0.4 per cent. It had jumped 1.6 per
    cent on Monday ...").
    """
    out = []
    for m in [*_ANAPHOR.finditer(sentence), *_SENT_ANAPHOR.finditer(sentence)]:
        if m.re is _ANAPHOR and (not m.group(0)[0].isupper() or not is_move(
                m.group("verb") or m.group("verb2"))):
            continue
        if m.re is _ANAPHOR and m.group("index"):
            if last_index is not None and not found:
                out.append(SubjectMatch(last_index.subject, m.group(0), sentence_index,
                                        offset + m.start(), offset + m.end()))
            continue
        start, end = m.span("ana") if m.re is _SENT_ANAPHOR else m.span()
        before = [f for f in found if f.end - offset <= start and f.subject.kind == "stock"]
        if any(f.end - offset <= start for f in found if f.subject.kind != "stock"):
            continue
        ref = before[-1] if before else last
        if ref is None or ref.subject.kind != "stock":
            continue
        out.append(SubjectMatch(ref.subject, sentence[start:end], sentence_index,
                                offset + start, offset + end))
    return out
