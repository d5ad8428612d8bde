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

from .. import limits
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._scale import payoff_spans
from .result import DEFAULT_TOL, SolverResult, check_game, check_tol, verified_result

__all__ = ["pure_nash", "pure_nash_mask"]


def _no_gain(own: np.ndarray, axis: int, slack: float | np.ndarray = 0.0) -> np.ndarray:
    """Where no change along ``axis`` (the player's own strategy) gains more than ``slack``."""
    return own >= own.max(axis=axis, keepdims=True) - slack


def pure_nash_mask(tensors: np.ndarray, *, tol: float = 0.0) -> np.ndarray:
    """Mark the pure Nash equilibria of a batch of games.

    Parameters
    ----------
    tensors : ndarray, shape (B, n_players, n_1, ..., n_N)
        Payoff tensors of B games of the same shape.
    tol : float, optional
        A profile counts as an equilibrium when no deviation gains more than
        ``tol`` times the deviating player's payoff range in that game. Zero
        (the default) compares exactly, as Gambit does.

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
    extra = (1,) * n
    slack = 0.0
    if tol:
        slack = tol * payoff_spans(tensors)[1].reshape(*tensors.shape[:2], *extra)
    mask = np.ones((tensors.shape[0], *tensors.shape[2:]), dtype=bool)
    for i in range(n):
        mask &= _no_gain(tensors[:, i], 1 + i, slack[:, i] if tol else 0.0)
    return mask


def _one_hot(index: np.ndarray, size: int) -> np.ndarray:
    """Rows of the identity matrix, without building it (a player may have 20,000 strategies)."""
    out = np.zeros((len(index), size))
    out[np.arange(len(index)), index] = 1.0
    return out


def pure_nash(
    game: Game, *, tol: float = DEFAULT_TOL, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> SolverResult:
    """All pure-strategy Nash equilibria of an N-player game.

    Parameters
    ----------
    game : Game
    tol : float, optional
        Relative regret tolerance used when verifying (a fraction of each
        player's payoff range). Best responses are found by exact
        comparison, so ties count as best responses and the answer does not
        depend on the payoff units.
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`).
        The method is one vectorized pass per player, linear in the number
        of profiles, and checks the limit between players; it is here so that
        every method takes the same arguments.

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
    tol = check_tol(tol)
    budget = Budget("pure", time_limit)
    tensor = game.payoff_tensor
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        if budget.expired():
            break
        mask &= _no_gain(tensor[i], i)
    profiles = np.argwhere(mask) if budget.stopped is None else np.zeros((0, game.n_players), int)
    if len(profiles) > (cap := limits.equilibria_cap(game.shape)):
        budget.stop(
            f"stopped after the first {cap:,} of {len(profiles):,} pure equilibria "
            "(tradegame.limits.MAX_EQUILIBRIA)"
        )
        profiles = profiles[:cap]
    candidates = [_one_hot(profiles[:, i], size) for i, size in enumerate(game.shape)]
    return verified_result(
        game,
        "pure",
        {"tol": tol, "time_limit": budget.time_limit},
        candidates,
        tol=tol,
        complete=True,
        notes=() if len(profiles) or budget.stopped else ("no pure-strategy equilibrium",),
        stopped=budget.stopped,
    )
