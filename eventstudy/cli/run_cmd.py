"""``eventstudy run STUDY.yaml [--out DIR] [--offline]``: run a study, write the report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add the ``run`` sub-command."""
    p = subparsers.add_parser(
        "run", help="run a study file and write the report",
        description="Load prices (cache first), align events, estimate, test, judge the "
                    "claims and write report.html, abnormal_returns.csv, car.csv, "
                    "claims.json and study.json.")
    p.add_argument("study", type=Path, help="the study file (YAML)")
    p.add_argument("--out", default=None,
                   help="output folder (default: reports/<study file stem>/)")
    p.add_argument("--offline", action="store_true", default=None,
                   help="use the price cache only, never the network")
    p.add_argument("--cache", metavar="DIR", default=None,
                   help="price cache folder (default: the study's data.cache, relative to the "
                   "study file; else $EVENTSTUDY_CACHE; else ./cache in the current folder)")
    p.add_argument("--force", action="store_true",
                   help="replace output files of the same names that eventstudy did not write")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from eventstudy.exceptions import EventStudyError
    from eventstudy.pipeline.outputs import OUTPUT_FILES
    from eventstudy.pipeline.run import default_out, run

    if not args.study.exists():
        raise EventStudyError(f"study file not found: {args.study}",
                              hint="give the path to a .yaml study, e.g. studies/trade_talks.yaml")
    out = Path(args.out) if args.out else default_out(args.study)
    if args.out is not None and not args.out.strip():
        from eventstudy.exceptions import OutputFolderError

        raise OutputFolderError("the output folder is empty ('')", folder=args.out,
                                reason="empty", hint="name a folder, e.g. --out reports/my_study")
    t0 = time.perf_counter()
    tty = sys.stderr.isatty()

    def progress(msg: str) -> None:
        if args.quiet:
            return
        line = f"[{time.perf_counter() - t0:5.1f}s] {msg}"
        if tty:
            sys.stderr.write("\r\033[K" + line)
            sys.stderr.flush()
        else:
            print(line, file=sys.stderr)

    result = run(args.study, out=out, offline=args.offline, progress=progress,
                 cache=args.cache, force=args.force)
    if tty and not args.quiet:
        sys.stderr.write("\r\033[K")
    print(result.summary())
    others = ", ".join(f for f in OUTPUT_FILES if f != "report.html")
    print(f"\nreport: {out / 'report.html'}  ({time.perf_counter() - t0:.1f}s; also {others})")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if result.warnings:
        print(f"{len(result.warnings)} warning(s); data warnings are also shown next to the "
              "numbers they affect in the report.", file=sys.stderr)
    return 0
