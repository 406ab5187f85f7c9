"""One stderr line when the compiled kernel is about to be compiled (a cold numba cache).

numba compiles each kernel function on its first call and caches the machine
code on disk (``cache=True``); the cache is keyed to the source file and the
machine, so a fresh clone, a new numba or a new CPU starts cold and the first
``run`` pays the compilation once. :func:`announce_compile` tells the user so,
once per process, and only when numba's own cache index provably lacks the
entry numba is about to look up (the same key numba computes), never from a
timing guess. Anything unexpected in numba's internals means "don't know":
no line.

``notify`` is where the line goes (default: standard error); a front end can
point it at its own progress output.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

#: measured first-run compile cost, CPU seconds on a 2-core machine (docs/benchmarks.md)
COMPILE_SECONDS = 7

MESSAGE = (f"note: compiling the fast engine once (about {COMPILE_SECONDS} s); "
           "later runs reuse it")


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


#: where the note goes; replace to route it through a front end's progress output
notify: Callable[[str], None] = _stderr

_lock = threading.Lock()
_checked: set[str] = set()
_announced = False


def will_compile(dispatcher: Any, args: tuple) -> bool | None:
    """Whether calling ``dispatcher(*args)`` compiles: True, False, or None (unknown).

    False when the signature is already compiled in this process or numba's
    on-disk cache index holds it for this machine; True when it does not.
    """
    try:
        import numba

        sig = tuple(numba.typeof(a) for a in args)
        if sig in dispatcher.overloads:
            return False
        cache = dispatcher._cache
        if not getattr(cache, "_enabled", False) or not hasattr(cache, "_cache_file"):
            return None
        key = cache._index_key(sig, dispatcher.targetctx.codegen())
        return key not in cache._cache_file._load_index()
    except Exception:  # numba internals changed, JIT disabled, ...: do not guess
        return None


def announce_compile(dispatcher: Any, args: tuple) -> None:
    """Write :data:`MESSAGE` once per process if ``dispatcher(*args)`` is about to compile."""
    global _announced
    name = getattr(dispatcher, "__name__", repr(dispatcher))
    if _announced or name in _checked:
        return
    with _lock:
        if _announced or name in _checked:
            return
        _checked.add(name)
        if will_compile(dispatcher, args):
            _announced = True
            notify(MESSAGE)
