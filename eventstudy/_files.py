"""Whole-file writes: a file is either its old self or its new self, never half-written.

One helper for every place that writes a user's or the cache's file (the price cache,
the factor cache, ``eventstudy draft --out``): the bytes go to a temporary file in the
target's folder, are flushed to disk, and are moved in place with :func:`os.replace`,
which is atomic on POSIX and Windows when both names are on one file system. A crash or
Ctrl-C mid-write leaves the old file untouched and removes the temporary one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and :func:`os.replace`.

    Parameters
    ----------
    path
        The file to (re)write; its folder must exist.
    data
        The file's whole new content.

    Raises
    ------
    OSError
        If the folder cannot take the temporary file or the move fails; ``path`` is then
        unchanged.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
