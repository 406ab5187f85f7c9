"""Registry of normal-return models: a class plus a default instance.

Examples
--------
>>> from eventstudy.models.registry import get_model
>>> get_model("market").name
'market'
"""

from __future__ import annotations

from collections.abc import Callable

from eventstudy.exceptions import UnknownModelError
from eventstudy.models.factors import FACTOR_MODELS
from eventstudy.models.specs import (
    ConstantMeanModel,
    DimsonModel,
    FactorModel,
    MarketAdjustedModel,
    MarketModel,
    ModelSpec,
    ScholesWilliamsModel,
)

__all__ = ["ModelRegistry", "registry", "get_model"]


class ModelRegistry:
    """Maps model names to factories of :class:`~eventstudy.models.specs.ModelSpec`.

    Tests build a fresh ``ModelRegistry()``; the package uses :data:`registry`.
    """

    def __init__(self, *, defaults: bool = True) -> None:
        self._factories: dict[str, Callable[..., ModelSpec]] = {}
        if defaults:
            self.register("market", MarketModel)
            self.register("constant_mean", ConstantMeanModel)
            self.register("market_adjusted", MarketAdjustedModel)
            self.register("dimson", DimsonModel)
            self.register("factor", FactorModel)
            self.register("scholes_williams", ScholesWilliamsModel)
            for name, cls in FACTOR_MODELS.items():
                self.register(name, cls)

    def register(
        self, name: str, factory: Callable[..., ModelSpec], *, force: bool = False
    ) -> None:
        """Register ``factory`` under ``name`` (refuses to overwrite unless ``force``)."""
        if name in self._factories and not force:
            raise ValueError(f"model {name!r} is already registered; pass force=True to replace it")
        self._factories[name] = factory

    @property
    def names(self) -> list[str]:
        """Registered model names, sorted."""
        return sorted(self._factories)

    def get(self, name: str, **options: object) -> ModelSpec:
        """Build the spec registered as ``name`` with ``options``.

        Raises
        ------
        UnknownModelError
            If ``name`` is not registered; the message lists the valid names.
        """
        try:
            factory = self._factories[name]
        except (KeyError, TypeError):
            raise UnknownModelError(
                f"unknown model {name!r}; valid models are: {', '.join(self.names)}",
                hint="set model.kind in the study file to one of these names",
            ) from None
        return factory(**options)

    def __contains__(self, name: object) -> bool:
        return name in self._factories


#: the package-wide registry
registry = ModelRegistry()


def get_model(name: str, **options: object) -> ModelSpec:
    """Return the model spec registered as ``name`` in the default registry."""
    return registry.get(name, **options)
