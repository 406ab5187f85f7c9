"""One event per happening: merging the references the article makes to it.

Events on the same day (or the same range) whose times do not disagree are
merged when they share their keyword or two content words (a name counting
twice), when the later one is a possessive or a back-reference ("Saturday's
meeting", "His departure was announced ..."), when the later one is an undated
cause within two sentences of the earlier sharing a content word, or when it is
a company's own comment on its results ("told analysts on a conference call").
They are kept apart when "also" tells another happening, when another doer is
named, and when one is told late (or early) in a day on which the other is timed
at the other end. Used by :mod:`eventstudy.draft.events`; rules in docs/draft.md.
"""

from __future__ import annotations

import datetime as dt
import re

from eventstudy.draft.moves import move_clauses
from eventstudy.draft.news import TOLD, Happening, doers_differ, names_of, new_doer
from eventstudy.draft.times import CENTRAL_BANKS
from eventstudy.draft.words import DEMONYMS, INSTITUTIONS, STOP_WORDS, content_words

_POSSESSIVE = re.compile(r"(?:'s|’s)$")


# a sentence opening with a back-reference to a happening just told
_BACKREF = re.compile(
    r"\s*(?:His|Her|Its|Their|The|That|This)\s+(?:departure|resignation|exit|decision"
    r"|announcement|statement|remarks|comments|ruling|tweets?|warning|appointment|dismissal"
    r"|firing|ouster|report|news|order|move|offer|proposal)\b")


# a sentence opening with the company just told, named by what it is: "The world's largest
# planemaker, which ...", "The Detroit automaker said ..."
_COMPANY_NAMED_BACK = re.compile(
    r"\s*The\s+(?:[\w'’-]+\s+){0,4}(?:[a-z]*maker|company"
    r"|firm|group|retailer|lender|bank|airline|insurer|manufacturer|giant|conglomerate)"
    # (also "The Chicago-based jetmaker, whose airplane business is ..., said")
    r"(?:\s*,\s*(?:which|whose)|\s+(?:said|reported|posted|released))\b")
# a company's own comment on its results, the same happening as the results
CALL = re.compile(r"\b(?:conference|earnings|investor)\s+call\b|\bcall\s+with\s+analysts\b"
                   r"|\btold\s+analysts\b", re.IGNORECASE)
RESULTS = frozenset({"result", "results", "earning", "earnings", "profit", "loss", "revenue",
                     "forecast", "guidance"})
# "which also reported results": another happening of the same kind
ALSO = re.compile(r"\balso\b", re.IGNORECASE)


def _teller(ev: Happening) -> set[str]:
    """Names (capitalised words) of the text before the speech verb of an undated telling."""
    m = TOLD.search(ev.ref.text)
    head = ev.ref.text[:m.start()] if m else ev.ref.text
    return {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", head)} - STOP_WORDS


#: a named doer right before a news verb: "Microsoft reported", "JPMorgan Chase & Co. said"
def _shared(a: Happening, b: Happening) -> int:
    """Shared content words, a shared name counting twice (a nationality not at all).

    A capitalised common noun of institutions ("Deutsche Bank", "European Central Bank")
    is no name: it counts once.
    """
    shared = (a.words & b.words) - DEMONYMS
    return len(shared) + len(shared & names_of(a) & names_of(b) - INSTITUTIONS)





_GENERIC_BANK = re.compile(r"\bthe\s+central\s+bank\b")


def _banks(ev: Happening) -> set[int]:
    """Return the central banks the event's sentence names, by any of their names."""
    # "The Fed's statement", "Fed policymakers began a two-day meeting"
    text = re.sub(r"(?<!the )\bFed\b", "the Fed", re.sub(r"\bThe\b", "the", ev.sentence.text))
    return {i for i, (p, _) in enumerate(CENTRAL_BANKS) if p.search(text)}


def _same_bank(ev: Happening, g: Happening) -> bool:
    """Whether two same-day happenings are one central bank's act.

    One is "the central bank's" act and both sentences name that one bank ("the Federal
    Reserve's ... stance, a day after the central bank's policymakers penciled in no
    increases" and "The Fed's statement at 2 p.m."), or both are told ahead ("braced for an
    interest-rate increase from the Federal Reserve on Wednesday" and "Fed policymakers ...
    will announce their decision at 2 p.m. on Wednesday": a bank's one scheduled act).
    """
    if not (_GENERIC_BANK.search(ev.ref.text) or _GENERIC_BANK.search(g.ref.text)
            or ev.ref.future and g.ref.future):
        return False
    banks = _banks(ev)
    return len(banks) == 1 and banks == _banks(g)


_LATE = re.compile(r"^\s*(?:late|in\s+the\s+evening|(?:on\s+)?\w+\s+(?:evening|night))\b",
                   re.IGNORECASE)
_EARLY = re.compile(r"^\s*(?:early|in\s+the\s+morning|(?:on\s+)?\w+\s+morning)\b",
                    re.IGNORECASE)


_MONTHS = ("january february march april may june july august september october november "
           "december").split()
#: a report named by the month it covers: "the January report", "March's payrolls data"
_MONTH_REPORT = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")(?:['’]s)?\s+"
                           r"(?:[\w-]+\s+)?(?:report|data|figures|numbers|reading|survey|payrolls)\b")


