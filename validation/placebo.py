r"""Real-data placebo validation of the verdict rule, on the committed price cache.

Every session of a period is a pseudo-event (Brown & Warner 1985): no news is
attached to it, so each "supported" verdict is a false alarm. The verdict rule
validated here is exactly the one ``python -m eventstudy run`` applies
(:func:`eventstudy.claims.rule.decide`), fed by the vectorised batch engine
(:func:`eventstudy.batch.batch`) and the same helpers the study path uses
(:func:`eventstudy.pipeline.placebo.batch_rule_inputs`). One command
reproduces the table in ``docs/calibration.md``::

    python validation/placebo.py              # full run, prints the tables
    python validation/placebo.py --write      # ... and updates docs/calibration.md
    python validation/placebo.py --fast       # a quick look on a few tickers

Design
------
* Period: every NYSE session from 2018-10-01 to 2019-03-22 (the cache's
  prices reach from 2017-10 to 2019-03; the estimation window needs the
  year before), split into Q4 2018 and Q1 2019.
* Targets: 20 US stocks and ETFs (market model on ^GSPC); the three US
  indices ^GSPC, ^DJI, ^IXIC (constant mean, as in the bundled study);
  six equal-weighted groups of those stocks (market model on ^GSPC).
* Windows [0,0], [0,+1], [-1,+1] with estimation window [-250,-11];
  the run-up window [-20,-1] with [-260,-21].
* Claims "up" and "down" at alpha = 0.05 (one-sided); false "supported"
  rate per direction with Clopper-Pearson 95% intervals.
* "before" is the previous rule (t and SQ only), "after" the current rule
  (t, SQ, volatility at the time, local placebo test), on the same inputs.
* Power: +1% and +2% abnormal return added on day 0 of every pseudo-event.
* Long-window SQ: the size of the SQ test alone for L2 = 1, 5, 10, 20 on
  the same real data and on seeded synthetic iid normal residuals (labelled
  synthetic).
* Candidate rules: the variants compared when the rule was chosen, on the
  same pseudo-events (Q4 2018 size and +2% power).

All numbers are real Yahoo prices from ``cache/`` except the labelled
synthetic SQ rows.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from eventstudy.batch import batch
from eventstudy.claims.rule import RuleInputs, decide
from eventstudy.data import load_prices
from eventstudy.pipeline.placebo import batch_rule_inputs
from eventstudy.stats.single import sq_pvalues

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "cache"
DOC = REPO / "docs" / "calibration.md"
BEGIN, END = "<!-- placebo:begin -->", "<!-- placebo:end -->"

SINGLES = ("AAPL ADM BA BG CAT DE F FXI GM GS JPM MCHI SOYB TSLA XLB XLF XLI XLK XLY "
           "ACWX").split()
INDICES = ("^GSPC", "^DJI", "^IXIC")
GROUPS = {"autos": ("F", "GM", "TSLA"), "grain traders": ("ADM", "BG"),
          "banks": ("JPM", "GS"), "China-exposed": ("CAT", "DE", "BA", "AAPL"),
          "China ETFs": ("FXI", "MCHI"), "sectors": ("XLB", "XLF", "XLI", "XLK", "XLY")}
BENCH = "^GSPC"
WINDOWS = {(0, 0): (-250, -11), (0, 1): (-250, -11), (-1, 1): (-250, -11),
           (-20, -1): (-260, -21)}
ALPHA = 0.05


@dataclass(frozen=True)
class Kind:
    """One class of targets: name, columns of the returns frame, model."""

    name: str
    columns: tuple[str, ...]
    model: str


def returns_frame(tickers: list[str], groups: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Load simple returns of Adj Close from the committed cache (offline), plus groups."""
    px = load_prices(sorted(set(tickers) | {BENCH}), "2017-10-01", "2019-03-29",
                     offline=True, cache_dir=CACHE)
    ret = px.pct_change(fill_method=None).iloc[1:]
    for name, members in groups.items():
        ret[f"group:{name}"] = ret[list(members)].mean(axis=1, skipna=False)
    return ret


