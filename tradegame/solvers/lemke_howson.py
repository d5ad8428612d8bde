"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

Starting from the artificial equilibrium ``(0, 0)`` of the best-response
polytopes, label ``k`` is dropped and complementary pivots alternate between
the two tableaux until the missing label is picked up again (Lemke and Howson
1964; von Stengel 2007, Algorithm 3.5). The lexicographic minimum-ratio test
makes every pivot unique, so the path also terminates on degenerate games,
and exact integer pivoting means it never overflows (floating-point integer
pivoting, as in nashpy, turns into NaN on large games).

References
----------
Lemke, C. E., Howson, J. T. (1964). Equilibrium points of bimatrix games.
*SIAM Journal on Applied Mathematics* 12(2), 413-423.
von Stengel, B. (2007). *Algorithmic Game Theory*, ch. 3, sections 3.4-3.7.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ..game import Game
from ._tableau import Tableau
from .result import DEFAULT_TOL, SolverResult, check_game, verified_result
from .vertex_enumeration import _polytope_matrix

__all__ = ["lemke_howson"]


def lemke_howson(
    game: Game,
    *,
    initial_dropped_label: int = 0,
    exact: bool = True,
    max_pivots: int = 100_000,
    tol: float = DEFAULT_TOL,
) -> SolverResult:
    """One equilibrium of a two-player game by complementary pivoting.

    Parameters
    ----------
    game : Game
        A two-player game with ``m`` and ``n`` strategies.
    initial_dropped_label : int, optional
        Label dropped first: ``0..m-1`` are the row player's strategies,
        ``m..m+n-1`` the column player's. Different labels can lead to
        different equilibria.
    exact : bool, optional
        Exact integer pivoting (default) or floating point.
    max_pivots : int, optional
        Safety bound on the path length.
    tol : float, optional
        Relative regret tolerance for verification.

    Returns
    -------
    SolverResult
        ``method="lemke-howson"`` with one equilibrium; ``complete`` is False
        because the method finds one equilibrium, not all.

    Examples
    --------
    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> tg.lemke_howson(g, initial_dropped_label=0).equilibria[0].exact
    ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    check_game(game, "lemke-howson", two_players=True)
    a, b = game.payoffs
    m, n = game.shape
    if not isinstance(initial_dropped_label, (int, np.integer)) or not (
        0 <= initial_dropped_label < m + n
    ):
        raise SolverError(
            f"initial_dropped_label must be an integer in 0..{m + n - 1}; "
            f"got {initial_dropped_label!r}"
        )
    k = int(initial_dropped_label)
    mat_p, rhs_p = _polytope_matrix(np.asarray(b.T, dtype=float), exact)
    mat_q, rhs_q = _polytope_matrix(np.asarray(a, dtype=float), exact)
    # P: variables x_0..x_{m-1} (labels 0..m-1), slacks s_0..s_{n-1} (labels m..m+n-1)
    # Q: variables y_0..y_{n-1} (labels m..m+n-1), slacks r_0..r_{m-1} (labels 0..m-1)
    tab_p = Tableau(mat_p, rhs_p, exact=exact)
    tab_q = Tableau(mat_q, rhs_q, exact=exact)

    def label_p(var: int) -> int:
        return var  # x_i -> i, s_j (var m + j) -> m + j

    def var_p(label: int) -> int:
        return label

    def label_q(var: int) -> int:
        return m + var if var < n else var - n

    def var_q(label: int) -> int:
        return label - m if label >= m else n + label

    tabs = ((tab_p, label_p, var_p), (tab_q, label_q, var_q))
    side = 0 if k < m else 1
    entering_label = k
    pivots = 0
    while True:
        tab, label_of, var_of = tabs[side]
        col = var_of(entering_label)
        row = tab.lex_min_ratio_row(col)
        leaving = tab.pivot(row, col)
        pivots += 1
        leaving_label = label_of(leaving)
        if leaving_label == k:
            break
        if pivots >= max_pivots:
            raise SolverError(f"lemke-howson: no equilibrium within max_pivots={max_pivots}")
        entering_label = leaving_label
        side = 1 - side
    x = tab_p.values()[:m]
    y = tab_q.values()[:n]
    if exact:
        sx, sy = sum(x), sum(y)
        exact_profile = (tuple(Fraction(v) / sx for v in x), tuple(Fraction(v) / sy for v in y))
        strategies = [np.array([float(v) for v in p]) for p in exact_profile]
    else:
        exact_profile = None
        strategies = [np.asarray(x) / np.sum(x), np.asarray(y) / np.sum(y)]
    return verified_result(
        game,
        "lemke-howson",
        {"initial_dropped_label": k, "exact": exact, "tol": tol, "pivots": pivots},
        [s[None, :] for s in strategies],
        tol=tol,
        complete=False,
        notes=("Lemke-Howson finds one equilibrium; use vertex-enumeration for all",),
        exact=[exact_profile] if exact else None,
    )
