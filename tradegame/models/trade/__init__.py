"""The trade model: payoffs from sourced economic blocks, at any lever setting.

``blocks`` declares each block once (parameters, levers, whom it applies to,
how it is evaluated) in :data:`~tradegame.models.trade.blocks.REGISTRY`;
``parser`` reads a scenario file against those declarations; ``model`` holds
the compiled :class:`TradeModel` and evaluates it.
"""

from .blocks import REGISTRY, Block
from .model import TradeModel
from .parser import parse_trade_model, slug

__all__ = ["REGISTRY", "Block", "TradeModel", "parse_trade_model", "slug"]
