"""Pareto-efficient pure profiles.

A profile is Pareto efficient when no other profile gives every player at
least as much and some player strictly more. Sorted in decreasing
lexicographic order, a profile can only be dominated by one that comes before
it, so the profiles are taken in that order, a block at a time, and each is
compared with the efficient profiles found so far and with the earlier ones of
its block (Kung, Luccio and Preparata 1975). The work is proportional to the
number of profiles times the size of the frontier, not to the square of the
number of profiles.

References
----------
Kung, H. T., Luccio, F., Preparata, F. P. (1975). On finding the maxima of a
set of vectors. *Journal of the ACM* 22(4), 469-476.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..game import Game, require_game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["pareto_efficient", "pareto_mask"]

_CELLS = 1 << 22  # comparisons held in memory at once
_BLOCK = 256  # profiles taken at a time: the comparisons within a block grow as its square


def _dominated(block: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which rows of ``block`` some row of ``others`` dominates."""
    geq = np.ones((len(block), len(others)), dtype=bool)
    gt = np.zeros_like(geq)
    for j in range(block.shape[1]):  # one player at a time: 2-d comparisons, no 3-d temporaries
        mine, theirs = block[:, j, None], others[None, :, j]
        geq &= theirs >= mine
        gt |= theirs > mine
    return (geq & gt).any(axis=1)


def pareto_mask(points: np.ndarray, budget: Budget | None = None) -> np.ndarray:
    """Which rows of ``points`` (shape ``(K, n_players)``) are not Pareto dominated.

    With a ``budget`` that runs out, the rows not yet examined are marked False
    and ``budget.stopped`` says so.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers.pareto import pareto_mask
    >>> pareto_mask(np.array([[3, 3], [0, 5], [5, 0], [1, 1]])).tolist()
    [True, True, True, False]
    """
    points = np.asarray(points, dtype=float)
    k, n = points.shape
    efficient = np.zeros(k, dtype=bool)
    order = np.lexsort(tuple(-points[:, j] for j in reversed(range(n))))
    frontier = np.zeros((0, n))
    start = 0
    while start < k:
        if budget is not None and budget.expired():
            break
        step = max(1, min(_BLOCK, _CELLS // max(1, n * (len(frontier) + _BLOCK))))
        rows = order[start : start + step]
        block = points[rows]
        keep = ~_dominated(block, frontier) if len(frontier) else np.ones(len(rows), dtype=bool)
        # within the block, only an earlier row can dominate a later one
        inside = _dominated(block, block)
        keep &= ~inside
        efficient[rows[keep]] = True
        frontier = np.concatenate([frontier, block[keep]])
        start += step
        if budget is not None:
            budget.report(lambda start=start: f"{start:,} of {k:,} profiles")
    return efficient


def pareto_efficient(game: Game, *, time_limit: float | None = DEFAULT_TIME_LIMIT) -> pd.DataFrame:
    """The Pareto-efficient pure profiles, as rows of the game's payoff table.

    Parameters
    ----------
    game : Game
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`).
        When they run out, the profiles found efficient so far are returned,
        ``frame.attrs["stopped"]`` says why, and an
        :class:`~tradegame.errors.EquilibriumWarning` says the list may be
        incomplete.

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
    budget = Budget("pareto_efficient", time_limit)
    points = game.payoff_tensor.reshape(game.n_players, -1).T
    mask = pareto_mask(points, budget)
    return budget.flag(game.to_frame()[mask].reset_index(drop=True), "the list may be incomplete")
