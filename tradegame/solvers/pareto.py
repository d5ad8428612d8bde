"""Pareto-efficient pure profiles.

A profile is Pareto efficient when no other profile gives every player at
least as much and some player strictly more. The check is vectorized over
blocks of profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..game import Game, require_game

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["pareto_efficient", "pareto_mask"]

_CELLS = 1 << 24  # comparisons held in memory at once


def pareto_mask(points: np.ndarray) -> np.ndarray:
    """Which rows of ``points`` (shape ``(K, n_players)``) are not Pareto dominated."""
    points = np.asarray(points, dtype=float)
    efficient = np.ones(len(points), dtype=bool)
    step = max(1, _CELLS // max(1, points.size))
    for start in range(0, len(points), step):
        block = points[start : start + step]  # candidates to test
        geq = (points[None, :, :] >= block[:, None, :]).all(axis=2)
        gt = (points[None, :, :] > block[:, None, :]).any(axis=2)
        efficient[start : start + step] = ~(geq & gt).any(axis=1)
    return efficient


def pareto_efficient(game: Game) -> pd.DataFrame:
    """The Pareto-efficient pure profiles, as rows of the game's payoff table.

    Examples
    --------
    In the prisoners' dilemma the equilibrium (D, D) is the one inefficient profile:

    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           strategies=(("C", "D"), ("C", "D")))
    >>> tg.pareto_efficient(g)
      Row Column  Row payoff  Column payoff
    0   C      C         3.0            3.0
    1   C      D         0.0            5.0
    2   D      C         5.0            0.0
    """
    require_game(game, "pareto_efficient")
    points = game.payoff_tensor.reshape(game.n_players, -1).T
    mask = pareto_mask(points)
    return game.to_frame()[mask].reset_index(drop=True)
