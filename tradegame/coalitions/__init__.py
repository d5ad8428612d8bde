"""Coalitions and alliance stability: who should pay, and which clubs hold together.

Cooperative games (transferable utility) answer *how to share* what a coalition
can achieve or *who should pay* for what it shares:

* :mod:`~tradegame.coalitions.values` -- characteristic functions
  (:class:`CharacteristicFunction`), held densely by bitmask;
* :mod:`~tradegame.coalitions.shapley` -- the Shapley value, exact (batched) or
  sampled;
* :mod:`~tradegame.coalitions.core` -- the core, the least core and the nucleolus;
* :mod:`~tradegame.coalitions.costs` -- cost-sharing games and the airport game.

Non-cooperative club formation answers *whether an alliance is self-enforcing*:

* :mod:`~tradegame.coalitions.clubs` -- internal and external stability, the
  public-goods club and the penalty (Nordhaus's climate-club tariff) that
  stabilises a larger club.
"""

from __future__ import annotations

from .clubs import (
    ClubPayoffs,
    penalty_for_stability,
    public_goods_club,
    stability,
    stability_flags,
    stable_sizes,
    symmetric_stability,
)
from .core import (
    LeastCore,
    core_is_empty,
    core_point,
    in_core,
    least_core,
    nucleolus,
    prenucleolus,
)
from .costs import airport_game, airport_shares, cost_shares
from .shapley import SampledShapley, shapley, shapley_batch, shapley_sampled
from .values import CharacteristicFunction

__all__ = [
    "CharacteristicFunction",
    "ClubPayoffs",
    "LeastCore",
    "SampledShapley",
    "airport_game",
    "airport_shares",
    "core_is_empty",
    "core_point",
    "cost_shares",
    "in_core",
    "least_core",
    "nucleolus",
    "penalty_for_stability",
    "prenucleolus",
    "public_goods_club",
    "shapley",
    "shapley_batch",
    "shapley_sampled",
    "stability",
    "stability_flags",
    "stable_sizes",
    "symmetric_stability",
]
