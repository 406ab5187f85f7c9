"""Undated causes: the happening behind a move told without a date of its own.

The second pass of :func:`eventstudy.draft.events.find_events` (rule "Undated
causes" in its module docstring): a move word followed by a cause cue whose
cause text holds no date, and names no event already found, is an event dated
by the move's date and marked for review. A market's own path, a mood, a level
or another market's calendar are not causes. Also the back-references
("It", "the report", "The company said") by which a later sentence is about an
event already told.
"""

from __future__ import annotations

import datetime as dt
import re

from eventstudy.draft.clauses import SPEECH, clause_at, split_clauses
from eventstudy.draft.dated import _NEWS, _same_clause
from eventstudy.draft.merge import CALL, RESULTS
from eventstudy.draft.moves import figure_before, moves
from eventstudy.draft.news import (
    MOVER_DOER,
    Happening,
    implied_ref,
    inside,
    names_agree,
    names_of,
    other_doer,
    teller_missing,
)
from eventstudy.draft.phrases import TimeRef
from eventstudy.draft.readings import ANTICIPATION, own_participle
from eventstudy.draft.saidabout import in_said_about_clause
from eventstudy.draft.sessions import (
    foreign_session,
    had_moved,
    other_market,
    own_path,
)
from eventstudy.draft.text import Sentence
from eventstudy.draft.times import TimeOfDay, market_named
from eventstudy.draft.words import (
    DEMONYMS,
    cause_span,
    clause_span,
    content_words,
    keyword,
    names_same,
    strip_refs,
)

_MOVE_CAUSE = re.compile(
    r"\s*(?:being|having\s+been|trading|opening|closing|ending)\s+(?:\w+\s+)?"
    r"(?:down|up|higher|lower|sharply|as\s+much)\b", re.IGNORECASE)
# "amid a broad market rout", "amid a broader sell-off": the market's own move, not news
_MARKET_MOVE = re.compile(r"\s*(?:a|the)\s+(?:(?:broad|broader|wider|market-wide|global"
                          r"|general|marketwide)\s+)?(?:(?:stock\s+)?market\s+|equity\s+)?"
                          r"(?:rout|sell-?off|slide|slump|decline|rally|rebound|downturn)\b",
                          re.IGNORECASE)
# "helped by hopes for renewed purchases", "on fears of ...": a mood, not a happening --
# the news behind it is one of the article's dated events
_MOOD = re.compile(r"\b(?:hopes?|fears?|worries|worry|optimism|pessimism|concerns?|expectations?"
                   r"|bets?|doubts?|uncertainty|sentiment|speculation)\b", re.IGNORECASE)
# "as the weaker euro lifted exporters": a market's level, not a happening -- the news
# behind it is one of the article's dated events
_LEVEL = re.compile(r"\s*(?:a|the)\s+(?:weaker|stronger|firmer|softer|cheaper|dearer"
                    r"|higher|lower|rising|falling|sliding|surging)\s+[\w$-]+[\s.]*", re.IGNORECASE)
# "after the yen jumped", "after oil surged": another market's move, named, is news (not
# the mover's own path, "after falling 600 points")
_OTHER_MOVER = re.compile(r"(?:the\s+)?(?:yen|dollar|euro|pound|sterling|yuan|oil|gold|copper"
                          r"|bitcoin|lira|peso|rupee|rouble|ruble|won|franc)\s+\w+"
                          # "as Treasury yields retreated from four-year highs"
                          r"|(?:(?:U\.S\.|Treasury|bond|government-bond|benchmark|10-year"
                          r"|German|Italian|Japanese)\s+){1,3}yields?\s+\w+"
                          # "a steady climb in Treasury yields", "a rise in oil prices": the
                          # move of another thing, news for the market's
                          r"|(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:climb|rise|jump|surge|spike"
                          r"|drop|fall|slide|decline|slump|plunge|rally|retreat)\s+(?:in|of)\s+"
                          r"(?:the\s+)?(?:[\w.-]+\s+){0,2}?(?:yields?|rates|prices|oil|crude"
                          r"|bonds?|yen|dollar|euro|yuan|currency|sterling|lira)\b",
                          re.IGNORECASE)
# "after the week-long Lunar New Year holiday": a market's calendar, not news
_BREAK = re.compile(r"\s*(?:the|a|its|their)\s+(?:[\w'’-]+\s+){0,4}(?:holidays?|break|recess)"
                    r"[\s.]*", re.IGNORECASE)