def _other_month(ev: Happening, g: Happening) -> bool:
    """Whether undated ``ev`` is a report of a month neither ``g`` names nor its day is in.

    "after the January report showed the fastest wage growth" told in March beside "a
    government report showed employers added ... last month": the month's report is an
    earlier release, another happening than the day's report.
    """
    m = _MONTH_REPORT.search(ev.ref.text) if ev.ref.kind == "implied" else None
    if m is None:
        return False
    month = _MONTHS.index(m.group(1).lower()) + 1
    return month != ev.ref.first.month and m.group(1) not in g.ref.text


_SAID = re.compile(r"\b(?:said|told|reported|wrote)\b")


def _reported_name_only(ev: Happening, g: Happening) -> bool:
    """Whether ``ev`` shares with ``g`` only a name its sentence tells as reported speech.

    "Early Thursday, Trump wrote on Twitter that ..." and "Farm-state lawmakers said after a
    meeting on Thursday that Trump had asked his advisers to ...": one name shared, which the
    later sentence's tellers report -- another doer's happening, not the tweet.
    """
    shared = (ev.words & g.words) - DEMONYMS
    if len(shared) != 1 or ev.sentence.index == g.sentence.index:
        return False
    (name,) = shared
    said = _SAID.search(ev.sentence.text)
    at = re.search(rf"\b{re.escape(name)}\b", ev.sentence.text, re.IGNORECASE)
    return said is not None and at is not None and at.start() > said.end() and bool(
        re.search(r"\b[A-Za-z]", ev.sentence.text[:said.start()]))


#: nouns of a release: "Friday's US jobs report", "Thursday's GDP data"
_RELEASES = frozenset("report data figures survey payrolls reading results earnings".split())


def _names_back(ev: Happening, g: Happening) -> bool:
    """Whether a possessive day ("Friday's ...") names back ``g`` rather than a new release.

    "Saturday's meeting", "Thursday's surge" name back the day's happening told before;
    "relief that Friday's US jobs report showed strong hiring" after "the plan agreed at
    Chequers on Friday" names a release of that Friday, another happening -- unless ``g``'s
    sentences tell the release's own words ("a sell-off that began Friday after a strong
    jobs report" + "Friday's report showed ...").
    """
    after = ev.sentence.text[ev.ref.end - ev.sentence.start:][:60]
    head = {w.lower().rstrip(",.;") for w in after.split()[:4]}
    told = {w.lower().strip(",.;:'\"") for m, _ in g.mentions or [(g.sentence, g.ref)]
            for w in m.text.split()}
    return not head & _RELEASES or bool(head & told & _RELEASES) or bool(
        content_words(" ".join(head)) & g.words)


def _other_part_of_day(ev: Happening, g: Happening) -> bool:
    """Whether ``ev`` is told late (or early) in a day on which ``g`` is timed the other end.

    "Late Wednesday" is not a happening timed at 9:30 that morning, nor "early
    Wednesday" one timed after the close: same day, two happenings.
    """
    if g.time is None or ev.time is not None:
        return False
    hour = g.time.time.hour
    # the part of day may follow the weekday: "on Monday morning", "Tuesday evening"
    told = ev.ref.text
    if ev.ref.kind != "implied":
        at = ev.ref.end - ev.sentence.start
        told += ev.sentence.text[at:at + 20]
    return (bool(_LATE.match(told)) and hour < 12) or (
        bool(_EARLY.match(told)) and hour >= 16)


