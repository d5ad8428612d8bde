"""Nash equilibria of a two-player game by support enumeration, batched.

For every pair of supports of equal size ``k`` the indifference conditions
are a linear system; all systems of one size are stacked and solved in one
batched ``numpy.linalg.solve`` call, and solutions with non-negative
probabilities and no profitable deviation outside the support are kept
(Nisan et al. 2007, Algorithm 3.4; von Stengel 2007, section 3.3). The
method lists every equilibrium of a *nondegenerate* game; degenerate games
can have equilibria whose supports differ in size, which it misses - use
:func:`~tradegame.solvers.vertex_enumeration.vertex_enumeration` for those.

References
----------
von Stengel, B. (2007). *Algorithmic Game Theory*, ch. 3, section 3.3.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..game import Game
from .result import DEFAULT_TOL, SolverResult, check_game, regret_tolerance, verified_result

__all__ = ["support_enumeration"]


def _indifferent(
    matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``matrix[rows][:, cols] @ p = v 1`` with ``sum(p) = 1`` for each support pair.

    Returns ``(p, ok)``: probabilities over ``cols`` with shape (P, k), and a
    mask of the pairs whose system is non-singular.
    """
    sub = matrix[rows[:, :, None], cols[:, None, :]]  # (P, k, k)
    n_pairs, k, _ = sub.shape
    system = np.zeros((n_pairs, k + 1, k + 1))
    system[:, :k, :k] = sub
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    rhs = np.zeros((n_pairs, k + 1))
    rhs[:, k] = 1.0
    scale = np.abs(system).max(axis=(1, 2))
    ok = np.abs(np.linalg.det(system / scale[:, None, None])) > 1e-12
    out = np.full((n_pairs, k + 1), np.nan)
    if ok.any():
        out[ok] = np.linalg.solve(system[ok], rhs[ok][..., None])[..., 0]
    return out[:, :k], ok


_BATCH = 1 << 16  # support pairs solved per numpy call


def _solve_supports(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, atol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Equilibria among a batch of support pairs (rows[p], cols[p])."""
    m, n = a.shape
    # the column player's mix y makes the row player indifferent over `rows`, and vice versa
    y_sub, ok_y = _indifferent(a, rows, cols)
    x_sub, ok_x = _indifferent(b.T, cols, rows)
    ok = ok_x & ok_y
    ok &= np.all(x_sub >= -atol, axis=1, where=ok[:, None])
    ok &= np.all(y_sub >= -atol, axis=1, where=ok[:, None])
    idx = np.flatnonzero(ok)
    x = np.zeros((len(idx), m))
    y = np.zeros((len(idx), n))
    np.put_along_axis(x, rows[idx], np.clip(x_sub[idx], 0, None), axis=1)
    np.put_along_axis(y, cols[idx], np.clip(y_sub[idx], 0, None), axis=1)
    row_values = y @ a.T  # payoff of each row strategy against y
    col_values = x @ b
    best_row = np.take_along_axis(row_values, rows[idx], axis=1).max(axis=1, initial=-np.inf)
    best_col = np.take_along_axis(col_values, cols[idx], axis=1).max(axis=1, initial=-np.inf)
    keep = (row_values.max(axis=1, initial=-np.inf) <= best_row + atol) & (
        col_values.max(axis=1, initial=-np.inf) <= best_col + atol
    )
    return x[keep], y[keep]


def support_enumeration(game: Game, *, tol: float = DEFAULT_TOL) -> SolverResult:
    """Equilibria of a two-player game from equal-size support pairs.

    Parameters
    ----------
    game : Game
        A two-player game.
    tol : float, optional
        Relative tolerance for the non-negativity and best-response checks
        and for verification.

    Returns
    -------
    SolverResult
        ``method="support-enumeration"``; ``complete`` is False since
        completeness holds only for nondegenerate games.

    Examples
    --------
    >>> import tradegame as tg
    >>> battle = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> len(tg.support_enumeration(battle))
    3
    """
    check_game(game, "support-enumeration", two_players=True)
    a, b = game.payoffs
    m, n = game.shape
    atol = regret_tolerance(game, tol)
    found: list[list[np.ndarray]] = [[], []]
    for k in range(1, min(m, n) + 1):
        row_sets = np.array(list(itertools.combinations(range(m), k)), dtype=np.intp)
        col_sets = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        step = max(1, _BATCH // len(col_sets))
        for first in range(0, len(row_sets), step):
            chunk = row_sets[first : first + step]
            rows = np.repeat(chunk, len(col_sets), axis=0)
            cols = np.tile(col_sets, (len(chunk), 1))
            x, y = _solve_supports(a, b, rows, cols, atol)
            found[0].extend(x)
            found[1].extend(y)
    stacked = [np.array(f).reshape(len(f), size) for f, size in zip(found, (m, n), strict=True)]
    return verified_result(
        game,
        "support-enumeration",
        {"tol": tol},
        stacked,
        tol=tol,
        complete=False,
        notes=(
            "support enumeration lists every equilibrium of a nondegenerate game only; "
            "vertex-enumeration is complete for degenerate games too",
        ),
    )
