"""From an approximate equilibrium to an exact one: guess the support, solve its system.

In a Nash equilibrium every strategy a player uses earns that player the same
payoff, its best (Nash 1951; McKelvey and McLennan 1996, section 5). Given a
support for each player, that is a square polynomial system in the support
probabilities, multilinear in the players' mixtures (see
:mod:`.all_equilibria`, which finds all of its roots). Solvers that reach an
approximate equilibrium (a point on the logit path) hand it to
:func:`polish`, which guesses the supports from it, solves each guess's system
by the same batched Newton's method that :mod:`.all_equilibria` uses, and
returns the first solution that verifies, or None.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite
games. In *Handbook of Computational Economics* 1, ch. 2, 87-142.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .regret import regrets, strategy_payoffs

__all__ = ["polish"]

_THRESHOLDS = (1e-2, 1e-3, 1e-4, 1e-6, 1e-9)  # probabilities that count as "used"


def _guesses(
    tensor: np.ndarray, profile: Sequence[np.ndarray]
) -> list[tuple[tuple[int, ...], ...]]:
    """Support profiles to try: the strategies used above a range of thresholds."""
    n = tensor.ndim - 1
    batch = [np.asarray(p, dtype=float)[None] for p in profile]
    values = [strategy_payoffs(tensor, batch, i)[0] for i in range(n)]
    seen: list[tuple[tuple[int, ...], ...]] = []
    for threshold in _THRESHOLDS:
        guess = []
        for i in range(n):
            p = np.asarray(profile[i], dtype=float)
            used = np.flatnonzero(p > threshold * p.max())
            if not len(used):
                used = np.array([int(np.argmax(values[i]))])
            guess.append(tuple(int(s) for s in used))
        if tuple(guess) not in seen:
            seen.append(tuple(guess))
    return seen


def polish(
    tensor: np.ndarray, profile: Sequence[np.ndarray], *, tol: float
) -> list[np.ndarray] | None:
    """An equilibrium near ``profile``, exact to rounding, or None.

    Tries the supports that ``profile`` suggests (the strategies played with
    more than 1%, 0.1%, ... of the player's largest probability), solving each
    one's indifference system by Newton's method from ``profile``; returns the
    first solution in which no player's regret exceeds ``tol`` (``tensor`` is
    normalized, so this is ``tol`` of each player's payoff range).

    Parameters
    ----------
    tensor : ndarray, shape (n, n_1, ..., n_N)
        Normalized payoff tensor.
    profile : sequence of ndarray
        Approximate equilibrium, one probability vector per player.
    tol : float
        Regret tolerance.

    Examples
    --------
    Matching pennies from a rough guess:

    >>> import numpy as np
    >>> from tradegame.solvers._indifference import polish
    >>> a = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> tensor = np.stack([a, 1 - a])
    >>> [p.round(12).tolist() for p in polish(tensor, [np.array([0.6, 0.4])] * 2, tol=1e-9)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    from .all_equilibria import _kept, _System  # the one Newton solver of these systems

    n = tensor.ndim - 1
    alive = [np.arange(k) for k in tensor.shape[1:]]
    for supports in _guesses(tensor, profile):
        system = _System(tensor, [supports], alive)
        start = np.concatenate(
            [_start(np.asarray(profile[j], dtype=float)[list(supports[j])]) for j in range(n)]
        )
        which = np.zeros(1, dtype=np.intp)
        point, converged = system.newton(which, start[None])
        if not converged[0]:
            continue
        found, _ = _kept(system, tensor, [supports], which, point)
        if len(found[0]) and regrets(tensor, found).max() <= tol:
            return [f[0] / f[0].sum() for f in found]
    return None


def _start(probabilities: np.ndarray) -> np.ndarray:
    """A support's probabilities after the first, renormalized (uniform if all are zero)."""
    clipped = np.clip(probabilities, 0.0, None)
    total = clipped.sum()
    mixture = clipped / total if total > 0 else np.full(len(clipped), 1.0 / len(clipped))
    return mixture[1:]
