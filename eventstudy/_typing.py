"""Type aliases shared across eventstudy: one name per concept.

Import them from here instead of redefining them in a module::

    from eventstudy._typing import FloatArray, Window

Validated variants (for example the study file's window, which also checks
``first <= last``) wrap these with :data:`typing.Annotated`, keeping the name
of the concept in their own.
"""

from __future__ import annotations

import os
from typing import Any, TypeAlias, cast

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["BoolArray", "FloatArray", "PathLike", "Window", "date_index", "position"]

#: An event-time window ``(first, last)``: session offsets from day 0, both inclusive.
Window: TypeAlias = tuple[int, int]

#: A float64 array (returns, abnormal returns, variances, statistics, p-values).
FloatArray: TypeAlias = NDArray[np.float64]

#: A boolean mask array.
BoolArray: TypeAlias = NDArray[np.bool_]

#: A file-system path given by the caller (``str`` or any :class:`os.PathLike`).
PathLike: TypeAlias = str | os.PathLike[str]


def date_index(obj: pd.Series | pd.DataFrame | pd.Index) -> pd.DatetimeIndex:
    """Return the date index of a frame or series known to be indexed by dates.

    pandas-stubs types every ``.index`` as a plain ``Index``; this is the one
    place that tells mypy what eventstudy's price, return and factor frames
    carry. Nothing is converted at run time.
    """
    index = obj if isinstance(obj, pd.Index) else obj.index
    return cast(pd.DatetimeIndex, index)


def position(index: pd.Index, key: Any) -> int:
    """Return the position of ``key`` in a unique index (:meth:`pandas.Index.get_loc`).

    pandas-stubs types ``get_loc`` for every kind of index (an int, a slice or
    a mask); on the unique indexes eventstudy uses it on, it is an int.
    """
    return int(cast(int, index.get_loc(key)))