def run_kind(ret: pd.DataFrame, kind: Kind, window: tuple[int, int], period: tuple[str, str],
             shift: float = 0.0, estimation: tuple[int, int] | None = None,
             half_width: int | None = None) -> tuple[pd.DataFrame, RuleInputs]:
    """Pseudo-events on every session of ``period`` for every column of ``kind``."""
    dates = ret.index[(ret.index >= period[0]) & (ret.index <= period[1])]
    events = pd.DataFrame([(t, d) for t in kind.columns for d in dates],
                          columns=["ticker", "date"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = batch(ret, events, model=kind.model, estimation=estimation or WINDOWS[window],
                    windows=[window],
                    benchmark=BENCH if kind.model == "market" else None,
                    exclude_event_windows=False, workers=1)
    day0 = ret.index.get_indexer(pd.DatetimeIndex(res.events["day0"]))
    y = ret[list(res.events["asset"])].to_numpy().T
    x = ret[BENCH].to_numpy() if kind.model == "market" else None
    inputs = batch_rule_inputs(res, y, x, day0, window, None, shift=shift,
                               half_width=half_width)
    meta = pd.DataFrame({"ticker": res.events["asset"], "day0": res.events["day0"],
                         "ok": (res.events["status"] == "ok").to_numpy()
                         & np.isfinite(res.car[:, 0])})
    return meta, inputs


def previous_rule(inputs: RuleInputs) -> RuleInputs:
    """Return the previous rule's inputs (t and SQ only): the new tests always pass."""
    zero = np.zeros_like(inputs.car)
    return RuleInputs(inputs.car, inputs.t_greater, inputs.t_less, inputs.sq_greater,
                      inputs.sq_less, zero, zero, zero, zero)


def candidate_rules(inputs: RuleInputs) -> dict[str, RuleInputs]:
    """Build the rules compared when the verdict rule was chosen, on the same inputs.

    ``t+SQ`` is the previous rule; ``+regime (normal)`` refers the regime z
    to the normal instead of t(19) (z recovered exactly from the t(19)
    p-value); ``+local`` adds the local placebo test alone; ``+regime (t19)``
    the regime test alone; ``current`` both (the rule of ``run``).
    """
    zero = np.zeros_like(inputs.car)
    with np.errstate(invalid="ignore"):
        z = stats.t.isf(inputs.regime_greater, 19)
    ng, nl = stats.norm.sf(z), stats.norm.cdf(z)
    base = (inputs.car, inputs.t_greater, inputs.t_less, inputs.sq_greater, inputs.sq_less)
    loc = (inputs.local_greater, inputs.local_less)
    return {
        "t+SQ (previous)": RuleInputs(*base, zero, zero, zero, zero),
        "+regime (normal)": RuleInputs(*base, ng, nl, zero, zero),
        "+regime (t19)": RuleInputs(*base, inputs.regime_greater, inputs.regime_less,
                                    zero, zero),
        "+local": RuleInputs(*base, zero, zero, *loc),
        "+regime (normal) +local": RuleInputs(*base, ng, nl, *loc),
        "current: +regime (t19) +local": inputs,
    }


def candidates_table(ret: pd.DataFrame, kinds: list[Kind], period: tuple[str, str]
                     ) -> pd.DataFrame:
    """Q4 2018 false-"supported" rates and +2% power of each candidate rule."""
    rows = []
    for kind in kinds:
        for window in ((0, 0), (0, 1), (-20, -1)):
            meta, inputs = run_kind(ret, kind, window, period)
            q4 = meta["ok"].to_numpy() & (pd.DatetimeIndex(meta["day0"]) < "2019-01-01")
            power = None
            if window == (0, 0):
                pm, pin = run_kind(ret, kind, window, period, shift=0.02)
                power = (pm["ok"].to_numpy(), candidate_rules(pin))
            for name, inp in candidate_rules(inputs).items():
                row = {"kind": kind.name, "window": _wl(window), "rule": name}
                for direction in ("up", "down"):
                    v, _ = decide(inp, direction, alpha=ALPHA)
                    row[f"Q4 {direction}"] = rate(v, q4)[2]
                if power is not None:
                    v, _ = decide(power[1][name], "up", alpha=ALPHA)
                    row["power +2%"] = rate(v, power[0])[2]
                rows.append(row)
    return pd.DataFrame(rows)


#: local-test neighbourhoods compared (sessions each side; None = the rule's own)
NEIGHBOURHOODS: tuple[int | None, ...] = (60, 40, 30, 20, None)
CURRENT_HOOD = "min(60, max(20, 3 L2)), wider if < 30 sums (current)"


def neighbourhood_table(ret: pd.DataFrame, kinds: list[Kind], period: tuple[str, str]
                        ) -> pd.DataFrame:
    """Q4 2018 false-"supported" rates and +2% power per local-test neighbourhood."""
    rows = []
    for kind in kinds:
        for window in WINDOWS:
            for h in NEIGHBOURHOODS:
                meta, inputs = run_kind(ret, kind, window, period, half_width=h)
                q4 = meta["ok"].to_numpy() & (pd.DatetimeIndex(meta["day0"]) < "2019-01-01")
                row = {"kind": kind.name, "window": _wl(window),
                       "h": CURRENT_HOOD if h is None else str(h)}
                for direction in ("up", "down"):
                    v, _ = decide(inputs, direction, alpha=ALPHA)
                    row[f"Q4 {direction}"] = rate(v, q4)[2]
                if window == (0, 0):
                    pm, pin = run_kind(ret, kind, window, period, shift=0.02, half_width=h)
                    v, _ = decide(pin, "up", alpha=ALPHA)
                    row["power +2%"] = rate(v, pm["ok"].to_numpy())[2]
                rows.append(row)
    return pd.DataFrame(rows)


def clopper_pearson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact binomial interval (Clopper & Pearson 1934), via scipy."""
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    return float(ci.low), float(ci.high)


def rate(verdicts: np.ndarray, mask: np.ndarray) -> tuple[int, int, float, float, float]:
    """k, n, k/n and its Clopper-Pearson interval over ``mask``."""
    n = int(mask.sum())
    k = int((verdicts[mask] == "supported").sum())
    lo, hi = clopper_pearson(k, n)
    return k, n, (k / n if n else float("nan")), lo, hi


def size_table(ret: pd.DataFrame, kinds: list[Kind], period: tuple[str, str]) -> pd.DataFrame:
    """False-"supported" rates per kind, window, direction, rule and quarter."""
    rows = []
    for kind in kinds:
        for window in WINDOWS:
            meta, inputs = run_kind(ret, kind, window, period)
            q = pd.DatetimeIndex(meta["day0"]).to_period("Q").astype(str).to_numpy()
            for rule, inp in (("before", previous_rule(inputs)), ("after", inputs)):
                for direction in ("up", "down"):
                    verdicts, _ = decide(inp, direction, alpha=ALPHA)
                    for part in ("all", "2018Q4", "2019Q1"):
                        mask = meta["ok"].to_numpy() & ((q == part) if part != "all" else True)
                        k, n, r, lo, hi = rate(verdicts, mask)
                        # clustered series (the US indices move together): an honest
                        # interval counts one observation per date, k scaled alike
                        n_eff = int(pd.DatetimeIndex(meta["day0"])[mask].nunique())
                        k_eff = int(round(k * n_eff / n)) if n else 0
                        lo_e, hi_e = clopper_pearson(k_eff, n_eff)
                        rows.append({"kind": kind.name, "window": _wl(window), "rule": rule,
                                     "direction": direction, "period": part, "k": k, "n": n,
                                     "rate": r, "ci_low": lo, "ci_high": hi,
                                     "k_eff": k_eff, "n_eff": n_eff, "ci_low_eff": lo_e,
                                     "ci_high_eff": hi_e})
    return pd.DataFrame(rows)


def power_table(ret: pd.DataFrame, kinds: list[Kind], period: tuple[str, str]) -> pd.DataFrame:
    """Share of "up" claims supported when +1% / +2% is added on day 0."""
    rows = []
    for kind in kinds:
        for window in ((0, 0), (0, 1)):
            for shift in (0.01, 0.02):
                meta, inputs = run_kind(ret, kind, window, period, shift=shift)
                ok = meta["ok"].to_numpy()
                for rule, inp in (("before", previous_rule(inputs)), ("after", inputs)):
                    verdicts, _ = decide(inp, "up", alpha=ALPHA)
                    k, n, r, lo, hi = rate(verdicts, ok)
                    rows.append({"kind": kind.name, "window": _wl(window), "shift": shift,
                                 "rule": rule, "k": k, "n": n, "rate": r, "ci_low": lo,
                                 "ci_high": hi})
    return pd.DataFrame(rows)


def sq_long_windows(ret: pd.DataFrame, kind: Kind, period: tuple[str, str], n_sim: int,
                    seed: int = 20181231) -> pd.DataFrame:
    """Size of the SQ test alone (one-sided, 5%) for L2 = 1, 5, 10, 20.

    Real: the 20 single stocks, market model, estimation [-260, -21], window
    [0, L2 - 1]. Synthetic (labelled): iid N(0, 1) residuals, constant mean
    fitted on L1 = 240 days, CAR = sum of the next L2 out-of-sample days.
    """
    rows = []
    rng = np.random.default_rng(seed)
    for L2 in (1, 5, 10, 20):
        meta, inputs = run_kind(ret, kind, (0, L2 - 1), period, estimation=(-260, -21))
        ok = meta["ok"].to_numpy()
        up = float(np.mean(inputs.sq_greater[ok] < ALPHA))
        down = float(np.mean(inputs.sq_less[ok] < ALPHA))
        L1 = 240
        y = rng.standard_normal((n_sim, L1 + L2))
        mu = y[:, :L1].mean(axis=1, keepdims=True)
        resid = y[:, :L1] - mu
        car = (y[:, L1:] - mu).sum(axis=1)
        g, lo_, _, _ = sq_pvalues(car, resid, L2)
        rows.append({"L2": L2, "real up": up, "real down": down, "n real": int(ok.sum()),
                     "synthetic iid up": float(np.mean(g < ALPHA)),
                     "synthetic iid down": float(np.mean(lo_ < ALPHA)), "n synthetic": n_sim})
    return pd.DataFrame(rows)


def _wl(w: tuple[int, int]) -> str:
    return f"[{w[0]:+d},{w[1]:+d}]".replace("+0", "0")


def _pct(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{100 * x:.1f}%"


def markdown(size: pd.DataFrame, power: pd.DataFrame, sq: pd.DataFrame,
             cand: pd.DataFrame, period: tuple[str, str], seconds: float,
             hood: pd.DataFrame | None = None) -> str:
    """Format the tables of docs/calibration.md's placebo section."""
    out = [f"Period {period[0]} to {period[1]} (every NYSE session a pseudo-event); "
           f"alpha = {ALPHA:g} one-sided per direction; cells: false \"supported\" rate "
           "[Clopper-Pearson 95% interval] (n). Generated by `python validation/placebo.py "
           f"--write` in {seconds:.0f} s.", ""]
    for direction in ("up", "down"):
        out += [f"**Claims \"{direction}\"** (before = t and SQ only; after = current rule)", "",
                "| targets | window | before: all | after: all | after: Q4 2018 "
                "| after: Q1 2019 |", "|---|---|---|---|---|---|"]
        sub = size[size.direction == direction]
        for (kind, window), g in sub.groupby(["kind", "window"], sort=False):
            cell = {}
            for _, r in g.iterrows():
                cell[(r["rule"], r["period"])] = (f"{_pct(r['rate'])} [{_pct(r['ci_low'])}, "
                                                  f"{_pct(r['ci_high'])}] ({r['n']})")
            out.append(f"| {kind} | {window} | {cell[('before', 'all')]} | "
                       f"{cell[('after', 'all')]} | {cell[('after', '2018Q4')]} | "
                       f"{cell[('after', '2019Q1')]} |")
        out.append("")
    idx = size[(size.kind == "US indices") & (size.rule == "after")
               & (size.period == "2018Q4")]
    if len(idx):
        out += ["**US indices, Q4 2018, counted per date** (^GSPC, ^DJI and ^IXIC move "
                "together, so the three pseudo-events of one date are nearly one "
                "observation: k and n scaled to distinct dates, Clopper-Pearson 95% "
                "interval on that effective n)", "",
                "| window | up: rate, k/n per date [interval] | down: rate, k/n per date "
                "[interval] |", "|---|---|---|"]
        for window, g in idx.groupby("window", sort=False):
            cell = {r["direction"]: (f"{_pct(r['rate'])}, {r['k_eff']}/{r['n_eff']} "
                                     f"[{_pct(r['ci_low_eff'])}, {_pct(r['ci_high_eff'])}]")
                    for _, r in g.iterrows()}
            out.append(f"| {window} | {cell['up']} | {cell['down']} |")
        out.append("")
    out += ["**Power** (share of \"up\" claims supported with an abnormal return added on "
            "day 0)", "", "| targets | window | added | before | after |", "|---|---|---|---|---|"]
    for (kind, window, shift), g in power.groupby(["kind", "window", "shift"], sort=False):
        r = {row["rule"]: row for _, row in g.iterrows()}
        out.append(f"| {kind} | {window} | +{shift:.0%} | {_pct(r['before']['rate'])} | "
                   f"{_pct(r['after']['rate'])} [{_pct(r['after']['ci_low'])}, "
                   f"{_pct(r['after']['ci_high'])}] |")
    out += ["", "**SQ test alone on long windows** (one-sided rejection rate at 5%; real: "
            "20 single stocks, market model, estimation [-260,-21]; synthetic: seeded iid "
            "normal, L1 = 240)", "",
            "| L2 | real up | real down | synthetic up | synthetic down |",
            "|---|---|---|---|---|"]
    for _, r in sq.iterrows():
        out.append(f"| {r['L2']} | {_pct(r['real up'])} | {_pct(r['real down'])} | "
                   f"{_pct(r['synthetic iid up'])} | {_pct(r['synthetic iid down'])} |")
    out += ["", "**Candidate rules** (how the current rule was chosen: false \"supported\" "
            "rate in Q4 2018, up / down, and power at +2% on day 0 for [0,0])", "",
            "| targets | window | rule | Q4 2018 up / down | power +2% |", "|---|---|---|---|---|"]
    for _, r in cand.iterrows():
        pw = r.get("power +2%")
        out.append(f"| {r['kind']} | {r['window']} | {r['rule']} | {_pct(r['Q4 up'])} / "
                   f"{_pct(r['Q4 down'])} | {'' if pw is None or pd.isna(pw) else _pct(pw)} |")
    if hood is not None:
        out += ["", "**Local test neighbourhood** (sessions each side of day 0 whose "
                "window-length sums are the local reference; false \"supported\" rate in "
                "Q4 2018, up / down, and power at +2% on day 0 for [0,0]; current rule "
                "otherwise)", "", "| targets | window | h | Q4 2018 up / down | power +2% |",
                "|---|---|---|---|---|"]
        for _, r in hood.iterrows():
            pw = r.get("power +2%")
            out.append(f"| {r['kind']} | {r['window']} | {r['h']} | {_pct(r['Q4 up'])} / "
                       f"{_pct(r['Q4 down'])} | "
                       f"{'' if pw is None or pd.isna(pw) else _pct(pw)} |")
    return "\n".join(out) + "\n"


def write_doc(text: str, path: Path = DOC) -> None:
    """Replace the placebo section of docs/calibration.md (between the markers)."""
    doc = path.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in doc:
        doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, doc,
                     flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fast", action="store_true", help="a few tickers, no synthetic SQ")
    ap.add_argument("--write", action="store_true", help="update docs/calibration.md")
    ap.add_argument("--start", default="2018-10-01")
    ap.add_argument("--end", default="2019-03-22")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    singles = SINGLES[:5] if args.fast else SINGLES
    groups = dict(list(GROUPS.items())[:2]) if args.fast else GROUPS
    ret = returns_frame(list(singles) + list(INDICES) + [t for g in groups.values() for t in g],
                        groups)
    kinds = [Kind("single stocks/ETFs", tuple(singles), "market"),
             Kind("US indices", INDICES, "constant_mean"),
             Kind("groups (equal-weighted)", tuple(f"group:{g}" for g in groups), "market")]
    period = (args.start, args.end)
    size = size_table(ret, kinds, period)
    power = power_table(ret, kinds, period)
    sq = sq_long_windows(ret, kinds[0], period, 200 if args.fast else 4000)
    cand = candidates_table(ret, kinds, period)
    hood = neighbourhood_table(ret, kinds, period)
    text = markdown(size, power, sq, cand, period, time.perf_counter() - t0, hood)
    sys.stdout.write(text)
    if args.write:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
