"""Write a run's output folder safely: all files or none, never through a link.

The files are written into a temporary folder beside ``out`` and then moved
into place with :func:`os.rename` (atomic on one file system): a Ctrl-C, a
SIGKILL or a failure while writing leaves the previous folder (or none)
untouched, never a mix of old and new files. A marker file
(:data:`MARKER`, JSON) lists the files eventstudy wrote; a file of the same
name that eventstudy did not write is never replaced unless ``force``.

Refused before any work is done (:func:`check_out`): an empty ``out``, an
``out`` that is a symbolic link, lies inside the price cache or contains it,
or is the current folder or one of its parents; an existing output file
that is a link or a folder. Files inside an old output folder are replaced
as directory entries, so a link planted there is removed, never followed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from eventstudy.exceptions import OutputFolderError

__all__ = ["MARKER", "OUTPUT_FILES", "check_out", "publish"]

#: the marker file listing what eventstudy wrote in an output folder
MARKER = ".eventstudy-output.json"
#: files a run writes (others may add theirs: the marker lists what was actually written)
OUTPUT_FILES = ("report.html", "abnormal_returns.csv", "car.csv", "claims.json", "study.json",
                "summary.md")


def _ours(out: Path) -> set[str]:
    """File names eventstudy wrote in ``out``: the marker's list.

    A folder written before markers existed is recognised by its
    ``study.json`` (eventstudy's own, with a ``versions.eventstudy`` entry):
    its output files count as ours.
    """
    try:
        data = json.loads((out / MARKER).read_text("utf-8"))
        return {str(f) for f in data.get("files", [])} if isinstance(data, dict) else set()
    except (OSError, ValueError, AttributeError):
        pass
    try:
        study = json.loads((out / "study.json").read_text("utf-8"))
        if isinstance(study, dict) and "eventstudy" in (study.get("versions") or {}):
            return {n for n in OUTPUT_FILES if (out / n).is_file()}
    except (OSError, ValueError, TypeError):
        pass
    return set()


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_out(out: str | os.PathLike[str], *, cache_dir: Path | None = None,
              force: bool = False, names: tuple[str, ...] = OUTPUT_FILES) -> Path:
    """Check an output folder before a run; return it as a :class:`~pathlib.Path`.

    Parameters
    ----------
    out
        The output folder (``--out``).
    cache_dir
        The price cache folder (an output folder may be neither in it nor around it).
    force
        Replace files of the same names that eventstudy did not write.
    names
        The file names the run will write.

    Raises
    ------
    OutputFolderError
        With the folder and the reason in its fields (``folder``, ``reason``).
    """
    text = os.fspath(out)
    if not text.strip():
        raise OutputFolderError("the output folder is empty ('')", folder=text,
                                reason="empty", hint="name a folder, e.g. reports/my_study")
    path = Path(text)
    if path.is_symlink():
        raise OutputFolderError(f"the output folder {path} is a symbolic link (to "
                                f"{os.readlink(path)}); outputs never follow links",
                                folder=path, reason="symlink",
                                hint="name a real folder (or a new one)")
    real = path.resolve()
    for up in [path, *path.parents]:
        if up.exists() and not up.is_dir():
            raise OutputFolderError(f"the output folder {path}: {up} is a file, not a folder",
                                    folder=path, reason="not a folder",
                                    hint="name a folder (choose another --out DIR)")
    if path.exists() and not path.is_dir():
        raise OutputFolderError(f"the output folder {path} is a file", folder=path,
                                reason="not a folder", hint="name a folder, not a file")
    cwd = Path.cwd().resolve()
    if _inside(cwd, real):
        raise OutputFolderError(f"the output folder {path} is the current folder or one of "
                                "its parents", folder=path, reason="current folder",
                                hint="name a sub-folder, e.g. reports/my_study")
    if cache_dir is not None:
        cache = Path(cache_dir).resolve()
        if _inside(real, cache) or _inside(cache, real):
            raise OutputFolderError(
                f"the output folder {path} is {'inside' if _inside(real, cache) else 'around'} "
                f"the price cache {cache}; a run never writes there", folder=path,
                reason="cache", hint="name a folder outside the cache, e.g. reports/my_study")
    if path.is_dir():
        ours = _ours(path)
        for name in names:
            f = path / name
            if f.is_symlink() or (f.exists() and not f.is_file()):
                kind = "a symbolic link" if f.is_symlink() else "not a file"
                if not force or not f.is_symlink():
                    raise OutputFolderError(
                        f"{f} is {kind}; a run replaces only files it wrote", folder=path,
                        reason="link", hint="remove it, or choose another --out folder"
                        + (" (or pass --force to replace the link itself)"
                           if f.is_symlink() else ""))
            elif f.exists() and name not in ours and not force:
                raise OutputFolderError(
                    f"{f} exists and was not written by eventstudy (no {MARKER} lists it); "
                    "it is not overwritten", folder=path, reason="foreign file",
                    hint="choose another --out folder, or pass --force to replace it")
    return path


def publish(out: Path, write: Callable[[Path], None]) -> list[str]:
    """Write the outputs with ``write(tmp_folder)`` and move them into ``out`` at once.

    Returns
    -------
    list of str
        The file names written (recorded in the marker).
    """
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        write(tmp)
        files = sorted(p.name for p in tmp.iterdir() if p.is_file())
        (tmp / MARKER).write_text(json.dumps({
            "written_by": "eventstudy", "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": files}, indent=2), encoding="utf-8")
        if not out.exists() and not out.is_symlink():
            os.rename(tmp, out)
        elif {p.name for p in out.iterdir()} <= _ours(out) | {MARKER}:
            # an earlier run's folder holding nothing else: swap the folders
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=parent))
            os.rename(out, old / "x")
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            # other files live there too: replace ours one by one (links replaced, not
            # followed), the marker last
            for name in [*files, MARKER]:
                os.replace(tmp / name, out / name)
            shutil.rmtree(tmp, ignore_errors=True)
        return files
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp, ignore_errors=True)
        raise