#: an acronym of three to five capitals ("PPI", "GDP", "OPEC")
_ACRONYM = re.compile(r"\b[A-Z]{3,5}\b")


def _spelled_out(a: Happening, b: Happening) -> bool:
    """Whether one event's sentence spells out an acronym the other's names.

    "data ... showed growth of the country's producer price index slowed" and "the
    statistics bureau said Saturday that the PPI ... rose": the initials of consecutive
    words of one spell the other's acronym, one word of news shared.
    """
    for x, y in ((a, b), (b, a)):
        for m in _ACRONYM.finditer(x.sentence.text):
            spelled = r"[\w'’-]*\s+".join(m.group(0))
            if m.group(0) not in y.sentence.text and re.search(
                    rf"\b{spelled}[\w'’-]*", y.sentence.text, re.IGNORECASE):
                return True
    return False


def _day_of_range(events: list[Happening]) -> list[Happening]:
    """Fold a range into a day inside it told of the same kind of news nearby.

    "a rally that followed the iPhone maker's results this week" and "after the company
    reported fiscal second-quarter revenue after the close on Tuesday": one happening,
    on Tuesday (the day says when in the range). Results-kind words (results, revenue,
    earnings, ...) or two shared content words make the same kind; within three
    sentences. A weekend's one happening ("this weekend's dinner meeting") folds into its
    day told with one word of it ("the Saturday dinner") within six sentences -- or with
    the acronym of its words ("producer price index" and "the PPI").
    """
    days: dict[int, list[Happening]] = {}  # by sentence: the look-up stays local (linear)
    for e in events:
        if not e.ref.is_range and e.ref.kind != "implied":
            days.setdefault(e.sentence.index, []).append(e)
    out: list[Happening] = []
    for r in events:
        if not r.ref.is_range:
            out.append(r)
            continue
        # (a weekend's one happening -- "this weekend's dinner meeting" -- and its day told
        # with a word of it -- "the Saturday dinner" -- within six sentences)
        weekend = r.ref.kind == "weekend"
        reach = 6 if weekend else 3
        near = [d for k in range(r.sentence.index - reach, r.sentence.index + reach + 1)
                for d in days.get(k, ())]
        d = next((d for d in near if r.ref.first <= d.ref.first <= r.ref.last
                  and d.sentence.index != r.sentence.index and (
                      (abs(d.sentence.index - r.sentence.index) <= 3 and (
                          (r.words & RESULTS and d.words & RESULTS) or _shared(r, d) >= 2))
                      or (weekend and (_shared(r, d) >= 1 or _spelled_out(r, d))))),
                 None)
        _keep_or_fold(out, r, d)
    return out


def _keep_or_fold(out: list[Happening], r: Happening, d: Happening | None) -> None:
    """Keep ``r`` (no ``d``), or fold its mentions and words into ``d``, its happening."""
    if d is None:
        out.append(r)
        return
    d.mentions.extend(r.mentions)
    d.words |= r.words


#: a sentence opening with a named subject and its verb: "Walt Disney was due to report"
_NAMED_SUBJECT = re.compile(r"\s*((?:[A-Z][\w&.'’-]*\s+){1,5})(?:was|were|is|are|will|would|had"
                            r"|has|said|says|[a-z]+ed)\b")
_NOT_NAMES = frozenset("the a an in on at earlier later its his her their this that after "
                       "before meanwhile separately also "
                       # a title: "CEO Tim Cook announced the cut" may be the company's own
                       "ceo cfo chief chairman chairwoman president executive spokesman "
                       "spokeswoman".split())


def opens_with_new_doer(text: str, g: Happening) -> bool:
    """Whether ``text`` opens with a named doer that ``g``'s sentence does not name.

    "Netflix was due to report its results after the closing bell" after "A Commerce
    Department report showed retail sales rose": Netflix's report, not the department's;
    "Walt Disney was due to report results after the closing bell" after "Earlier, Powell
    said in a speech in Zurich ...": the clock is Disney's, not the details of Powell's
    undated speech told the sentence before.
    """
    m = _NAMED_SUBJECT.match(text)
    if m is None or m.group(1).split()[0].lower() in _NOT_NAMES:
        return False
    named = {w.lower().strip(".,") for w in m.group(1).split()}
    known = names_of(g) | {w.lower() for w in re.findall(r"\b[A-Z][\w&-]+", g.sentence.text)}
    return not named & known


