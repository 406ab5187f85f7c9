"""models stage: return construction, normal-return models, exact prediction variance.

The names below load on first use (:mod:`eventstudy._lazy`): reading a factor
file or joining returns (``models.join``) does not import scipy.
``eventstudy.models.registry`` is the registry object, not its module.
"""

from typing import TYPE_CHECKING

from eventstudy._lazy import export_lazily

if TYPE_CHECKING:  # the names for type checkers; loaded on first use at run time
    from eventstudy.models.base import FittedModel
    from eventstudy.models.join import (
        asset_returns,
        join_factors,
        read_factor_csv,
        trade_to_trade,
    )
    from eventstudy.models.registry import ModelRegistry, get_model, registry
    from eventstudy.models.specs import (
        ConstantMeanModel,
        DimsonModel,
        FactorModel,
        MarketAdjustedModel,
        MarketModel,
        ModelSpec,
    )
    from eventstudy.models.summary import Summary

__all__ = [
    "FittedModel",
    "ModelSpec",
    "MarketModel",
    "ConstantMeanModel",
    "MarketAdjustedModel",
    "DimsonModel",
    "FactorModel",
    "ModelRegistry",
    "registry",
    "get_model",
    "asset_returns",
    "trade_to_trade",
    "join_factors",
    "read_factor_csv",
    "Summary",
]

export_lazily(__name__, {
    "FittedModel": "eventstudy.models.base",
    **dict.fromkeys(["asset_returns", "join_factors", "read_factor_csv", "trade_to_trade"],
                    "eventstudy.models.join"),
    **dict.fromkeys(["ModelRegistry", "get_model", "registry"], "eventstudy.models.registry"),
    **dict.fromkeys(["ConstantMeanModel", "DimsonModel", "FactorModel", "MarketAdjustedModel",
                     "MarketModel", "ModelSpec"], "eventstudy.models.specs"),
    "Summary": "eventstudy.models.summary",
}, shadowed=("registry",))
