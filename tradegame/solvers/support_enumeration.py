"""Nash equilibria of a two-player game by support enumeration, batched and lazy.

For every pair of supports of equal size ``k`` the indifference conditions
are a linear system; support pairs are generated lazily in blocks, each block
solved in one batched ``numpy.linalg.solve`` call, and solutions with
non-negative probabilities and no profitable deviation outside the support
are kept (Nisan et al. 2007, Algorithm 3.4; von Stengel 2007, section 3.3).
The systems are built from the normalized game (each player's payoffs mapped
onto [0, 1]), so acceptance thresholds are relative to the payoff range and
the method finds the same equilibria whatever the payoff units.

The method lists every equilibrium of a *nondegenerate* game; degenerate
games can have equilibria whose supports differ in size, which it misses -
use :func:`~tradegame.solvers.vertex_enumeration.vertex_enumeration` for
those. The number of support pairs grows exponentially with the game's size;
memory does not, since pairs are generated and solved a block of a few
megabytes at a time, and the time limit ends the run.

References
----------
Nisan, N., Roughgarden, T., Tardos, E., Vazirani, V. (eds.) (2007).
*Algorithmic Game Theory*, Cambridge University Press.
von Stengel, B. (2007). *Algorithmic Game Theory*, ch. 3, section 3.3.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np

from .. import limits
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._scale import normalized
from .result import DEFAULT_TOL, SolverResult, check_game, check_tol, verified_result

__all__ = ["support_enumeration"]

_CELLS = 1 << 22  # numbers a block of support pairs may occupy (32 MB of floats)


def _indifferent(
    matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``matrix[rows][:, cols] @ p = v 1`` with ``sum(p) = 1`` for each support pair.

    Returns ``(p, ok)``: probabilities over ``cols`` with shape (P, k), and a
    mask of the pairs whose system has a unique solution. ``matrix`` holds
    payoffs in [0, 1], so the solution's size, not a determinant threshold,
    tells a usable solution from a near-singular one.
    """
    sub = matrix[rows[:, :, None], cols[:, None, :]]  # (P, k, k)
    n_pairs, k, _ = sub.shape
    system = np.zeros((n_pairs, k + 1, k + 1))
    system[:, :k, :k] = sub
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    rhs = np.zeros((n_pairs, k + 1, 1))
    rhs[:, k] = 1.0
    ok = np.linalg.det(system) != 0
    out = np.full((n_pairs, k + 1), np.nan)
    if ok.any():
        try:
            out[ok] = np.linalg.solve(system[ok], rhs[ok])[..., 0]
        except np.linalg.LinAlgError:  # pragma: no cover - det and solve share one LU
            for p in np.flatnonzero(ok):
                try:
                    out[p] = np.linalg.solve(system[p], rhs[p])[:, 0]
                except np.linalg.LinAlgError:
                    ok[p] = False
    ok &= np.isfinite(out).all(axis=1)
    return out[:, :k], ok


def _solve_supports(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Equilibria among a block of support pairs (rows[p], cols[p]) of a normalized game."""
    m, n = a.shape
    # the column player's mix y makes the row player indifferent over `rows`, and vice versa
    y_sub, ok_y = _indifferent(a, rows, cols)
    x_sub, ok_x = _indifferent(b.T, cols, rows)
    ok = ok_x & ok_y
    ok &= np.all(x_sub >= -tol, axis=1, where=ok[:, None])
    ok &= np.all(y_sub >= -tol, axis=1, where=ok[:, None])
    idx = np.flatnonzero(ok)
    x = np.zeros((len(idx), m))
    y = np.zeros((len(idx), n))
    np.put_along_axis(x, rows[idx], np.clip(x_sub[idx], 0, None), axis=1)
    np.put_along_axis(y, cols[idx], np.clip(y_sub[idx], 0, None), axis=1)
    row_values = y @ a.T  # payoff of each row strategy against y
    col_values = x @ b
    best_row = np.take_along_axis(row_values, rows[idx], axis=1).max(axis=1, initial=-np.inf)
    best_col = np.take_along_axis(col_values, cols[idx], axis=1).max(axis=1, initial=-np.inf)
    keep = (row_values.max(axis=1, initial=-np.inf) <= best_row + tol) & (
        col_values.max(axis=1, initial=-np.inf) <= best_col + tol
    )
    return x[keep], y[keep]


def _blocks(m: int, n: int, k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """All pairs of size-``k`` supports, in blocks generated lazily.

    A block holds as many pairs as fit in ``_CELLS`` numbers, counting the
    dense strategy vectors and payoff rows built for each pair (``m + n`` each).
    """
    batch = max(1, _CELLS // (m + n + (k + 1) ** 2))
    n_cols = math.comb(n, k)
    if n_cols <= batch:
        col_sets = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        step = max(1, batch // n_cols)
        row_iter = itertools.combinations(range(m), k)
        while chunk := list(itertools.islice(row_iter, step)):
            rows = np.array(chunk, dtype=np.intp)
            yield np.repeat(rows, n_cols, axis=0), np.tile(col_sets, (len(rows), 1))
        return
    for row in itertools.combinations(range(m), k):
        col_iter = itertools.combinations(range(n), k)
        while chunk := list(itertools.islice(col_iter, batch)):
            cols = np.array(chunk, dtype=np.intp)
            yield np.tile(np.array(row, dtype=np.intp), (len(cols), 1)), cols


def support_enumeration(
    game: Game, *, tol: float = DEFAULT_TOL, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> SolverResult:
    """Equilibria of a two-player game from equal-size support pairs.

    Parameters
    ----------
    game : Game
        A two-player game.
    tol : float, optional
        Relative tolerance (a fraction of each player's payoff range) for
        the non-negativity and best-response checks and for verification.
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`);
        None for no limit. Supports are tried from the smallest size up, so
        a run cut short has tried every smaller support.

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
    tol = check_tol(tol)
    budget = Budget("support-enumeration", time_limit)
    a, b = normalized(game.payoff_tensor[None])[0]
    m, n = game.shape
    largest = min(m, n)
    cap = limits.equilibria_cap(game.shape)
    found: list[list[np.ndarray]] = [[], []]
    seen: set[bytes] = set()
    tried = 0
    for k in range(1, largest + 1):
        for rows, cols in _blocks(m, n, k):
            if budget.expired():
                break
            x, y = _solve_supports(a, b, rows, cols, tol)
            # in a degenerate game several support pairs give one profile: keep it once
            keys = np.round(np.concatenate([x, y], axis=1), 10)
            for row, key in enumerate(keys):
                if (key := key.tobytes()) not in seen:
                    seen.add(key)
                    found[0].append(x[row])
                    found[1].append(y[row])
            if len(found[0]) > cap:
                budget.stop(f"stopped after {cap:,} equilibria (tradegame.limits.MAX_EQUILIBRIA)")
                break
            tried += len(rows)
            budget.report(
                lambda k=k, tried=tried: (
                    f"support size {k} of {largest}: {tried:,} pairs, {len(found[0])} candidates"
                )
            )
        if budget.stopped:
            break
    stacked = [
        np.array(f[:cap]).reshape(min(len(f), cap), size)
        for f, size in zip(found, (m, n), strict=True)
    ]
    return verified_result(
        game,
        "support-enumeration",
        {"tol": tol, "time_limit": budget.time_limit},
        stacked,
        tol=tol,
        complete=False,
        notes=(
            "support enumeration lists every equilibrium of a nondegenerate game only; "
            "vertex-enumeration is complete for degenerate games too",
        ),
        stopped=budget.stopped,
    )
