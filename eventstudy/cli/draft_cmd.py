"""``eventstudy draft ARTICLE.txt``: draft a study file from a news article."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from eventstudy._files import atomic_write
from eventstudy.exceptions import DraftError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``draft`` sub-command."""
    p = subparsers.add_parser(
        "draft",
        help="draft a study file from a plain-text news article",
        description=(
            "Resolve the article's dates against its dateline, find candidate events and "
            "claims, suggest assets, and write a study YAML for a human to check. "
            "Items needing a decision are marked TODO(human) and listed under needs_review."
        ),
    )
    p.add_argument("article", type=Path, help="plain-text article (UTF-8)")
    p.add_argument(
        "--date",
        help="the article's date, YYYY-MM-DD (else read from its dateline: 'December 31, 2018', "
        "'BEIJING, Dec 31 (Reuters) -', 'Published ...', ISO timestamps; see docs/draft.md)",
    )
    p.add_argument("--timezone", help="IANA time zone of the article's dates, set on every event")
    p.add_argument("--publisher", help="publisher (overrides the one the dateline names)")
    p.add_argument(
        "--out", type=Path, help="write the study here (default: stdout); an existing file "
        "is kept unless --force"
    )
    p.add_argument(
        "--force", action="store_true", help="replace the --out file if it exists (a reviewed "
        "draft there is lost)"
    )
    p.add_argument(
        "--mapping", type=Path, help="subject -> ticker mapping file (default: built in)"
    )
    p.add_argument(
        "--cache",
        type=Path,
        help="price cache folder written into the study (default: $EVENTSTUDY_CACHE or ./cache)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Draft the study, write it, print the summary; 0 on success."""
    from eventstudy.draft import draft_study, summary, to_yaml
    from eventstudy.draft.render import relative_cache

    if args.out is not None:
        _check_out(args.out, args.article, force=args.force)
    try:
        text = args.article.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DraftError(
            f"article not found: {args.article}", hint="give a plain-text file"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(
            f"cannot read {args.article}: {exc}", hint="save it as UTF-8 text"
        ) from None
    draft = draft_study(
        text,
        date=args.date,
        timezone=args.timezone,
        publisher=args.publisher,
        mapping=args.mapping,
        source_name=args.article.name,
    )
    cache = args.cache or Path(os.environ.get("EVENTSTUDY_CACHE") or "cache")
    rendered = to_yaml(draft, cache=relative_cache(args.out, cache))
    if args.out is None:
        sys.stdout.write(rendered)
        print(summary(draft), file=sys.stderr)
        return 0
    try:
        atomic_write(args.out, rendered.encode("utf-8"))
    except OSError as exc:
        raise DraftError(f"cannot write {args.out}: {exc.strerror}") from None
    print(f"wrote {args.out}")
    print(summary(draft))
    return 0


def _check_out(out: Path, article: Path, *, force: bool) -> None:
    """Refuse an ``--out`` that would overwrite the article or, without ``--force``, a file.

    A drafted study is edited by hand before it runs, so an earlier draft at the same path
    may hold a reviewer's work: replacing it silently would lose that work.
    """
    if out.exists() and article.exists() and out.resolve() == article.resolve():
        raise DraftError(
            f"--out {out} is the article itself", hint="write the study to another file"
        )
    if out.exists() and not out.is_dir() and not force:
        raise DraftError(
            f"{out} already exists (a reviewed draft there would be lost)",
            hint="pass --force to replace it, or write to another file with --out",
        )