#: a sentence opening with news of a named doer: "Minutes of the Federal Reserve's December
#: meeting, released at 2 p.m., showed ..." (the subject up to its comma or verb)
_NEWS_OF = re.compile(r"\s*(?:(?:The|A|An)\s+)?[A-Za-z][a-z]+\s+(?:of|from)\s+(?:the\s+)?"
                      r"((?:[A-Z][\w&.-]*['’]?s?\s+){1,4})")
_CALENDAR = frozenset("january february march april may june july august september october "
                      "november december monday tuesday wednesday thursday friday saturday "
                      "sunday".split())


def opens_with_news_of_new_doer(text: str, g: Happening) -> bool:
    """Whether ``text`` opens with news of a named doer that ``g``'s sentence does not name.

    "Minutes of the Federal Reserve's December meeting, released at 2 p.m., showed ..."
    after "Shares of Intel fell after a report late Tuesday ...": the Fed's minutes, not
    the details of Intel's report (so not its day either); "The result was announced at
    about 7.40pm" names no one and goes on with the vote told before it.
    """
    m = _NEWS_OF.match(text)
    if m is None:
        return False
    named = {w.lower().strip(".,'’").removesuffix("'s").removesuffix("’s")
             for w in m.group(1).split()} - _CALENDAR - {""}
    known = names_of(g) | {w.lower() for w in re.findall(r"\b[A-Z][\w&-]+", g.sentence.text)}
    return bool(named) and not named & known


