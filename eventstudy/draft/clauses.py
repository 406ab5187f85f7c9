"""A light reader of clauses and their tense, written by hand.

Why by hand: a statistical parser would do this better, but spaCy's English
models are not on PyPI (they are downloaded from GitHub releases, which an
offline ``pip install`` cannot reach), and NLTK's taggers need a data
download too; the draft must also be reproducible. News copy is regular
enough for a small reader: a sentence is split into *clauses* at

* coordinators that join two finite clauses (``and``, ``but``, ``while``,
  ``whereas``, ``yet``; "Apple and Goldman Sachs dragged ..." is one clause:
  the left part has no verb of its own),
* subordinators (``after``, ``before``, ``since``, ``when``, ``as``,
  ``because``, ``although``, ``if``, ``until``, ``once``, ``following``,
  ``a day after``, ...),
* relative markers (``which``, ``who``, ``whose``, ``where``, a ``that``
  after a noun),
* reported speech (``said that``, ``said`` + a clause, ``told reporters``),
* participial clauses after a comma (", sending Wall Street lower"), and
  ``;``, ``:`` and dashes.

Each clause gets its *verb group* (the first finite verb with its
auxiliaries) and a tense: ``past``, ``present``, ``present_perfect``,
``past_perfect``, ``future`` (will, shall, 'll, is to, is expected/set/due/
scheduled/going to, plans to), ``conditional`` (would, could, may, might,
should), or ``none`` (no finite verb: a phrase, or a participle).

The lexicon is small and English news-specific: regular ``-ed``/``-s``/``-ing``
forms of the verbs in :data:`VERBS` and the irregular forms in
:data:`_IRREGULAR`. A word after a determiner ("the report", "a cut") is a
noun, not a verb.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

#: base forms of verbs news copy tells happenings with (regular inflections derived)
VERBS = frozenset("""
accuse add agree aim approach allow announce approve arrest ask await ban bar beat block boost
call cancel cheer claim climb close comment complete conclude confirm consider continue
cost cross cut deal drag decide decline delay deliver deny disclose downgrade drop dump ease
end expect extend face fail fall file fine flag force forecast gain ground guide halt
happen head hike hit hold impose increase issue join jump launch lead leave lift limit
lapse snap slash trim scrap axe
look lose lower maintain meet miss move name note offer open order outline pass pay plan
plunge pledge post predict press promise propose publish raise rally reach react rebound
recover reduce reject release remain report resign resume retaliate return reveal rise
rule run say schedule score see sell send shrug sign signal sink slide slip slump soar
speak spike start stay stop suspend surge sweep take talk target tell threaten top trade
travel trigger tumble turn tweet unveil upgrade vote wait want warn watch weaken weigh
widen win worry write
accept acquire act advance race affect arrive attack attend back become begin blame borrow
break bring buy change charge cite climb collapse come compete contract convene count
cover crash create crimp damage debate debut declare default defend demand depart
deepen delist depend describe detail discuss dismiss double drive earn edge emerge
employ enter escalate estimate exceed exit expand expire explain export fear fight
finish fire fly follow freeze fuel gather get give go grow halve hand hear help host
hurt import improve include inch indicate inject intervene invest keep kick kill land
lay learn lend let list lobby lodge make mark merge narrow need negotiate nominate
oppose outperform overtake own pare pause persuade pick place plan plummet point pour
prepare present price print probe produce prompt protest prove provide pull push put
quit rate rebound receive recall recommend record reiterate relax rely renew repeat
replace reply request require resolve respond restart restrict resume retreat review
revise rise roll sack save scale scrap seek seem set settle shed shift show shut skid
slash slow soften solve spark spend spur stall stand steady step stem strike study
submit succeed suffer suggest supply support surprise survive tank tap tighten total
track transfer treat trim try unwind urge use visit weigh welcome withdraw work worsen
reopen reconvene wrap walk storm collapse stumble
""".split())

#: irregular past (and past participle) forms -> base
_IRREGULAR = {
    "said": "say", "told": "tell", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "sank": "sink", "sunk": "sink", "slid": "slide", "held": "hold",
    "met": "meet", "made": "make", "took": "take", "taken": "take", "began": "begin",
    "begun": "begin", "came": "come", "went": "go", "gone": "go", "saw": "see",
    "seen": "see", "got": "get", "gave": "give", "given": "give", "left": "leave",
    "led": "lead", "won": "win", "lost": "lose", "paid": "pay", "sold": "sell",
    "bought": "buy", "spent": "spend", "struck": "strike", "swung": "swing", "sent": "send",
    "shed": "shed", "stood": "stand", "kept": "keep", "brought": "bring",
    "thought": "think", "found": "find", "broke": "break", "broken": "break",
    "drove": "drive", "driven": "drive", "grew": "grow", "grown": "grow", "spoke": "speak",
    "spoken": "speak", "wrote": "write", "written": "write", "swept": "sweep",
    "forecast": "forecast", "cut": "cut", "hit": "hit", "set": "set", "put": "put",
    "quit": "quit", "became": "become", "become": "become", "ran": "run", "hurt": "hurt",
    "upheld": "uphold", "withdrew": "withdraw", "flew": "fly", "chose": "choose",
    # past forms spelt as the base form: "earnings beat estimates late Wednesday" is past
    # (not "spread", "split", "bid": nouns as often -- "the yield spread will narrow",
    # "Apple's stock split takes effect on Friday")
    "beat": "beat", "upset": "upset", "bet": "bet",
}
#: verbs whose past is spelt as the base form: read as past (news told in the past) unless
#: an auxiliary or a modal says otherwise
_PAST_OR_BASE = frozenset("cut hit set put forecast shed quit hurt beat upset bet".split())
#: verbs whose present tense tells a state, not a scheduled happening
STATIVE = frozenset("be remain stay seem appear look mean need want know believe think "
                    "expect hope fear worry say tell add note own hold have contain "
                    "continue trade account represent".split())
SPEECH = frozenset("say tell announce report add state confirm write tweet post declare "
                   "deny disclose reveal warn argue claim note predict promise pledge "
                   "threaten signal".split())

#: words that are verbs only in another form: "lower", "higher" and "close" as adjectives
_ADJECTIVAL = frozenset("lower higher close open top ground cut drop rally gain move report "
                        "plan deal call talk rule trade vote order target record face end "
                        "start hike issue miss offer signal spike surge slump slide return "
                        "cost name note".split())
#: what may stand right before a plural present verb ("Investors next face", "they meet")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
#: relative markers that are the subject of their clause ("which reports on Tuesday")
_SUBJECT_MARKERS = frozenset(("which", "who", "that"))
_PLURAL_LEAD = re.compile(r"(?:[a-z]+s|they|we|you|i|next|now|also|still|often|then|usually)$")
_AFTER_VERB = frozenset("early late at on in for the a an its their higher lower up down today "
                        "tomorrow next this".split())
_DET = frozenset("the a an its their his her our this that these those some any no every "
                 "each of on in at by for with from to into after before about over under "
                 "against than as per new latest".split())
_MODAL_FUTURE = frozenset("will shall 'll ’ll".split())
_MODAL_COND = frozenset("would could may might should can must".split())
_BE_PRESENT = frozenset("is are am 's".split())
_BE_PAST = frozenset("was were".split())
_AUX = frozenset("will would shall should could may might can must is are was were has have "
                 "had 'll ’ll".split())
_PLAN = frozenset("plan plans aim aims intend intends".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|’ll|'ll")

SUBORDINATORS = (
    r"(?:(?:a|one|the|two|three|hours|days|a\s+week|less\s+than\s+a\s+day)\s+(?:day\s+|days\s+)?)?"
    r"(?:after|before|since|until|once|because|although|though|whereas|unless|if|as|when"
    # "Asked ... on Thursday afternoon whether he would meet": a question reported (not
    # a preposition's object, "an investigation into whether car imports threaten ...")
    r"|(?<!\binto\s)(?<!\babout\s)(?<!\bover\s)(?<!\bon\s)(?<!\bof\s)whether"
    r"|following|ahead\s+of|despite)"
    # "after the bell", "before the open": a time of day, not a clause
    r"(?!\s+(?:the\s+)?(?:[\w.]+\s+){0,2}(?:bell|close[ds]?|closing|open|opening|markets?\s+"
    r"(?:had\s+)?(?:closed|opened))\b)"
)
_MARKERS = re.compile(
    r"(?P<punct>;|:(?!\d)|\s[—–]\s|\s--\s|—)"
    r"|(?P<coord>,?\s+\b(?:and|but|while|whereas|yet)\b)"
    rf"|(?P<sub>,?\s*\b{SUBORDINATORS}\b)"
    r"|(?P<rel>,?\s*\b(?:which|who|whose|where|that)\b)"
    r"|(?P<part>,\s+(?=[a-z]+ing\b))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence.

    Attributes
    ----------
    start, end
        Character offsets in the sentence (``sentence[start:end]``).
    kind
        ``main``, ``coordinate``, ``subordinate`` (after/when/as/...), ``relative``
        (which/who/where/that after a noun), ``reported`` (what a speech verb
        reports), ``participial`` (", sending ...") or ``tag`` (", the ministry
        said on Tuesday." after what it reports).
    marker
        The word(s) that opened the clause, lower case (``after``, ``a day after``,
        ``and``, ``which``); empty for the first clause.
    verb
        The verb group (``will meet``, ``had been closed``, ``jumped``), or ``""``.
    base
        The lexical verb's base form (``meet``, ``close``, ``jump``), or ``""``.
    tense
        ``past``, ``present``, ``present_perfect``, ``past_perfect``, ``future``,
        ``conditional`` or ``none``.
    head
        Index of the clause this one depends on (-1 for the first clause).
    """

    start: int
    end: int
    kind: str
    marker: str
    verb: str
    base: str
    tense: str
    head: int

    @property
    def future(self) -> bool:
        """Whether the clause tells something still to come (future or conditional)."""
        return self.tense in ("future", "conditional")


