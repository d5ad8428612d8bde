"""The indifference system of a support profile, and Newton's method on it.

In a Nash equilibrium every strategy a player uses earns that player the same
payoff, its best (Nash 1951; McKelvey and McLennan 1996, section 5). Given a
support ``S_i`` for each player, the unknowns are the probabilities on the
supports and each player's equilibrium payoff ``v_i``::

    u_i(s, x_-i) - v_i = 0      for every player i and s in S_i
    sum(x_i) - 1       = 0      for every player i

a square polynomial system, multilinear in the players' mixtures. Solvers
that find an approximate equilibrium (a point on the logit path, the
rounding of a root box) hand it to :func:`polish`, which guesses the support
from it, solves the system by Newton's method from it and returns an exact
(to rounding) equilibrium, or None when no guess yields one.

References
----------
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite
games. In *Handbook of Computational Economics* 1, ch. 2, 87-142.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .regret import regrets, strategy_payoffs

__all__ = ["indifference_newton", "jacobian_blocks", "polish"]

_ITERATIONS = 40
_STALLED = 6  # Newton steps without the residual shrinking by 10% before the run is abandoned
_CONVERGED = 1e-13  # residual (payoffs in [0, 1]) at which Newton stops
_NEGATIVE = 1e-10  # a probability below minus this is not a rounding error
_THRESHOLDS = (1e-2, 1e-3, 1e-4, 1e-6, 1e-9)  # probabilities that count as "used"


def jacobian_blocks(tensor: np.ndarray, profile: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
    """``blocks[i][j][s, t]``: the derivative of ``u_i(s, x_-i)`` in ``x_j(t)``.

    Zero blocks on the diagonal (a player's payoff to a pure strategy does not
    depend on its own mixture).
    """
    n = tensor.ndim - 1
    blocks: list[list[np.ndarray]] = []
    for i in range(n):
        row = []
        for j in range(n):
            if j == i:
                row.append(np.zeros((tensor.shape[1 + i], tensor.shape[1 + j])))
                continue
            operands: list = [tensor[i], list(range(n))]
            for k in range(n):
                if k not in (i, j):
                    operands += [profile[k], [k]]
            row.append(np.einsum(*operands, [i, j], optimize=n > 3 and tensor.size > 1 << 16))
        blocks.append(row)
    return blocks


def indifference_newton(
    tensor: np.ndarray,
    supports: Sequence[Sequence[int]],
    start: Sequence[np.ndarray],
    *,
    iterations: int = _ITERATIONS,
) -> list[np.ndarray] | None:
    """Solve the indifference system of ``supports`` by Newton's method from ``start``.

    Parameters
    ----------
    tensor : ndarray, shape (n, n_1, ..., n_N)
        Payoff tensor (normalized, in [0, 1]).
    supports : sequence of sequence of int
        Each player's support.
    start : sequence of ndarray
        Starting mixtures (full length; entries off the support are ignored).
    iterations : int
        Newton steps at most.

    Returns
    -------
    list of ndarray or None
        The solution's mixtures (zero off the support), or None if Newton did
        not converge or a probability came out negative. Steps are least-squares
        solutions, so a singular system (a continuum of solutions, as in
        degenerate games) still converges to one of its points.
    """
    n = tensor.ndim - 1
    idx = [np.asarray(s, dtype=np.intp) for s in supports]
    sub = tensor[np.ix_(range(n), *idx)]
    x = []
    for i in range(n):
        xi = np.clip(np.asarray(start[i], dtype=float)[idx[i]], 0.0, None)
        total = xi.sum()
        x.append(xi / total if total > 0 else np.full(len(idx[i]), 1.0 / len(idx[i])))
    sizes = [len(s) for s in idx]
    offsets = np.cumsum([0, *[k + 1 for k in sizes]])
    size = int(offsets[-1])
    v = [float(strategy_payoffs(sub, [xi[None] for xi in x], i)[0] @ x[i]) for i in range(n)]
    for _ in range(iterations):
        batch = [xi[None] for xi in x]
        values = [strategy_payoffs(sub, batch, i)[0] for i in range(n)]
        residual = np.concatenate([np.append(values[i] - v[i], x[i].sum() - 1.0) for i in range(n)])
        if np.max(np.abs(residual)) <= _CONVERGED:
            break
        jac = np.zeros((size, size))
        blocks = jacobian_blocks(sub, x)
        for i in range(n):
            r0, k = offsets[i], sizes[i]
            for j in range(n):
                c0 = offsets[j]
                jac[r0 : r0 + k, c0 : c0 + sizes[j]] = blocks[i][j]
            jac[r0 : r0 + k, r0 + k] = -1.0  # d/dv_i
            jac[r0 + k, r0 : r0 + k] = 1.0  # sum of x_i
        # unknowns: x_i then v_i, player by player
        step = np.linalg.lstsq(jac, -residual, rcond=None)[0]
        if not np.all(np.isfinite(step)):
            return None
        for i in range(n):
            x[i] = x[i] + step[offsets[i] : offsets[i] + sizes[i]]
            v[i] += float(step[offsets[i] + sizes[i]])
    else:
        batch = [xi[None] for xi in x]
        values = [strategy_payoffs(sub, batch, i)[0] for i in range(n)]
        worst = max(np.ptp(values[i]) + abs(x[i].sum() - 1.0) for i in range(n))
        if not worst <= 1e-10:
            return None
    out = []
    for i in range(n):
        if np.any(x[i] < -_NEGATIVE):
            return None
        full = np.zeros(tensor.shape[1 + i])
        full[idx[i]] = np.clip(x[i], 0.0, None)
        out.append(full / full.sum())
    return out


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
    for supports in _guesses(tensor, profile):
        found = indifference_newton(tensor, supports, profile)
        if found is None:
            continue
        if regrets(tensor, [p[None] for p in found]).max() <= tol:
            return found
    return None
