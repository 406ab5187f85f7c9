"""Benchmark: the report of a study with hundreds of claims, and of the bundled study.

REAL DATA (the committed cache): the bundled study's six events and 19 assets,
with its nine claims replaced by ``--claims`` (default 500) generated claims,
one per event x asset x window ([0,0], [0,1], [-1,1], [0,2], [-2,2]) in that
order, directions cycling up/down/any, the first two marked ``headline: true``.
The claims are made up (not from any source); the prices are real.

SYNTHETIC (``--assets N``, seeded, benchmarks/studygen.py): a CSV study of N
assets x 5 events with a claim on the group of all N per event, for the
report of a large group (charts of the average, the members' spread and the
named extremes; member tables cut to the largest and smallest moves).

Run (from the repo root)::

    python benchmarks/bench_report.py              # 500 claims + the bundled study
    python benchmarks/bench_report.py --claims 100
    python benchmarks/bench_report.py --claims 0 --assets 500   # + 500 assets x 5 events

Printed: the pipeline's wall time without output (estimation and verdicts,
not the report), then best-of-``--repeat`` wall seconds of ``render_html``
(charts included), of ``to_markdown``, the HTML size, the number of charts
and of answer sentences; the same for the bundled study, plus its whole
``run`` with all outputs written.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eventstudy.pipeline import run  # noqa: E402
from eventstudy.report import render_html  # noqa: E402

STUDY = REPO / "studies" / "trade_talks.yaml"
WINDOWS = ([0, 0], [0, 1], [-1, 1], [0, 2], [-2, 2])
DIRECTIONS = ("up", "down", "any")


def big_study(n: int, folder: Path) -> Path:
    """The bundled study with ``n`` generated claims (absolute cache path)."""
    text = STUDY.read_text(encoding="utf-8").replace("cache: ../cache",
                                                     f"cache: {REPO / 'cache'}")
    head = text[:text.index("\nclaims:")]
    events = re.findall(r"^  - id: (\w+)", head[head.index("\nevents:"):
                                                head.index("\ncontext_events:")], re.M)
    tickers = re.findall(r"\{ticker: ([^,]+),", head)
    lines = ["", "claims:"]
    k = 0
    for ev in events:
        for t in tickers:
            for w in WINDOWS:
                if k >= n:
                    break
                lines.append(f"  - {{id: c{k:04d}_{ev}, text: \"generated claim {k} on {t}\", "
                             f"event: {ev}, assets: \"{t}\", window: [{w[0]}, {w[1]}], "
                             f"direction: {DIRECTIONS[k % 3]}"
                             f"{', headline: true' if k < 2 else ''}}}")
                k += 1
    path = folder / f"bench_{n}.yaml"
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return path


CPU: list[float] = []  # CPU seconds of the best run of the last best() call


def best(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    """Best wall time of ``repeat`` runs (other jobs share the cores); its CPU time in CPU."""
    times, out = [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = min(times)
    CPU[:] = [cpu]
    return wall, out


def report(label: str, res, repeat: int) -> None:  # noqa: ANN001
    t_html, html = best(lambda: render_html(res), repeat)
    c_html = CPU[0]
    t_md, _ = best(res.to_markdown, repeat)
    n_svg = html.count("<svg")
    n_ans = html.count('class="answer ')
    print(f"{label}: {len(res.claim_records)} claims; "
          f"render_html {t_html:.2f} s wall, {c_html:.2f} s CPU "
          f"({len(html) / 1e6:.2f} MB, {n_svg} charts, {n_ans} answer sentences); "
          f"to_markdown {t_md:.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--assets", type=int, default=0,
                    help="also a SYNTHETIC CSV study of this many assets x 5 events")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.claims:
            path = big_study(args.claims, Path(tmp))
            t0 = time.perf_counter()
            res = run(path, offline=True)
            print(f"pipeline without output, {args.claims} claims: "
                  f"{time.perf_counter() - t0:.1f} s")
            report(f"{args.claims}-claim study", res, args.repeat)
        if args.assets:
            sys.path.insert(0, str(REPO / "benchmarks"))
            import studygen

            path = studygen.make(Path(tmp) / "csv", args.assets, 5, start="2017-01-03")
            t0 = time.perf_counter()
            res = run(path)
            print(f"pipeline without output, SYNTHETIC {args.assets} assets x 5 events: "
                  f"{time.perf_counter() - t0:.1f} s")
            report(f"{args.assets} x 5 study", res, args.repeat)
        small = run(STUDY, offline=True)
        report("bundled study", small, args.repeat)
        t_run, _ = best(lambda: run(STUDY, out=Path(tmp) / "out", offline=True), args.repeat)
        print(f"bundled study, whole run with all outputs: {t_run:.2f} s wall, {CPU[0]:.2f} s "
              "CPU (in-process, imports excluded)")


if __name__ == "__main__":
    main()
