"""Payoff models: how a scenario's payoffs are built.

:data:`MODELS` maps the ``model`` named in a scenario file to the model that
reads the rest of the file. Every model offers the interface of
:class:`~tradegame.models.base.PayoffModel`: parameters, levers, strategies as
lever settings, a status quo, and payoffs at any lever setting.

============================  ================================================
model                         payoffs
============================  ================================================
``"explicit"``                typed from a cited source (:mod:`.explicit`)
``"trade-model"``             derived from sourced economic blocks (:mod:`.trade`)
============================  ================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import Lever, ParameterRow, PayoffModel, ScenarioHeader
from .explicit import ExplicitModel, build_explicit

__all__ = ["MODELS", "ExplicitModel", "Lever", "ModelSpec", "ParameterRow", "PayoffModel"]


@dataclass(frozen=True)
class ModelSpec:
    """A payoff model a scenario file can name.

    ``build`` receives the :class:`~tradegame.models.base.ScenarioHeader` and
    returns the model; ``top_keys``, ``player_keys`` and ``strategy_keys`` are
    the extra file keys it reads.
    """

    build: Callable[..., Any]
    top_keys: frozenset[str]
    player_keys: frozenset[str]
    strategy_keys: frozenset[str] | None
    """Keys a strategy table may have besides name and description; None: the model checks."""
    formats: tuple[int, ...]


def _trade_build(header: ScenarioHeader) -> Any:
    from .trade import parse_trade_model

    return parse_trade_model(header)


MODELS: dict[str, ModelSpec] = {
    "explicit": ModelSpec(
        build_explicit, frozenset({"payoffs"}), frozenset(), frozenset(), formats=(1, 2)
    ),
    "trade-model": ModelSpec(
        _trade_build,
        frozenset({"parameters", "flows"}),
        frozenset({"key", "levers", "parameters"}),
        None,
        formats=(2,),
    ),
}
