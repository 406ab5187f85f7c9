"""models stage: return construction, normal-return models, exact prediction variance."""

from eventstudy.models.base import FittedModel
from eventstudy.models.join import asset_returns, join_factors, read_factor_csv, trade_to_trade
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
