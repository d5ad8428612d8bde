"""All pure-strategy Nash equilibria of N-player games, vectorized.

A pure profile is an equilibrium when, for every player, its payoff equals the
maximum of that player's payoff along the player's own axis (no unilateral
deviation gains). The kernel computes one ``max`` per player over the whole
payoff tensor, so there is no Python loop over profiles, and it accepts a
leading batch axis so a sweep solves thousands of games in one call.

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295.
"""

from __future__ import annotations

import numpy as np

from ..game import Game
from .result import DEFAULT_TOL, SolverResult, check_game, verified_result

__all__ = ["pure_nash", "pure_nash_mask"]


def pure_nash_mask(tensors: np.ndarray, *, atol: float = 0.0) -> np.ndarray:
    """Mark the pure Nash equilibria of a batch of games.

    Parameters
    ----------
    tensors : ndarray, shape (B, n_players, n_1, ..., n_N)
        Payoff tensors of B games of the same shape.
    atol : float, optional
        A profile counts as an equilibrium when no deviation gains more than
        ``atol``. Zero (the default) compares exactly, as Gambit does.

    Returns
    -------
    ndarray of bool, shape (B, n_1, ..., n_N)

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers.pure import pure_nash_mask
    >>> pd_payoffs = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> pure_nash_mask(pd_payoffs[None])[0]
    array([[False, False],
           [False,  True]])
    """
    tensors = np.asarray(tensors)
    n = tensors.shape[1]
    mask = np.ones((tensors.shape[0], *tensors.shape[2:]), dtype=bool)
    for i in range(n):
        own = tensors[:, i]
        best = own.max(axis=1 + i, keepdims=True)
        mask &= own >= best - atol
    return mask


def pure_nash(game: Game, *, tol: float = DEFAULT_TOL) -> SolverResult:
    """All pure-strategy Nash equilibria of an N-player game.

    Parameters
    ----------
    game : Game
    tol : float, optional
        Relative regret tolerance used when verifying (see
        :func:`~tradegame.solvers.result.regret_tolerance`). Best responses are
        found by exact comparison, so ties count as best responses.

    Returns
    -------
    SolverResult
        ``method="pure"``; complete by construction.

    Examples
    --------
    >>> import tradegame as tg
    >>> battle = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.supports for e in tg.pure_nash(battle)]
    [((0,), (0,)), ((1,), (1,))]
    """
    check_game(game, "pure")
    mask = pure_nash_mask(game.payoff_tensor[None])[0]
    profiles = np.argwhere(mask)
    candidates = [np.eye(size)[profiles[:, i]] for i, size in enumerate(game.shape)]
    return verified_result(
        game,
        "pure",
        {"tol": tol},
        candidates,
        tol=tol,
        complete=True,
        notes=() if len(profiles) else ("no pure-strategy equilibrium",),
    )
