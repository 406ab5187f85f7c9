"""Benchmark: ``eventstudy.draft.draft_study`` time against article length.

SYNTHETIC TEXT ONLY: the article is the corpus article
``tests/data/articles/truce_talks.txt`` (our own words) with its body
repeated until the text reaches the target size, so every paragraph carries
dates, subjects, moves and causes -- the worst case for attribution.

Run (from the repo root)::

    python benchmarks/bench_draft.py                 # 25, 50, 100, 200 KB
    python benchmarks/bench_draft.py --sizes 200     # one size

Printed per size: best wall seconds of ``--repeat`` runs (default 3), the
number of sentences, events and claims, and seconds per 100 KB. Linear time
means the last column stays flat as the size grows.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[1] / "tests/data/articles/truce_talks.txt"


def make_article(kbytes: int) -> str:
    """The corpus article with its body repeated to about ``kbytes`` KB."""
    text = ARTICLE.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    parts = [head, "\n\n"]
    size = len(head)
    while size < kbytes * 1024:
        parts.append(body.rstrip() + "\n\n")
        size += len(body) + 2
    return "".join(parts)


def main() -> None:
    """Time draft_study on each size."""
    from eventstudy.draft import draft_study, to_yaml

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'KB':>5} {'seconds':>8} {'sentences':>9} {'events':>6} {'claims':>6} {'s/100KB':>8}")
    for kb in args.sizes:
        text = make_article(kb)
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            d = draft_study(text, source_name="bench.txt")
            to_yaml(d)
            best = min(best, time.perf_counter() - t0)
        print(
            f"{len(text) / 1024:5.0f} {best:8.2f} {len(d.sentences):9d} {len(d.events):6d} "
            f"{len(d.claims):6d} {best / (len(text) / 1024) * 100:8.3f}"
        )


if __name__ == "__main__":
    main()