# "a day after it closed above the 30,000 mark": the mover itself, told by a pronoun, at a
# level or close -- its own path, not news
# ("it briefly crossed the milestone": an adverb between)
OWN_LEVEL = re.compile(r"\s*(?:it|they)\s+(?:had\s+)?(?:\w+ly\s+)?(?:closed|ended|finished"
                        r"|opened|settled"
                        r"|touched|topped|crossed|breached|broke|hit|reached|rose|fell|climbed"
                        r"|dropped|jumped|slid|surged|tumbled"
                        # "a day after it set a record high", "after they notched their highest
                        # close": a level the mover reached (not "after it posted a loss")
                        r"|(?:set|notched|posted|logged|marked|scored|recorded)\s+(?:a|an|its|their"
                        r"|the)\s+(?:[\w-]+\s+){0,2}(?:record|high|low|peak|close|finish))\b",
                        re.IGNORECASE)
# "having fallen 0.3 percent shortly after the open": a point of the session, not a cause
_SESSION_POINT = re.compile(r"\s*(?:the\s+)?(?:(?:market['’]s\s+)?open(?:ing(?:\s+bell)?)?|close"
                            r"|closing\s+bell|bell|start\s+of\s+trading)"
                            # (the span may run on: "after the open and finished up 58 points")
                            r"(?=[\s.,;]*$|\s+and\s|\s*[,;])", re.IGNORECASE)
#: a sentence opening with the company just told, named by what it is: "The internet giant
#: said ..."
_COMPANY_BACK = re.compile(r"\s*The\s+(?:[\w'’-]+\s+){0,3}(?:maker|giant|company|firm|group"
                           r"|lender|bank|carmaker|automaker|retailer|insurer|airline|chipmaker"
                           r"|planemaker|conglomerate|operator|producer)\s+(?:said|reported"
                           r"|posted|announced|forecast|warned)\b")
#: the words of a company's results, its quarter's sales among them
_RESULT_KIND = RESULTS | {"sale", "quarterly"}
#: a cause that is a report ("a report that ...", "reports that ...") and its telling
_A_REPORT = re.compile(r"\s*(?:an?\s+)?(?:[\w-]+\s+)?(?:report|reports)\s+(?:that|of)\b",
                       re.IGNORECASE)
# (dated by the telling itself: "Bloomberg News reported on Wednesday")
_REPORTED = re.compile(r"\b(?:reported|reports)\s+$")
#: a sentence opening with the doers just named: "The four companies", "Both banks", "They"
_DOERS_BACK = re.compile(r"\s*(?:They|Both(?:\s+\w+)?|All\s+(?:two|three|four|five)(?:\s+\w+)?"
                         r"|The\s+(?:two|three|four|five|six)\s+\w+|The\s+(?:companies|firms"
                         r"|banks|lenders|carmakers|automakers|chipmakers|groups|retailers))\b")
#: verbs too common to tell one happening by ("said", "was", "had")
_LIGHT_VERBS = SPEECH | frozenset("be have do make get take give see".split())
_CAPS = re.compile(r"\b[A-Z][a-z]+\b")
_NAMES = re.compile(r"\b[A-Z][A-Za-z&]+\b")  # "IBM", "Ford", "AT&T"
_CAP_STOP = frozenset("The A An In On At After Shares Stock Stocks Its It".split())


_BACK = re.compile(r"\s*(?:It|He|She|They|The\s+(?:company|ministry|bank|agency|central\s+bank"
                   r"|lender|carmaker|automaker|chipmaker|planemaker|insurer|retailer|airline"
                   r"|government|White\s+House|president|regulator|report|data|figures|decision"
                   r"|statement|announcement|move|cut|results)"
                   # "The world's largest farm equipment maker, which reported ...": the
                   # company just told, named by what it is
                   r"|The\s+(?:[\w'’-]+\s+){0,5}(?:maker|carmaker|automaker|chipmaker|company"
                   r"|firm|group|retailer|lender|airline|insurer|manufacturer|giant)(?=\s*,))\b")
