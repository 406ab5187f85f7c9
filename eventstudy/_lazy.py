"""Package names that load on first use (PEP 562), for light imports.

``import eventstudy`` or ``eventstudy.pipeline.coverage`` (what ``validate``
needs) must not import the estimation stack (scipy, statsmodels, numba):
a package lists its public names and the module defining each, and
:func:`export_lazily` installs a module ``__getattr__`` that imports them
when first used.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def export_lazily(package: str, exports: dict[str, str], *, shadowed: tuple[str, ...] = ()
                  ) -> None:
    """Make ``package`` import each of ``exports`` (name -> module) on first use.

    ``shadowed`` names are both a public object and a submodule of the same
    name (``eventstudy.pipeline.run``): importing the submodule makes Python
    bind the package attribute to the module; the object of that name is kept
    instead, as an eager ``from .run import run`` always did.
    """
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:  # noqa: N807
        if name in exports:
            value = getattr(importlib.import_module(exports[name]), name)
            setattr(module, name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(exports) | set(module.__dict__.get("__all__", ())))

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    module.__dir__ = __dir__  # type: ignore[method-assign]
    if shadowed:
        keep = frozenset(shadowed)

        class _Package(types.ModuleType):
            def __setattr__(self, name: str, value: Any) -> None:
                if name in keep and isinstance(value, types.ModuleType):
                    value = getattr(value, name)
                super().__setattr__(name, value)

        module.__class__ = _Package
