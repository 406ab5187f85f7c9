r"""Test whether a learned chooser beats the hand rules at attribution on unseen text.

An experiment.

For every corpus article of the rounds asked for, the current draft
(:func:`eventstudy.draft.draft_study`, as ``validation/draft_corpus.py`` runs it)
is matched to the hand-worked answer with the scorer's own functions
(:func:`draft_corpus.match_events`, :func:`draft_corpus.match_claims`). For each
drafted claim matched to an answer claim, every drafted event is a candidate,
described by :func:`ranker_features.candidate_features`
(``validation/ranker_features.py``; the rules' own choice among them, so the
model is a re-ranker); its label is whether the scorer maps it to (one of) the
answer's event(s) for that claim. A claim none of whose
candidates is the answer's event ("answer event not drafted") cannot be fixed by
any chooser: it is counted wrong for both and reported apart, and it carries no
information for the fit.

Model
-----
A conditional logit (McFadden 1974) over each claim's candidate set ``C``: the
probability that candidate ``j`` is the cause is

.. math:: P(j \mid C) = \exp(x_j^\top \beta) / \sum_{k \in C} \exp(x_k^\top \beta),

and ``beta`` maximises the conditional log-likelihood
``sum over claims of log P(positives | C)`` (with several acceptable answer
events, the likelihood of the set of positives given their number, as
:class:`statsmodels.discrete.conditional_models.ConditionalLogit` computes it).
The ranker picks the candidate of highest ``x_j^T beta`` (the rules' choice on a
tie); its review mark is ``P(choice | C)`` below a threshold. Optionally an L2
penalty ``alpha/2 * n * |beta|^2`` (``n`` claims) is subtracted, maximised with
scipy's L-BFGS on ``ConditionalLogit.loglike`` and ``.score`` (statsmodels'
``fit_regularized`` does the same by coordinate descent, ten times slower).
Reference: D. McFadden, "Conditional logit analysis of qualitative choice
behavior", in P. Zarembka (ed.), *Frontiers in Econometrics*, Academic Press,
1974, 105-142.

Protocol
--------
Rounds are read from ``corpus.yaml``: ``was: heldout-N`` is round N, a tune
article without ``was`` is round 1; ``split: sealed`` articles are skipped
before anything of theirs is read. The design (features, model) is chosen with
leave-one-round-out cross-validation over rounds 6-19, each fold trained on all
other rounds of 1-19 (``python validation/attribution_ranker.py``); round 20 is
not read. Once the design is frozen and committed,
``python validation/attribution_ranker.py --final`` trains on rounds 1-19 and
scores round 20 once. The review-mark thresholds are chosen on the pooled
out-of-fold probabilities of rounds 6-19: flag as many claims as the rules flag
there; or flag as few as leave the unflagged ones right as often as the rules'
unflagged ones are there.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# this checkout's eventstudy (not another worktree's editable install) and the scorer
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from draft_corpus import ARTICLES, match_claims, match_events  # noqa: E402

#: the design rounds (model choice) and the cross-validated ones among them
DESIGN_ROUNDS = tuple(range(1, 20))
CV_ROUNDS = tuple(range(6, 20))
#: the round scored once, after the design is frozen
FINAL_ROUND = 20


@dataclass
class ClaimSet:
    """One matched claim and its candidate events."""

    round: int
    article: str
    claim: str
    X: np.ndarray  # candidates x features
    y: np.ndarray  # 1 = an answer event for this claim
    rules: int  # row of the rules' choice, -1 when none
    flagged: bool  # the rules' review mark

    @property
    def drafted(self) -> bool:
        """Whether an answer event is among the candidates."""
        return bool(self.y.any())

    @property
    def rules_right(self) -> bool:
        """Whether the rules chose an answer event (the scorer's *attributed right*)."""
        return self.rules >= 0 and bool(self.y[self.rules])


def rounds_of_corpus() -> list[tuple[str, int]]:
    """``(file, round)`` of every article not sealed (reads only ``corpus.yaml``)."""
    from ruamel.yaml import YAML

    index = YAML(typ="safe").load((ARTICLES / "corpus.yaml").read_text(encoding="utf-8"))
    out = []
    for item in index["articles"]:
        if item["split"] == "sealed":
            continue
        was = item.get("was")
        out.append((item["file"], int(was.split("-")[1]) if was else 1))
    return out


class _Recorder:
    """Wrap the rules' attribution, as extract calls it, to keep each move's context.

    The wrapped function is :func:`eventstudy.draft.attribute.attribute`.
    """

    def __init__(self) -> None:
        self.calls: dict[tuple[int, int], tuple[Any, Any]] = {}

    def __enter__(self) -> _Recorder:
        from eventstudy.draft import extract

        self._orig = extract.attribute

        def wrapped(index: Any, sent: Any, move_pos: int, subject: Any, move_date: Any,
                    dated: bool, previous: Any, calendar: Any = None, *a: Any, **k: Any
                    ) -> Any:
            self.calls[(sent.index, move_pos)] = (move_date, calendar)
            return self._orig(index, sent, move_pos, subject, move_date, dated, previous,
                              calendar, *a, **k)

        extract.attribute = wrapped  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        from eventstudy.draft import extract

        extract.attribute = self._orig  # type: ignore[assignment]


def collect(rounds: Iterable[int]) -> list[ClaimSet]:
    """Draft every article of ``rounds`` and return its matched claims' candidate sets."""
    from ranker_features import MoveContext, candidate_features
    from ruamel.yaml import YAML

    from eventstudy.draft import draft_study
    from eventstudy.draft.attribute import EventIndex
    from eventstudy.draft.doubts import subject_calendar
    from eventstudy.exceptions import DraftError

    wanted = set(rounds)
    yaml = YAML(typ="safe")
    out: list[ClaimSet] = []
    for name, rnd in rounds_of_corpus():
        if rnd not in wanted:
            continue
        text = (ARTICLES / name).read_text(encoding="utf-8")
        exp = yaml.load((ARTICLES / "expected" / name.replace(".txt", ".yaml"))
                        .read_text(encoding="utf-8"))
        with _Recorder() as rec:
            try:
                draft = draft_study(text, source_name=name)
            except DraftError:
                continue  # no claim matched: nothing to choose
        events = list(draft.events)
        mapped, _ = match_events(exp, events)
        claims = [c for c in draft.claims if c.move]
        index = EventIndex(events) if events else None
        for ans, c in match_claims(exp, claims):
            if c is None:
                continue
            ok = ans["event"] if isinstance(ans["event"], list) else [ans["event"]]
            k = claims.index(c)
            prev = next((p.event.id for p in reversed(claims[:k])
                         if p.event is not None and p.sentence.index < c.sentence.index), None)
            text_s = c.sentence.text
            pos = [p for (si, p) in rec.calls if si == c.sentence.index
                   and text_s.startswith(c.move, p)]
            move_pos = pos[0] if pos else max(text_s.find(c.move), 0)
            move_date, calendar = rec.calls.get((c.sentence.index, move_pos),
                                                (draft.dateline.date, subject_calendar(c.subject)))
            ctx = MoveContext(c.sentence, move_pos, move_date, calendar,
                              tuple(c.subject.subject.aliases),
                              c.event.id if c.event is not None else None,
                              bool(c.attribution_flagged), prev, c.subject.subject.kind,
                              tuple(c.review))
            X = candidate_features(events, ctx, index)
            y = np.array([mapped.get(e.id) in ok for e in events], dtype=float)
            rules = next((i for i, e in enumerate(events)
                          if c.event is not None and e.id == c.event.id), -1)
            out.append(ClaimSet(rnd, name, f"{ans['subject']} {ans['direction']} "
                                f"{ans['window']}", X, y, rules, bool(c.attribution_flagged)))
    return out


@dataclass(frozen=True)
class Design:
    """A model design: which features, and the L2 penalty (0: plain maximum likelihood)."""

    name: str
    features: tuple[str, ...]
    alpha: float = 0.0


def fit(sets: list[ClaimSet], design: Design) -> np.ndarray:
    """Fit the conditional logit of ``design`` on the claims with an answer candidate."""
    from ranker_features import FEATURES
    from statsmodels.discrete.conditional_models import ConditionalLogit

    cols = [FEATURES.index(f) for f in design.features]
    use = [s for s in sets if s.drafted and len(s.y) > 1 and not s.y.all()]
    X = np.vstack([s.X[:, cols] for s in use])
    y = np.concatenate([s.y for s in use])
    g = np.concatenate([np.full(len(s.y), i) for i, s in enumerate(use)])
    # a feature constant over every candidate set cannot be estimated: left at 0
    keep = [j for j in range(X.shape[1]) if np.ptp(X[:, j]) > 0]
    model = ConditionalLogit(y, X[:, keep], groups=g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if design.alpha > 0:
            # L2: maximise the model's own conditional log-likelihood minus
            # alpha/2 * n_claims * |beta|^2 (its loglike and score; scipy's L-BFGS)
            from scipy.optimize import minimize

            pen = design.alpha * len(use)
            res = minimize(lambda b: -model.loglike(b) + pen / 2 * b @ b,
                           np.zeros(len(keep)), jac=lambda b: -model.score(b) + pen * b,
                           method="L-BFGS-B")
            params = res.x
        else:
            params = np.asarray(model.fit(disp=0, maxiter=200).params)
    beta = np.zeros(len(cols))
    beta[keep] = params
    return beta


def choose(s: ClaimSet, design: Design, beta: np.ndarray) -> tuple[int, float]:
    """Return the ranker's choice for ``s`` and its probability within the candidate set."""
    from ranker_features import FEATURES

    if len(s.y) == 0:
        return -1, 0.0
    cols = [FEATURES.index(f) for f in design.features]
    u = s.X[:, cols] @ beta
    u = u + 1e-9 * (np.arange(len(u)) == s.rules)  # a tie goes to the rules
    j = int(np.argmax(u))
    p = np.exp(u - u.max())
    return j, float(p[j] / p.sum())


@dataclass
class Tally:
    """Counts over matched claims."""

    claims: int = 0
    not_drafted: int = 0
    rules: int = 0
    ranker: int = 0
    changed: int = 0
    changed_right: int = 0  # ranker right where the rules were wrong
    changed_wrong: int = 0  # ranker wrong where the rules were right

    def add(self, s: ClaimSet, j: int) -> None:
        """Count claim ``s`` with the ranker's choice ``j``."""
        right = j >= 0 and bool(s.y[j])
        self.claims += 1
        self.not_drafted += not s.drafted
        self.rules += s.rules_right
        self.ranker += right
        if j != s.rules:
            self.changed += 1
            self.changed_right += right and not s.rules_right
            self.changed_wrong += s.rules_right and not right

    def line(self, label: str) -> str:
        """One row of the report."""
        return (f"{label:>8}: claims {self.claims:3d}, answer event not drafted "
                f"{self.not_drafted:2d} | rules {self.rules:3d} ({self._pct(self.rules)}) | "
                f"ranker {self.ranker:3d} ({self._pct(self.ranker)}) | changed {self.changed} "
                f"(+{self.changed_right} fixed, -{self.changed_wrong} broken)")

    def _pct(self, n: int) -> str:
        return f"{100 * n / self.claims:.1f}%" if self.claims else "-"


def flags_report(rows: list[tuple[bool, bool, bool, float]], threshold: float) -> str:
    """Compare the rules' marks with the ranker's (``P(choice) < threshold``).

    ``rows``: (rules right, rules flagged, ranker right, ranker probability).
    """
    def part(right: list[bool], flag: list[bool]) -> str:
        n = len(right)
        un = [r for r, f in zip(right, flag, strict=True) if not f]
        fl = [r for r, f in zip(right, flag, strict=True) if f]
        return (f"right when unflagged {sum(un)}/{len(un)} "
                f"({100 * sum(un) / max(len(un), 1):.1f}%), right when flagged "
                f"{sum(fl)}/{len(fl)} ({100 * sum(fl) / max(len(fl), 1):.1f}%), "
                f"flagged share {len(fl)}/{n} ({100 * len(fl) / max(n, 1):.1f}%)")

    rules = part([r[0] for r in rows], [r[1] for r in rows])
    ranker = part([r[2] for r in rows], [r[3] < threshold for r in rows])
    return f"  rules' marks:  {rules}\n  ranker's marks (P < {threshold:.3f}): {ranker}"


def threshold_for(rows: list[tuple[bool, bool, bool, float]]) -> float:
    """Return the probability below which the ranker flags as many claims as the rules."""
    n_flag = sum(r[1] for r in rows)
    ps = sorted(r[3] for r in rows)
    if n_flag == 0:
        return 0.0
    if n_flag >= len(ps):
        return 1.0 + 1e-9
    return (ps[n_flag - 1] + ps[n_flag]) / 2


def threshold_for_trust(rows: list[tuple[bool, bool, bool, float]]) -> float:
    """Return the lowest threshold leaving unflagged claims as right as the rules' unflagged.

    ``rows`` as in :func:`flags_report`; the target is the rules' right-when-unflagged
    share on the same rows.
    """
    un = [r[0] for r in rows if not r[1]]
    target = sum(un) / len(un) if un else 1.0
    ranked = sorted(rows, key=lambda r: -r[3])  # most confident first
    best, right = 1.0 + 1e-9, 0
    for n, r in enumerate(ranked, 1):
        right += r[2]
        nxt = ranked[n][3] if n < len(ranked) else 0.0
        if right / n >= target and nxt < r[3]:
            best = (r[3] + nxt) / 2  # flag below this: the n most confident unflagged
    return best


def cross_validate(sets: list[ClaimSet], design: Design, verbose: bool = True
                   ) -> tuple[Tally, list[tuple[bool, bool, bool, float]]]:
    """Leave-one-round-out over :data:`CV_ROUNDS`, training on the other design rounds."""
    total = Tally()
    rows: list[tuple[bool, bool, bool, float]] = []
    for r in CV_ROUNDS:
        train = [s for s in sets if s.round != r and s.round in DESIGN_ROUNDS]
        beta = fit(train, design)
        t = Tally()
        for s in (s for s in sets if s.round == r):
            j, p = choose(s, design, beta)
            t.add(s, j)
            total.add(s, j)
            rows.append((s.rules_right, s.flagged, j >= 0 and bool(s.y[j]), p))
        if verbose:
            print(t.line(f"round {r}"))
    return total, rows


def designs() -> list[Design]:
    """Return the designs compared by cross-validation."""
    from ranker_features import FEATURES

    no_rules = tuple(f for f in FEATURES if f not in ("rules", "rules_unflagged"))
    v1 = tuple(f for f in FEATURES if f not in (
        "subject_named", "move_told", "early", "lead_market", "rules_carry", "rules_latest",
        "rules_tie"))
    v2 = tuple(f for f in FEATURES if f not in ("rules_carry", "rules_latest", "rules_tie"))
    return [
        Design("v1 features, L2 0.003", v1, 0.003),
        Design("v2 features, L2 0.003", v2, 0.003),
        Design("v2 features, L2 0.03", v2, 0.03),
        Design("all features, ML", FEATURES),
        Design("all features, L2 0.003", FEATURES, 0.003),
        Design("all features, L2 0.03", FEATURES, 0.03),
        Design("all features, L2 0.1", FEATURES, 0.1),
        Design("no rules' choice, L2 0.003", no_rules, 0.003),
    ]


#: the frozen design: the most claims right in the cross-validation of rounds 6-19 (353 of
#: 419 against the rules' 351, tied with "v2 features, L2 0.03" and chosen over it for
#: changing fewer of the rules' choices, 20 against 21; docs/draft.md), chosen before
#: round 20 was read
FROZEN = "all features, L2 0.03"


def main(argv: list[str] | None = None) -> int:
    """Cross-validate the designs on rounds 1-19, or (``--final``) score round 20 once."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--final", action="store_true",
                    help="train the frozen design on rounds 1-19 and score round 20 (once)")
    args = ap.parse_args(argv)
    design = {d.name: d for d in designs()}[FROZEN]
    sets = collect(DESIGN_ROUNDS)
    if not args.final:
        for d in designs():
            print(f"== {d.name}" + (" (frozen)" if d.name == FROZEN else ""))
            total, rows = cross_validate(sets, d)
            print(total.line("rounds 6-19"))
            print(flags_report(rows, threshold_for(rows)))
            print(flags_report(rows, threshold_for_trust(rows)).splitlines()[1])
        beta = fit(sets, design)
        print(f"== {FROZEN}, fit on rounds 1-19:")
        for f, b in zip(design.features, beta, strict=True):
            print(f"  {f:>16} {b:+.2f}")
        return 0
    _, rows = cross_validate(sets, design, verbose=False)
    thresholds = threshold_for(rows), threshold_for_trust(rows)
    beta = fit(sets, design)
    test = collect([FINAL_ROUND])
    t = Tally()
    out = []
    for s in test:
        j, p = choose(s, design, beta)
        t.add(s, j)
        out.append((s.rules_right, s.flagged, j >= 0 and bool(s.y[j]), p))
    print(f"== round {FINAL_ROUND}, {FROZEN}, trained on rounds 1-19")
    print(t.line(f"round {FINAL_ROUND}"))
    print("  (thresholds chosen on rounds 6-19 out of fold: the rules' flag budget; "
          "as trustworthy as the rules' unflagged)")
    print(flags_report(out, thresholds[0]))
    print(flags_report(out, thresholds[1]).splitlines()[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
