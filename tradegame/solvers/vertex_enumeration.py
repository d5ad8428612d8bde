"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

With payoffs shifted to be positive, the best-response polytopes are

    P = {x >= 0 : B^T x <= 1},    Q = {y >= 0 : A y <= 1}.

A vertex carries the labels of the constraints tight there: strategy ``i`` of
the row player labels ``x_i = 0`` in P and ``(A y)_i = 1`` in Q; strategy ``j``
of the column player labels ``(B^T x)_j = 1`` in P and ``y_j = 0`` in Q. A
pair of vertices ``(x, y) != (0, 0)`` is a Nash equilibrium, after scaling to
probabilities, exactly when every label appears at ``x`` or at ``y``
(von Stengel 2007, Theorem 3.4).

The vertices are found by a depth-first walk over *all* feasible bases of
each polytope, pivoting in exact integer arithmetic. Every basis of a
degenerate vertex is visited, so no perturbation is applied and degenerate
games yield every extreme equilibrium, as Gambit's ``enummixed`` (lrs) does
(Avis, Rosenberg, Savani and von Stengel 2010). The walk reaches every
feasible basis because the graph of feasible bases of a polytope is
connected. Its cost grows with the number of bases, which in highly
degenerate games can exceed the number of vertices by far.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. *Algorithmic Game Theory*, ch. 3.
Avis, D., Rosenberg, G., Savani, R., von Stengel, B. (2010). Enumeration of
Nash equilibria for two-player games. *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..game import Game
from ._tableau import Tableau, exact_matrix
from .result import DEFAULT_TOL, SolverResult, check_game, verified_result

__all__ = ["polytope_vertices", "vertex_enumeration"]


def _polytope_matrix(matrix: np.ndarray, exact: bool) -> tuple[np.ndarray, object]:
    """Constraint matrix with positive entries and its right-hand side (1, scaled)."""
    if exact:
        return exact_matrix(matrix)
    return matrix - matrix.min() + 1.0, 1.0


def polytope_vertices(
    matrix: np.ndarray, *, exact: bool = True
) -> tuple[list[tuple], np.ndarray, bool]:
    """Vertices of ``{z >= 0 : M z <= 1}`` other than the origin, after making ``M`` positive.

    Parameters
    ----------
    matrix : ndarray, shape (k, d)
        Constraint matrix; shifted by a constant so all entries are positive.
    exact : bool
        Exact integer pivoting (True) or floating point.

    Returns
    -------
    points : list of tuple
        Each vertex's coordinates ``z`` (Fractions in exact mode).
    zero : ndarray of bool, shape (n_vertices, d + k)
        ``zero[v, j]`` is True when variable ``j`` (``z`` first, then the
        slacks) is zero at vertex ``v``: those are the vertex's labels.
    degenerate : bool
        Whether some vertex has more than ``d`` zero variables.
    """
    k, d = matrix.shape
    positive, rhs = _polytope_matrix(np.asarray(matrix, dtype=float), exact)
    start = Tableau(positive, rhs, exact=exact)
    seen = {start.mask}
    stack = [start]
    found: dict[tuple, np.ndarray] = {}
    while stack:
        tab = stack.pop()
        point = tab.point()
        if point not in found:
            found[point] = tab.zero_variables()
        for col in tab.nonbasic:
            for row in tab.leaving_rows(col):
                basis = tab.mask ^ (1 << tab.basis[row]) | (1 << col)
                if basis in seen:
                    continue
                seen.add(basis)
                nxt = tab.copy()
                nxt.pivot(row, col)
                stack.append(nxt)
    points = [p for p in found if any(v != 0 for v in p)]
    zero = np.array([found[p] for p in points], dtype=bool).reshape(len(points), d + k)
    degenerate = bool((zero.sum(axis=1) > d).any())
    return points, zero, degenerate


def vertex_enumeration(game: Game, *, exact: bool = True, tol: float = DEFAULT_TOL) -> SolverResult:
    """All extreme Nash equilibria of a two-player game, also when it is degenerate.

    Parameters
    ----------
    game : Game
        A two-player game.
    exact : bool, optional
        Pivot in exact rational arithmetic (default). Payoffs typed as
        decimals are read as those decimals; other floats as their exact
        binary value. ``False`` pivots in floating point, faster on large
        games with real-valued payoffs but subject to rounding in
        degenerate games.
    tol : float, optional
        Relative regret tolerance for verification.

    Returns
    -------
    SolverResult
        ``method="vertex-enumeration"``. In exact mode the set of extreme
        equilibria is complete and each equilibrium carries exact fractions.
        If the game is degenerate, a note says that equilibria form connected
        sets whose extreme points are those listed.

    Examples
    --------
    >>> import tradegame as tg
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> result = tg.vertex_enumeration(pennies)
    >>> result.equilibria[0].exact
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    check_game(game, "vertex-enumeration", two_players=True)
    a, b = game.payoffs
    m, n = game.shape
    # P = {x >= 0: B^T x <= 1}: variables x_i carry label i, slacks carry label m + j.
    xs, zero_p, degenerate_p = polytope_vertices(b.T, exact=exact)
    labels_p = zero_p  # columns already ordered as labels 0..m-1, m..m+n-1
    # Q = {y >= 0: A y <= 1}: variables y_j carry label m + j, slacks carry label i.
    ys, zero_q, degenerate_q = polytope_vertices(a, exact=exact)
    labels_q = np.concatenate([zero_q[:, n:], zero_q[:, :n]], axis=1)
    # complementary pairs: no label missing at both vertices
    missing = (~labels_p).astype(np.int64) @ (~labels_q).astype(np.int64).T
    pairs = np.argwhere(missing == 0)
    exact_profiles = []
    candidates: list[list[np.ndarray]] = [[], []]
    for i, j in pairs:
        x, y = xs[i], ys[j]
        sx, sy = sum(x), sum(y)
        px = tuple(Fraction(v) / sx for v in x) if exact else None
        py = tuple(Fraction(v) / sy for v in y) if exact else None
        exact_profiles.append((px, py) if exact else None)
        candidates[0].append(np.array([float(v) for v in x]) / float(sx))
        candidates[1].append(np.array([float(v) for v in y]) / float(sy))
    stacked = [
        np.array(c).reshape(len(pairs), size) for c, size in zip(candidates, (m, n), strict=True)
    ]
    degenerate = degenerate_p or degenerate_q
    notes = []
    if degenerate:
        notes.append(
            "the game is degenerate: equilibria may form connected sets; "
            "the extreme equilibria listed are their vertices"
        )
    if not exact:
        notes.append("floating-point pivoting: in degenerate games rounding may miss equilibria")
    return verified_result(
        game,
        "vertex-enumeration",
        {"exact": exact, "tol": tol},
        stacked,
        tol=tol,
        complete=exact,
        notes=notes,
        exact=exact_profiles if exact else None,
    )
