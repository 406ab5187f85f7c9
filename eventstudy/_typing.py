"""Type aliases shared across eventstudy: one name per concept.

Import them from here instead of redefining them in a module::

    from eventstudy._typing import FloatArray, Window

Validated variants (for example the study file's window, which also checks
``first <= last``) wrap these with :data:`typing.Annotated`, keeping the name
of the concept in their own.
"""

from __future__ import annotations

import os
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["BoolArray", "FloatArray", "PathLike", "Window"]

#: An event-time window ``(first, last)``: session offsets from day 0, both inclusive.
Window: TypeAlias = tuple[int, int]

#: A float64 array (returns, abnormal returns, variances, statistics, p-values).
FloatArray: TypeAlias = NDArray[np.float64]

#: A boolean mask array.
BoolArray: TypeAlias = NDArray[np.bool_]

#: A file-system path given by the caller (``str`` or any :class:`os.PathLike`).
PathLike: TypeAlias = str | os.PathLike[str]