def base_form(word: str) -> str | None:
    """Return the base form if ``word`` is a form of a known verb, else ``None``."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in VERBS:
        return w
    for suffix, add in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""),
                        ("s", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix):
            stem = w[: -len(suffix)] + add
            if stem in VERBS:
                return stem
            if suffix in ("ed", "ing") and len(stem) > 2 and stem[-1] == stem[-2] and \
                    stem[:-1] in VERBS:  # "dropped", "slipping"
                return stem[:-1]
    return None


def _form(word: str) -> str:
    """Classify a verb form: ``past`` (-ed / irregular past), ``s``, ``ing`` or ``base``."""
    w = word.lower()
    if w.endswith("ing"):
        return "ing"
    if w in _IRREGULAR and w not in _PAST_OR_BASE and w != "become":
        return "past"
    if w.endswith("ed"):
        return "past"
    if w.endswith("s") and not w.endswith("ss"):
        return "s"
    if w in _PAST_OR_BASE:
        return "past_or_base"
    return "base"


def verb_group(text: str, lead: str = "") -> tuple[str, str, str, int]:
    """Return ``(verb group, base, tense, offset)`` of the first finite verb in ``text``.

    ``("", "", "none", -1)`` when the text has none (a phrase, or a participle alone).
    ``lead`` is the word before ``text`` when it stands for the subject (a relative
    marker: "which reports on Tuesday" -- a present verb right after it).
    """
    toks = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    for i, (w, pos) in enumerate(toks):
        lw = w.lower().replace("’", "'")
        prev = toks[i - 1][0].lower() if i else lead.lower()
        nxt = [t[0].lower() for t in toks[i + 1: i + 5]]
        if lw in _MODAL_FUTURE or lw in _MODAL_COND:
            tense = "future" if lw in _MODAL_FUTURE else "conditional"
            if lw == "must" or (lw == "may" and w[0].isupper()):
                tense = "future" if lw == "must" else "none"
                if tense == "none":
                    continue  # "May" the month
            j = i + 1
            while j < len(toks) and toks[j][0].lower() in ("not", "also", "still", "now",
                                                          "likely", "probably", "be", "have"):
                j += 1
            base = base_form(toks[j][0]) if j < len(toks) else None
            verb = text[pos: toks[j][1] + len(toks[j][0])] if j < len(toks) else w
            return verb, base or "", tense, pos
        if lw in ("had", "has", "have") and prev not in _DET:
            j = i + 1
            while j < len(toks) and (toks[j][0].lower().endswith("ly") or toks[j][0].lower() in (
                    "not", "also", "already", "just", "been", "since", "now", "still")):
                j += 1
            nb = base_form(toks[j][0]) if j < len(toks) else None
            if nb is not None and _form(toks[j][0]) in ("past", "past_or_base", "base") or (
                    j > i + 1 and toks[j - 1][0].lower() == "been"):
                tense = "past_perfect" if lw == "had" else "present_perfect"
                return text[pos: toks[j][1] + len(toks[j][0])] if j < len(toks) else w, \
                    nb or "be", tense, pos
            if lw in ("has", "have") and nxt[:1] == ["to"]:
                return w + " to", "", "future", pos  # "has to decide by Friday"
            if lw == "had" and nxt[:1] == ["to"]:
                return w + " to", "", "past", pos
            tense = "past" if lw == "had" else "present"
            return w, "have", tense, pos
        if lw in _BE_PRESENT or lw in _BE_PAST:
            if prev in ("there",) and lw in _BE_PRESENT:
                return w, "be", "present", pos
            rest = " ".join(nxt[:3])
            if lw in _BE_PRESENT and (
                    re.match(r"(?:\w+ly\s+)?(?:expected|set|due|scheduled|slated|going|poised"
                             r"|about|likely)\s+to\b|to\s+\w+", rest)):
                return f"{w} {rest}", "", "future", pos
            j = i + 1
            while j < len(toks) and (toks[j][0].lower().endswith("ly") or toks[j][0].lower() in (
                    "not", "also", "still", "being", "now")):
                j += 1
            nb = base_form(toks[j][0]) if j < len(toks) else None
            past = lw in _BE_PAST
            if lw in _BE_PAST and re.match(r"(?:expected|set|due|scheduled|slated|going)\s+to\b",
                                           rest):
                return f"{w} {rest}", "", "conditional", pos  # "was due to meet": future-in-past
            return (text[pos: toks[j][1] + len(toks[j][0])] if nb and j < len(toks) else w,
                    nb or "be", "past" if past else "present", pos)
        base = base_form(w)
        if base is None or prev in _DET or (w[0].isupper() and i and base not in VERBS):
            continue
        form = _form(w)
        if form == "ing":
            continue  # a participle is not finite
        if lw in _PLAN or (base in ("plan", "aim", "intend") and nxt[:1] == ["to"]):
            if form in ("s", "base"):
                return f"{w} to", base, "future", pos
        ahead = [t[0].lower() for t in toks[i + 2: i + 8]]
        if base == "expect" and form in ("s", "base") and "to" in ahead and (
                _PLURAL_LEAD.match(prev) or form == "s") and base_form(
                    (ahead + [""])[ahead.index("to") + 1]) is not None:
            # "Economists expect the ECB to cut its projections on Thursday": a forecast of a
            # happening still ahead (its subject's expecting is a state, its object's act is
            # the news); "expects sales to rise" likewise
            return f"{w} ... to", base, "future", pos
        if form == "past" and nxt[:1] == ["by"] and prev not in ("was", "were", "is", "are",
                                                                "be", "been", "had", "has"):
            continue  # "a delegation led by Mnuchin": a participle modifying a noun
        if form == "past":
            return w, base, "past", pos
        if form == "past_or_base":
            return w, base, "past", pos
        if form == "s" and (i or lead) and not prev.endswith(("'s", "’s")) and not (
                prev.endswith("ing") and i > 1 and toks[i - 2][0].lower() in _DET):
            # ("their starting points": a noun phrase)
            nw = nxt[0] if nxt else ""
            if nw in _AUX or (base_form(nw) is not None and _form(nw) == "past"):
                continue  # "Oil prices rose", "Trade talks will resume": a plural noun
            return w, base, "present", pos
        if form == "base" and i and not w[0].isupper() and (
                lw not in _ADJECTIVAL or prev in ("they", "we", "next", "now", "also", "still")
                # "U.S. markets close early on Friday": a plural noun, the verb, an adverb
                or (prev.endswith("s") and nxt[:1] and nxt[0] in _AFTER_VERB)
                or _compound_names(toks, i)
        ) and (_PLURAL_LEAD.match(prev) or _compound_names(toks, i) or _plural_head(toks, i)
               ) and prev not in ("its", "is", "was", "has", "this"):
            return w, base, "present", pos
    return "", "", "none", -1


def _plural_head(toks: list[tuple[str, int]], i: int) -> bool:
    """Whether a base form at ``i`` agrees with a plural noun opening the text.

    "Markets in Shanghai and Shenzhen reopen on Tuesday": the subject's head is the
    first word, a plural, and a place phrase stands between it and its verb.
    """
    head = toks[0][0]
    # (a prepositional phrase may name several things: "Preorders for the XS and XS Max
    # begin on Friday")
    reach = 10 if len(toks) > 1 and toks[1][0].lower() in ("for", "of", "in", "from", "at",
                                                           "on") else 6
    return 1 < i <= reach and head[:1].isupper() and head.lower().endswith("s") and (
        base_form(head) is None or head.lower() in _ADJECTIVAL) and all(
        base_form(w) is None or w[:1].isupper() for w, _ in toks[1:i])


def _compound_names(toks: list[tuple[str, int]], i: int) -> bool:
    """Whether the tokens before ``i`` are names joined by "and": a plural subject.

    "Procter & Gamble Co. and Johnson & Johnson report Tuesday".
    """
    nxt = toks[i + 1][0].lower() if i + 1 < len(toks) else ""
    if not (nxt in _AFTER_VERB or nxt in _WEEKDAYS or nxt in ("after", "before")):
        return False  # "Chinese and U.S. trade teams": "trade" names the teams
    return i > 2 and toks[i - 1][0][:1].isupper() and any(
        t.lower() == "and" for t, _ in toks[1:i - 1]) and all(
        # ("Goldman Sachs and Bank of America report Wednesday": "of" inside a name)
        t[:1].isupper() or t.lower() in ("and", "&", "co", "inc", "corp")
        or (t == "of" and 0 < k < i - 1 and toks[k - 1][0][:1].isupper()
            and toks[k + 1][0][:1].isupper()) for k, (t, _) in enumerate(toks[:i]))


def _has_verb(text: str) -> bool:
    return verb_group(text)[2] != "none"


_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told\s+(?:\w+\s+){0,2}?(?=that\b)|told\s+(?:reporters|analysts|investors"
    r"|clients|employees|lawmakers|CNBC|Reuters|Bloomberg)|announced|reported|added|stated"
    r"|confirmed|warned|argued|noted|predicted|tweeted|wrote|disclosed|revealed)\b",
    re.IGNORECASE,
)


#: a lower-case noun and an -s word opening what follows a speech verb: "announced tax
#: cuts", "reported job losses" (a compound noun, not a subject and its verb; "it cuts",
#: "China cuts" are)
_NOUN_PAIR = re.compile(r"\s*(?!(?:it|he|she|this|that|which|who|one)\s)([a-z][a-z-]+)\s+"
                        r"([a-z]+s)\b")
_SPEECH_DATE = re.compile(r"\s+(?:on\s+)?(?:late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday"
                          r"|Friday|Saturday|Sunday|today|yesterday)\b", re.IGNORECASE)
#: an "as" of a comparison, not a clause: "the same time as", "such as", "as much as"
_COMPARISON_AS = re.compile(r"\b(?:same(?:\s+\w+)?|such|as\s+[\w-]+|well)\s*,?\s*$",
                            re.IGNORECASE)
_TAG = re.compile(r",\s+(?=(?:the\s+)?(?:[A-Z][\w.'’&-]*\s+|of\s+|the\s+){1,10}"
                  r"(?:said|announced|reported|told\s+\w+|confirmed|stated|added)\b[^,;]*$)")


_NAME_ONLY = re.compile(r"\s*(?:[A-Z][\w.&'’-]*\s*)+")


def _appositive_subject(after: str) -> bool:
    """Whether ``after`` (what follows a speech verb) is a name, an apposition, then a verb.

    "General Electric, an original member of the Dow, would be replaced ...": the name
    and its apposition have no verb; the third part opens with one.
    """
    parts = re.split(r"[,;]", after, maxsplit=2)
    if len(parts) < 3 or not _NAME_ONLY.fullmatch(parts[0]) or _has_verb(parts[1]):
        return False
    verb, _, tense, at = verb_group(parts[2])
    return tense != "none" and not parts[2][:at].strip()


@functools.lru_cache(maxsize=4096)
def split_clauses(sentence: str) -> tuple[Clause, ...]:
    """Split ``sentence`` into clauses, each with its verb group and tense (module docs)."""
    cuts: list[tuple[int, int, str, str]] = []  # (marker start, clause start, kind, marker)
    for m in _MARKERS.finditer(sentence):
        word = " ".join(m.group(0).strip(" ,").lower().split())
        if m.lastgroup == "punct":
            cuts.append((m.start(), m.end(), "coordinate", ""))
        elif m.lastgroup == "coord":
            cuts.append((m.start(), m.end(), "coordinate", word))
        elif m.lastgroup == "sub":
            if word == "as" and (_COMPARISON_AS.search(sentence, max(0, m.start() - 30),
                                                       m.start() + 1)
                                 or re.match(r"\s+[\w-]+\s+as\b", sentence[m.end():])):
                continue  # "at the same time as Tesla", "as much as 4.8%": a comparison
            cuts.append((m.start(), m.end(), "subordinate", word))
        elif m.lastgroup == "rel":
            if word == "that":
                before = sentence[max(0, m.start() - 120): m.start()]
                # "said that", "told reporters that", "said on Thursday that"
                if re.search(_SPEECH_VERB.pattern + r"(?:\s+[\w.'’]+){0,3}\s*$", before[-80:],
                             re.IGNORECASE):
                    cuts.append((m.start(), m.end(), "reported", "that"))
                    continue
                prev = re.search(r"(\w+)\W*$", before[-40:])
                if prev is None or prev.group(1).lower() in _DET or (
                        base_form(prev.group(1)) and _form(prev.group(1)) in ("past", "s")):
                    continue  # "so that", a demonstrative, a complement ("showed that")
            cuts.append((m.start(), m.end(), "relative", word))
        else:
            cuts.append((m.start(), m.end(), "participial", ""))
    # a speech tag after what it reports: "China will impose tariffs ..., the commission
    # announced Tuesday."
    tag = _TAG.search(sentence)
    if tag is not None:
        cuts.append((tag.start(), tag.end(), "tag", ""))
    # reported speech without "that": "said the talks would resume", "told reporters ..."
    for m in _SPEECH_VERB.finditer(sentence):
        # "said on Thursday he would impose ...": the telling's date stays with the telling
        when = _SPEECH_DATE.match(sentence, m.end())
        at = when.end() if when else m.end()
        after = sentence[at:at + 300]
        if after[:1] in (",", ".") or re.match(r"\s*(?:that|on|in|at|by|late|early|\d)\b",
                                               after, re.IGNORECASE):
            continue
        first = re.split(r"[,;]", after, maxsplit=1)[0]
        verb, _, tense, _ = verb_group(first)
        if tense == "none" and _appositive_subject(after):
            # "said General Electric, an original member of the Dow, would be replaced":
            # the subject named, set off by an apposition, then its verb
            cuts.append((at, at, "reported", "said"))
            continue
        pair = _NOUN_PAIR.match(first)
        if tense == "none" or (tense == "present" and pair is not None and pair.group(2) == verb):
            # "announced tax cuts on Tuesday": a noun pair, the telling's object
            continue
        cuts.append((at, at, "reported", "said"))
    cuts.sort()
    clauses: list[Clause] = []
    pieces: list[tuple[int, int, str, str]] = []
    start, kind, marker = 0, "main", ""
    for ms, cs, k, w in cuts:
        if ms < start:
            continue
        pieces.append((start, ms, kind, marker))
        start, kind, marker = cs, k, w
    pieces.append((start, len(sentence), kind, marker))
    # a coordinator joins clauses only when both sides have a verb of their own
    merged: list[tuple[int, int, str, str]] = []
    verbed: list[bool] = []  # whether each merged piece has a verb of its own
    for p in pieces:
        has = _has_verb(sentence[p[0]:p[1]])
        if merged and p[2] == "coordinate" and p[3] and not (verbed[-1] and has):
            s0, _, k0, w0 = merged[-1]
            merged[-1] = (s0, p[1], k0, w0)
            verbed[-1] = verbed[-1] or has
            continue
        merged.append(p)
        verbed.append(has)
    # ", which traded through most of last week, fell 1.4 percent": a relative clause set
    # off by commas ends at the next comma, where its head clause resumes
    closed: list[tuple[int, int, str, str]] = []
    for s, e, k, w in merged:
        comma = sentence.find(",", s + 1, e)
        if k == "relative" and sentence[max(0, s - 40):s].rstrip().endswith((",", w)) and \
                comma > 0 and \
                sentence[s - len(w) - 2: s - len(w)].strip() == "," and _has_verb(
                    sentence[comma + 1:e]):
            closed.append((s, comma, k, w))
            closed.append((comma + 1, e, "resumed", ""))
            continue
        closed.append((s, e, k, w))
    merged = closed
    heads: list[int] = []
    for i, (s, e, k, w) in enumerate(merged):
        verb, base, tense, _ = verb_group(
            sentence[s:e], lead="it" if k == "relative" and w.lower() in _SUBJECT_MARKERS else "")
        if k == "coordinate" and tense == "none" and w:
            # "and remained strong": a verb phrase sharing the subject -- read from the marker
            verb, base, tense, _ = verb_group(sentence[s - len(w) - 1:e])
        head = i - 1  # the clause it hangs on: the one before it
        if k == "resumed":  # the clause the relative clause interrupted, with its marker
            # ("after TSMC, which makes Apple's chips, cut its forecast": an after-clause)
            head = heads[i - 1]
            k, w = merged[head][2:4] if head >= 0 else ("main", "")
        heads.append(head)
        clauses.append(Clause(s, e, k, w, verb, base, tense, head))
    return tuple(clauses)


@functools.lru_cache(maxsize=4096)
def _starts(sentence: str) -> tuple[int, ...]:
    return tuple(c.start for c in split_clauses(sentence))


def clause_at(sentence: str, pos: int) -> Clause:
    """Return the clause of ``sentence`` that holds character offset ``pos``.

    A position on a marker ("after", ", which") belongs to the clause it opens.
    """
    cl = split_clauses(sentence)
    i = bisect.bisect_right(_starts(sentence), pos) - 1
    if i >= 0 and cl[i].start <= pos < cl[i].end:
        return cl[i]
    if i + 1 < len(cl) and pos >= cl[i].end:
        return cl[i + 1]  # a marker between two clauses: the clause it opens
    return cl[-1]


def governing_tense(sentence: str, pos: int) -> str:
    """Tense that governs a phrase at ``pos``: its clause's, else (no verb) its head's."""
    cl = split_clauses(sentence)
    c = clause_at(sentence, pos)
    seen = 0
    while c.tense == "none" and c.head >= 0 and seen < len(cl):
        c, seen = cl[c.head], seen + 1
    return c.tense