def _same_teller(r: Happening, d: Happening) -> bool:
    """Whether a dated telling may be the undated one told again, not its subject.

    Not when the dated telling's teller is named in what the undated one told: "the Wall
    Street Journal reported that regulators had asked the company about Musk's tweet" is
    a report about Musk's words, not "Musk said on Twitter on Tuesday".
    """
    m = TOLD.search(d.sentence.text)
    head = d.sentence.text[:m.start()] if m else d.sentence.text
    tellers = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", head)} - STOP_WORDS
    told = TOLD.search(r.ref.text)
    said = r.ref.text[told.end():] if told else r.ref.text
    return not tellers & {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", said)}


def _dated_later(events: list[Happening]) -> list[Happening]:
    """Fold an undated cause into its telling with an earlier day in the sentences after.

    "Apple fell after a Taiwanese newspaper reported that the company will cut its sales
    forecast for the iPhone X" (undated: the move's day, a guess) and, two sentences on,
    "The Economic Daily News said on Monday ... that Apple would lower its forecast for
    first-quarter iPhone X shipments": one happening, on Monday. Both told by a news verb
    ("reported", "said"), the dated one's teller not named in what the undated one told
    (:func:`_same_teller`); two shared content words that are not names, within three
    sentences after; a day before the guess, not one told ahead.
    """
    dated: dict[int, list[Happening]] = {}  # by sentence: the look-up stays local (linear)
    for e in events:
        if not e.ref.is_range and e.ref.kind != "implied" and not e.ref.future:
            dated.setdefault(e.sentence.index, []).append(e)
    out: list[Happening] = []
    for r in events:
        d = None if r.ref.kind != "implied" or not TOLD.search(r.ref.text) else next(
            (d for k in range(r.sentence.index + 1, r.sentence.index + 4)
             for d in dated.get(k, ()) if d.ref.first < r.ref.first
             and len((r.words & d.words) - names_of(r) - names_of(d) - DEMONYMS) >= 2
             and TOLD.search(d.sentence.text) and _same_teller(r, d)),
            None)
        _keep_or_fold(out, r, d)
    return out


def merge(events: list[Happening]) -> list[Happening]:
    """One event per happening (see the module docstring)."""
    events = _dated_later(_day_of_range(events))
    kept: list[Happening] = []
    merged: dict[int, list[Happening]] = {}
    buckets: dict[tuple[dt.date, dt.date], list[Happening]] = {}
    for ev in events:
        bucket = buckets.setdefault((ev.ref.first, ev.ref.last), [])
        target, back = None, False
        if ev.ref.kind != "implied" and _BACKREF.match(ev.sentence.text):
            # "His departure was announced late Tuesday": the happening just told
            target = next((g for g in reversed(bucket)
                           if 0 < ev.sentence.index - g.sentence.index <= 2
                           and not (ev.time and g.time and ev.time.time != g.time.time)), None)
            back = target is not None
        for g in bucket if target is None else ():
            if ev.time and g.time and (ev.time.time, ev.time.timezone) != (
                    g.time.time, g.time.timezone):
                continue
            if _same_bank(ev, g):
                target = g  # "the central bank's" act and the named bank's, that day
                break
            if _reported_name_only(ev, g) and not _POSSESSIVE.search(ev.ref.text):
                continue  # "lawmakers said ... that Trump had asked" is not Trump's tweet
            if _other_month(ev, g) or _other_month(g, ev):
                continue  # "the January report" told in March is not the day's report
            if _other_part_of_day(ev, g) or _other_part_of_day(g, ev):
                continue  # "Late Wednesday, Trump and Juncker agreed" is not GM's 9:30 forecast
            back = bool(_POSSESSIVE.search(ev.ref.text)) and _names_back(ev, g)
            gap = ev.sentence.index - g.sentence.index
            # "also" tells another happening -- unless of the same actor ("Xi also pledged")
            actor = re.match(r"\W*([A-Z][a-z]+)", ev.sentence.text)
            also = bool(gap and ALSO.search(ev.sentence.text))
            same_actor = bool(actor and actor.group(1).lower() in names_of(g))
            if also and not back and not same_actor:
                continue
            if gap and ev.ref.kind == "same_day" and "later" in ev.ref.text.lower():
                continue  # "Hours later, the chief executive told a press conference": the
                # next happening of the day told before, not that one
            # "rose after the announcement" right after the dated one; or the dated
            # details of an undated cause in the next sentence ("The company on Tuesday...")
            near_cause = (ev.ref.kind == "implied" and not ev.announcement and gap <= 2
                          and bool((ev.words & g.words) - (names_of(ev) & names_of(g))
                                   - DEMONYMS)) or (
                g.ref.kind == "implied" and ev.ref.kind != "implied" and gap == 1
                and not ev.ref.future  # a cause that moved the market is not still ahead
                and not move_clauses(ev.sentence)
                and not opens_with_new_doer(ev.sentence.text, g))
            if not back and gap and new_doer(ev, g):
                continue  # "after Microsoft reported results" is not Tesla's results
            if not back and ev.ref.kind == "implied" and doers_differ(ev.ref.text, g):
                continue  # "after an analyst at Bank of America upgraded" is not Jefferies'

            if ev.announcement and ev.ref.kind == "implied" and not _teller(ev) & names_of(g):
                continue  # an undated telling is another happening unless its teller is named
            # "CEO Elon Musk told analysts on a conference call Wednesday evening" right
            # after the company's results of Wednesday: the company's own comment on them
            call = (ev.ref.kind != "implied" and 0 < gap <= 2 and CALL.search(ev.sentence.text)
                    and bool(g.words & RESULTS))
            # "Boeing Co reported a higher-than-expected quarterly profit on Wednesday" +
            # "The world's largest planemaker, which released its second-quarter results
            # before the market opened, ...": the company named back telling its results
            again = (0 < gap <= 2 and bool(g.words & RESULTS) and bool(ev.words & RESULTS)
                     and _COMPANY_NAMED_BACK.match(ev.sentence.text) is not None)
            if g.key == ev.key or _shared(g, ev) >= 2 or back or near_cause or call or again or (
                    also and same_actor and gap <= 2):
                target = g
                break
        if target is None:
            bucket.append(ev)
            kept.append(ev)
            continue
        if not back and ev.ref.kind != "implied" and target.ref.kind != "implied" and (
                ev.sentence.index != target.sentence.index):
            merged.setdefault(id(target), []).append(ev)
        target.mentions.extend(ev.mentions)
        target.words |= ev.words
        if target.time is None:
            target.time = ev.time
        if target.ref.kind == "implied" and ev.ref.kind != "implied":
            target.ref, target.sentence, target.title = ev.ref, ev.sentence, ev.title
            target.review = [q for q in target.review if "does not date" not in q]
        target.review.extend(q for q in ev.review if q not in target.review
                             and "does not date" not in q)
    for target in kept:  # one note per event, however many references were merged
        joined = merged.get(id(target), [])
        if joined:
            where = ", ".join(f"{e.sentence.index} ('{' '.join(e.ref.text.split())}')"
                              for e in joined[:3])
            more = f" and {len(joined) - 3} more" if len(joined) > 3 else ""
            target.review.append(
                f"merged with sentence {where}{more} as one happening (same day, shared words); "
                "split it if they are different")
    return kept
