"""Command-line interface: ``python -m eventstudy`` / ``eventstudy``.

Each sub-command lives in its own module exposing ``register(subparsers)``,
which adds its parser and sets ``func`` (a callable taking the parsed
``argparse.Namespace`` and returning an exit code).

Every :class:`~eventstudy.exceptions.EventStudyError` is printed as one
clear message on stderr with exit code 2 -- never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence

from eventstudy.exceptions import EventStudyError, EventStudyWarning

#: sub-command modules, in the order shown by ``--help``
COMMANDS: tuple[str, ...] = ("run", "validate", "fetch", "cache", "draft")


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every sub-command."""
    from eventstudy import __version__

    parser = argparse.ArgumentParser(
        prog="eventstudy",
        description="Market-reaction event studies: check news claims against prices.",
    )
    parser.add_argument("--version", action="version", version=f"eventstudy {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"eventstudy.cli.{name}_cmd").register(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
    """Print eventstudy warnings as one readable line, others as usual."""
    if issubclass(category, EventStudyWarning):
        print(f"warning: {message}", file=sys.stderr)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def cli_advice(exc: EventStudyError, args: argparse.Namespace) -> str | None:
    """Shell commands that fix a library error, built from its fields (CLI only).

    Library errors carry data (ticker, ranges, folder); the commands to type
    belong to the command line, so they are added here and nowhere else.
    """
    from pathlib import Path

    from eventstudy.exceptions import (
        DataCoverageError,
        OutputFolderError,
        ProviderUnreachableError,
    )

    if isinstance(exc, DataCoverageError):
        tips = []
        folder = Path(str(exc.folder)) if exc.folder is not None else None
        flag = f" --cache '{folder}'" if folder is not None else ""
        if folder is not None and not folder.is_dir():
            tips.append(f"the folder {folder} does not exist: run from the folder that holds "
                        "cache/, or pass --cache DIR (or set data.cache in the study)")
        for ticker, ranges in exc.missing[:3]:
            if ranges:
                lo, hi = min(a for a, _ in ranges), max(b for _, b in ranges)
                tips.append(f"`python -m eventstudy fetch --tickers '{ticker}' --start "
                            f"{lo:%Y-%m-%d} --end {hi:%Y-%m-%d}{flag}` while online")
        if len(exc.missing) > 3:
            study = getattr(args, "study", None)
            tips.append(f"`python -m eventstudy fetch {study}{flag}` fetches them all"
                        if study else f"{len(exc.missing) - 3} more tickers")
        return "; ".join(tips) or None
    if isinstance(exc, ProviderUnreachableError) and getattr(args, "study", None):
        return f"`python -m eventstudy fetch {args.study}` once while online"
    if isinstance(exc, OutputFolderError) and exc.reason == "foreign file":
        return "add --force to replace them, or --out DIR for another folder"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            return int(args.func(args) or 0)
        except EventStudyError as exc:
            print(f"error: {exc}", file=sys.stderr)
            advice = cli_advice(exc, args)
            if advice:
                print(f"  in the shell: {advice}", file=sys.stderr)
            return exc.exit_code
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            # output piped into e.g. `head`, which stopped reading: not an error.
            # Point stdout at devnull so the interpreter's final flush stays quiet.
            import os

            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):  # stdout is not a real file
                pass
            return 0
        finally:
            warnings.showwarning = _default_showwarning