# "after the figures", "after an executive made the comment": the news already told
_CAUSE_BACK = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:the|his|her|its|their)\s+(?:[\w-]+['’]s\s+)?"
                         r"(?:news|figures|data"
                         # "after the trade truce eased fears": an accord already told
                         r"|(?:[\w-]+\s+)?(?:truce|ceasefire|accord|pact)"
                         r"|announcement|report"
                         r"|decision|results|move|remarks|statement|comments?"
                         # "after his speech": the speech of the doer just told
                         r"|speech|testimony|address|interview|tweets?"
                         # "Stocks held their gains after the release": the release just told
                         r"|release)\b", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"\bthe\s+(?:announcement|report|decision|statement|remarks|comments|news|move|tweets?"
    r"|ruling|lawsuit|complaint|deal|agreement|threat|proposal|warning|plan|order|letter"
    r"|results|earnings|forecast|guidance|figures)\b"
    # "It was disclosed by Canada's justice department late on Wednesday"
    r"|^\s*(?:It|This|That)\s+was\s+(?:first\s+)?(?:disclosed|announced|reported|confirmed"
    r"|revealed|made\s+public)\b",
    re.IGNORECASE)


def _near(by_sentence: dict[int, list[Happening]], k: int, lo: int, hi: int) -> list[Happening]:
    """Dated events of the sentences ``k + lo`` to ``k + hi``, in text order (a bounded look)."""
    return [e for i in range(k + lo, k + hi + 1) for e in by_sentence.get(i, ())]


def _dates_anaphor(ev: Happening) -> bool:
    """Whether the event's date phrase dates "the announcement/report/..." of its clause."""
    text, pos = ev.sentence.text, ev.ref.start - ev.sentence.start
    # "The report came hours after Trump said on Thursday": the date is another happening's
    return any(_same_clause(text, m.start(), pos)
               and not _RELATIVE.search(text, min(m.end(), pos), max(m.start(), pos))
               for m in _ANAPHOR.finditer(text))


# ("after the bell", "before the open" say when, not another happening)
_RELATIVE = re.compile(r"\b(?:after|before|since|following|ahead\s+of)\b(?!\s+(?:the\s+)?"
                       r"(?:\w+\s+){0,2}(?:bell|close[ds]?|closing|open(?:ed|s)?|opening)\b)",
                       re.IGNORECASE)


def _implied_events(
    sent: Sentence, srefs: list[TimeRef], times: list[TimeOfDay],
    clauses: list[tuple[int, int]], dated: list[Happening], move_day: tuple[dt.date, str],
    by_sentence: dict[int, list[Happening]],
    by_word: dict[str, list[Happening]] | None = None,
    all_times: list[TimeOfDay] | None = None,
) -> tuple[list[Happening], list[TimeOfDay], bool]:
    """Return the undated cause of a move, or the report of a future one (module docs).

    The flag says whether the move's cause was read (drafted here, or found to be a
    dated event): its news is then not drafted again as undated news.

    ``by_word`` indexes the dated events that date an anaphor ("made the announcement
    on Sunday") by their content words, so the look-up stays cheap in a long article.
    """
    mv = [m for m in moves(sent.text) if inside(m[0], clauses)
          and figure_before(sent.text, m[0], clause_span(sent.text, m[0])[0]) is None]
    span = cause_span(sent.text, mv[0][0]) if mv else None
    foreign = other_market(sent.text, span) if span is not None else None
    head = sent.text[span[0]:span[0] + 30].lstrip()[:15] if span is not None else ""
    if span is None or (not foreign and ((moves(head) and not _OTHER_MOVER.match(
            sent.text[span[0]:span[0] + 90].lstrip()))
                                         or _LEVEL.fullmatch(sent.text, span[0], span[1])
                                         or _BREAK.fullmatch(sent.text, span[0], span[1])
                                         or own_path(sent.text[span[0]:span[0] + 40].lstrip())
                                         or own_participle(sent.text[span[0]:span[0] + 40])
                                         or OWN_LEVEL.match(sent.text, span[0])
                                         or _MARKET_MOVE.match(sent.text, span[0])
                                         or _SESSION_POINT.match(sent.text, span[0], span[1]))
                        ) or _MOVE_CAUSE.match(
            sent.text, span[0]) or _MOOD.search(sent.text, max(0, span[0] - 12), span[0] + 25):
        # no cause, or the "cause" is an earlier move ("after falling 600", "after being
        # down earlier in the session"): a market's own path is not news
        return [], times, False
    wait = ANTICIPATION.search(sent.text, mv[0][0], span[0])
    if wait is not None and not re.search(r"[,;:]", sent.text[wait.end():span[0]]):
        # "ahead of quarterly results that will show whether weeks of warnings from the
        # iPhone supply chain were overblown": a cue inside the awaited happening's phrase
        # names what the happening will tell, no cause that reached the market
        return [], times, False
    base = sent.start
    cause = sent.text[span[0]:span[1]]
    # (not the day of what a saying is about: "said he was unhappy with the talks that
    # produced a truce over the weekend" -- the remark is undated, the talks' day another's)
    in_cause = [r for r in srefs if span[0] <= r.start - base < span[1]
                and not in_said_about_clause(sent.text, r.start - base)]
    day, how = move_day
    stamp: TimeOfDay | None = None
    if not in_cause and span[0] > mv[0][0] and re.search(
            r"\b(?:a|one|the)\s+day\s+after$", sent.text[:span[0]], re.IGNORECASE):
        day, how = day - dt.timedelta(days=1), f"the day before {how} ('a day after')"
    if not in_cause:
        day, how = foreign_session(sent.text, span, day, how)
        # "reported results ... after Wednesday's close": a time right after the cause,
        # dated by its own day, dates the cause
        for t in all_times or ():
            r = next((r for r in srefs if t.start <= r.start < t.end and not r.is_range), None)
            if r is not None and 0 <= t.start - base - span[1] <= 3:
                day, how, stamp = r.first, f"the day of its time '{t.text}'", t
    words = content_words(cause)
    near = [e for i in (sent.index + 1, sent.index + 2) for e in by_sentence.get(i, ())]
    sharing = {id(e): e for w in words for e in (by_word or {}).get(w, ())}
    if any(e.sentence is not sent and e.ref.first <= day
           and (0 < e.sentence.index - sent.index <= 2 or words & e.words)
           for e in [e for e in near if _dates_anaphor(e)] + list(sharing.values())):
        # "Trump made the announcement on Sunday": the text dates it; told in the very
        # next sentence, the cause's words name that event too
        nxt = next((e for e in by_sentence.get(sent.index + 1, ())
                    if e.ref.first <= day and _dates_anaphor(e)), None)
        if nxt is not None:
            nxt.words |= words
        return [], times, True
    if in_cause:
        # "after a report that a delegation will travel ... in the week of Jan. 7": the
        # report reached the market, not the trip -- unless the text dates the report
        others = [e for e in dated if e.sentence is not sent]
        if not all(r.last > day for r in in_cause) or any(
                e.announcement for e in dated if e.sentence is sent) or any(
                names_same(content_words(strip_refs(sent, in_cause)), e.words) for e in others):
            return [], times, True
    elif not words or _CAUSE_BACK.match(cause):
        return [], times, True  # "after the figures": the news is a dated event
    else:
        own = MOVER_DOER.match(cause) is not None
        # "Ford shares fell after the auto maker cut its outlook" + "Ford said after the
        # market closed Wednesday ...": the mover's own news, told dated just after
        mover = set(_CAPS.findall(sent.text, 0, mv[0][0])) - _CAP_STOP if own else set()
        same = next((e for e in dated if mover and e.sentence is not sent
                     and 0 < e.sentence.index - sent.index <= 3 and e.ref.first <= day
                     and mover & set(_CAPS.findall(e.sentence.text, 0,
                                                   e.ref.start - e.sentence.start))), None)
        # "after the Senate voted to end the shutdown" + "Senators voted 81-18 on Monday":
        # the same verb on the move's day, told within a few sentences -- one happening
        verb = split_clauses(cause)[0].base if cause.strip() else ""
        same = same or next((e for e in dated if verb and verb not in _LIGHT_VERBS
                             and e.sentence is not sent and e.ref.first == day
                             and 0 < e.sentence.index - sent.index <= 6
                             and clause_at(e.sentence.text, e.ref.start - e.sentence.start
                                           ).base == verb), None)
        # -- or by a back-reference to the doers just named, on a day up to the move's
        # ("after Amazon, Alphabet and Intel reported results" + "The four companies
        # reported after the bell on Thursday"; a telling verb counts here)
        same = same or next((e for e in dated if verb and verb not in _LIGHT_VERBS - SPEECH
                             and e.sentence is not sent and e.ref.first <= day
                             and 0 < e.sentence.index - sent.index <= 3
                             and _DOERS_BACK.match(e.sentence.text)
                             and clause_at(e.sentence.text, e.ref.start - e.sentence.start
                                           ).base == verb), None)
        # "powered by a jump in IBM shares after the technology company's quarterly revenue
        # beat expectations" + "IBM, which reported third-quarter results after the bell on
        # Tuesday, ...": results of a company named before the cause, dated just after
        named = set(_NAMES.findall(sent.text, 0, span[0])) - _CAP_STOP
        if same is None and named and words & _RESULT_KIND:
            same = next((e for e in _near(by_sentence, sent.index, 1, 3) if e.ref.first <= day
                         and content_words(e.sentence.text) & RESULTS
                         and named & set(_NAMES.findall(e.sentence.text, 0,
                                                       e.ref.start - e.sentence.start))), None)
        # "closed up 3.1 percent after executives told analysts on a conference call that
        # profit would improve" after "The company said after the market closed on
        # Wednesday that it lost $116 million": the call is the company's comment on the
        # results told in the sentences before -- one happening, on the results' day
        if same is None and CALL.search(cause):
            same = next((e for e in reversed(_near(by_sentence, sent.index, -3, -1))
                         if e.ref.first <= day and e.words & RESULTS), None)
        # "after Tencent reported better-than-expected earnings" + "The internet giant said
        # after the market closed on Wednesday that net profit rose": the company, named by
        # what it is, telling the same results
        same = same or next((e for e in dated if e.sentence is not sent
                             and 0 < e.sentence.index - sent.index <= 3 and e.ref.first <= day
                             and _COMPANY_BACK.match(e.sentence.text)
                             and words & RESULTS
                             and content_words(e.sentence.text) & RESULTS), None)
        # "after a report that China may slow or halt its purchases of Treasuries" + "...
        # have recommended slowing or halting purchases ..., Bloomberg News reported on
        # Wednesday": a report is the telling the article dates as reported
        if same is None and _A_REPORT.match(cause):
            same = next((e for e in _near(by_sentence, sent.index, -8, 8)
                         if e.sentence is not sent and e.ref.first <= day
                         and _REPORTED.search(e.sentence.text, 0, e.ref.start - e.sentence.start)
                         and (words & e.words) - {"report"}), None)
        same = same or next((e for e in dated if not (own and other_doer(e, cause)) and (
                     (names_same(words, e.words) and e.ref.first <= day
                      and names_agree(cause, e))
                     or (e.sentence.index - sent.index == 1 and e.ref.first <= day
                         and (words & e.words) - names_of(e) - DEMONYMS
                         and not teller_missing(cause, e))
                     # "tracking a plunge on Wall Street" + "In New York on Wednesday, the
                     # Dow had dropped 832 points": that market's move of that day, told
                     or (foreign is not None and e.ref.first == day
                         and market_named(e.sentence.text) == foreign
                         and had_moved(e.sentence.text) is not None))), None)
        if same is not None:  # the cause is a dated event, or its details follow: one
            same.words |= words  # happening, which the cause's words name too
            return [], times, True
    # the cause's own time, even where the comma-split move clause runs over it ("rose 6.3
    # percent after the planemaker forecast higher profits before the opening bell")
    here = [t for t in times if span[0] <= t.start - base] or [
        t for t in all_times or () if span[0] <= t.start - base < span[1]]
    ref = implied_ref(sent, span, day, how)
    title = " ".join(cause.split()[:8]).strip(" ,.;:") + "..."
    if in_cause:
        title = "report: " + title
    ev = Happening(ref, sent, keyword(cause), words, title,
                   announcement=bool(in_cause), review=[ref.review], mentions=[(sent, ref)],
                   time=here[0] if here else stamp)
    return [ev], [t for t in times if t not in here], True


def _same_news(text: str, prev: Happening) -> bool:
    """Whether a sentence and an undated cause name the same kind of news.

    "... after a government report showed ..." then "The Labor Department's report was
    released at 8:30 a.m.": the time is the report's.
    """
    if prev.ref.kind != "implied":
        return False
    kinds = {m.group().lower().rstrip("s") for m in _NEWS.finditer(prev.ref.text)}
    return any(m.group().lower().rstrip("s") in kinds for m in _NEWS.finditer(text))
