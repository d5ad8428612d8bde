"""All extreme Nash equilibria of a two-player game, by vertex enumeration.

With payoffs shifted to be positive, the best-response polytopes are

    P = {x >= 0 : B^T x <= 1},    Q = {y >= 0 : A y <= 1}.

A vertex carries the labels of the constraints tight there: strategy ``i`` of
the row player labels ``x_i = 0`` in P and ``(A y)_i = 1`` in Q; strategy ``j``
of the column player labels ``(B^T x)_j = 1`` in P and ``y_j = 0`` in Q. A
pair of vertices ``(x, y) != (0, 0)`` is a Nash equilibrium, after scaling to
probabilities, exactly when every label appears at ``x`` or at ``y``
(von Stengel 2007, Theorem 3.4).

Each polytope's vertices are found by a depth-first walk over its
*lexicographically feasible* bases: those that stay feasible when the
right-hand side is perturbed to ``1 + (eps, eps^2, ...)``, as in lrs (Avis
2000). The perturbed polytope is simple and its graph is connected, so the
walk reaches all of its vertices, and every vertex of the unperturbed
polytope is the basic solution of at least one of them. A degenerate vertex
is therefore found through one of its bases rather than through all of them
(whose number can be astronomically large), and its labels are read from the
variables that are actually zero there, so degenerate games yield every
extreme equilibrium, as Gambit's ``enummixed`` does (Avis, Rosenberg, Savani
and von Stengel 2010). The walk pivots back instead of storing tableaux, so
its memory is one tableau plus the set of bases seen.

Pivoting is exact (integer pivoting, von Stengel 2007, section 3.6) unless
``exact=False``; the floating-point walk works on the normalized game (each
player's payoffs mapped onto [0, 1]) so that its thresholds are relative.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. *Algorithmic Game Theory*, ch. 3.
Avis, D. (2000). lrs: A revised implementation of the reverse search vertex
enumeration algorithm. In *Polytopes - Combinatorics and Computation*,
DMV Seminar 29, 177-198.
Avis, D., Rosenberg, G., Savani, R., von Stengel, B. (2010). Enumeration of
Nash equilibria for two-player games. *Economic Theory* 42, 9-37.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical
Programming Study* 1, 175-189.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from .. import limits
from ..errors import on_command_line
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._tableau import Tableau, polytope_matrix, probabilities, tableau_problem
from .result import DEFAULT_TOL, SolverResult, check_flag, check_game, check_tol, verified_result

__all__ = ["polytope_vertices", "vertex_enumeration"]

_BASES_PER_VERTEX = 4  # lexicographic bases kept per vertex allowed, for degenerate polytopes
_WALK_SHARE = 0.85  # of the time limit for walking the polytopes; the rest pairs and verifies


def _key(point: tuple | np.ndarray) -> object:
    return point.tobytes() if isinstance(point, np.ndarray) else point


def _walk(
    polytope: tuple[np.ndarray, object],
    *,
    exact: bool,
    budget: Budget,
    max_vertices: int,
    near_ties: list[int] | None = None,
) -> Iterator[tuple[tuple | np.ndarray, np.ndarray]]:
    """Yield each vertex of ``{z >= 0 : M z <= rhs}`` once, for ``polytope = (M, rhs)``.

    Yields ``(point, zero)``: the vertex's coordinates (a tuple of Fractions
    in exact mode, a float array otherwise) and a bool mask of the variables
    (``z`` first, then slacks) that are zero there. The origin is visited but
    not yielded. Stops early, with the reason recorded in ``budget``, at the
    time limit or at ``max_vertices`` vertices. In floating point, the number
    of decisions taken by a narrow margin is appended to ``near_ties``.
    """
    tab = Tableau(*polytope, exact=exact)
    try:
        yield from _dfs(tab, exact=exact, budget=budget, max_vertices=max_vertices)
    finally:
        if near_ties is not None:
            near_ties.append(tab.near_ties)


def _dfs(
    tab: Tableau, *, exact: bool, budget: Budget, max_vertices: int
) -> Iterator[tuple[tuple | np.ndarray, np.ndarray]]:
    """The depth-first walk of :func:`_walk` from the tableau's starting basis."""
    n_vars = tab.d + tab.k
    seen = {tab.mask}
    found = {_key(tab.point())}
    # each frame: [next variable to try as entering column, (row, variable) that undoes the
    # pivot into this basis]; pivoting back restores the tableau exactly in integer mode
    stack: list[list] = [[0, None]]
    while stack:
        if budget.expired():
            return
        frame = stack[-1]
        var = frame[0]
        entered = False
        while var < n_vars:
            if not (tab.mask >> var) & 1:
                row = tab.lex_min_ratio_row(var)
                if row is not None:
                    basis = tab.mask ^ (1 << tab.basis[row]) | (1 << var)
                    if basis not in seen:
                        if len(seen) >= _BASES_PER_VERTEX * max_vertices:
                            budget.stop(
                                f"stopped after {len(seen):,} bases of one polytope "
                                "(tradegame.limits.MAX_VERTICES)"
                            )
                            return
                        seen.add(basis)
                        frame[0] = var + 1
                        leaving = tab.pivot(row, var)
                        stack.append([0, (row, leaving)])
                        entered = True
                        break
            var += 1
        if entered:
            point = tab.point()
            if (key := _key(point)) not in found:
                if len(found) > max_vertices:  # the origin is in found, and is no vertex here
                    budget.stop(
                        f"stopped after {max_vertices:,} vertices of one polytope "
                        "(tradegame.limits.MAX_VERTICES)"
                    )
                    return
                found.add(key)
                yield point, tab.zero_variables()
            continue
        stack.pop()
        if frame[1] is not None:
            tab.pivot(*frame[1])


def polytope_vertices(
    matrix: np.ndarray,
    *,
    exact: bool = True,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> tuple[list[tuple], np.ndarray, bool]:
    """Vertices of ``{z >= 0 : M z <= 1}`` other than the origin, after making ``M`` positive.

    Parameters
    ----------
    matrix : ndarray, shape (k, d)
        Constraint matrix; shifted by a constant so all entries are positive.
    exact : bool
        Exact integer pivoting (True) or floating point.
    time_limit : float or None
        Seconds allowed; the list is cut short when they run out.

    Returns
    -------
    points : list of tuple
        Each vertex's coordinates ``z`` (Fractions in exact mode).
    zero : ndarray of bool, shape (n_vertices, d + k)
        ``zero[v, j]`` is True when variable ``j`` (``z`` first, then the
        slacks) is zero at vertex ``v``: those are the vertex's labels.
    degenerate : bool
        Whether some vertex has more than ``d`` zero variables.

    Examples
    --------
    ``z1 + 2 z2 <= 1``, ``2 z1 + z2 <= 1`` (already positive, so unchanged):

    >>> from tradegame.solvers.vertex_enumeration import polytope_vertices
    >>> points, zero, degenerate = polytope_vertices([[1, 2], [2, 1]])
    >>> sorted(tuple(str(v) for v in p) for p in points), degenerate
    ([('0', '1/2'), ('1/2', '0'), ('1/3', '1/3')], False)
    """
    matrix = np.asarray(matrix, dtype=float)
    k, d = matrix.shape
    budget = Budget("polytope vertices", time_limit)
    polytope = polytope_matrix(matrix, exact, budget)
    walk = (
        []
        if polytope is None
        else _walk(polytope, exact=exact, budget=budget, max_vertices=limits.MAX_VERTICES)
    )
    found = list(walk)
    points = [p for p, _ in found]
    zero = np.array([z for _, z in found], dtype=bool).reshape(len(found), d + k)
    return points, zero, bool((zero.sum(axis=1) > d).any())


def _complementary_pairs(
    labels_p: np.ndarray, labels_q: np.ndarray, m: int, budget: Budget
) -> list[tuple[int, int]]:
    """Index pairs (x, y) whose labels together cover every label.

    A nondegenerate vertex of P has exactly ``m`` labels, so its partner must
    carry exactly the other ``n`` (a dictionary look-up) unless the partner is
    degenerate; degenerate vertices are matched by a vectorized superset test.
    """
    if not len(labels_p) or not len(labels_q):
        return []
    n = labels_p.shape[1] - m
    packed_q = np.packbits(labels_q, axis=1)
    need = np.packbits(~labels_p, axis=1)
    by_labels: dict[bytes, list[int]] = defaultdict(list)
    counts_q = labels_q.sum(axis=1)
    for j in np.flatnonzero(counts_q == n):
        by_labels[packed_q[j].tobytes()].append(int(j))
    degenerate_q = np.flatnonzero(counts_q > n)
    counts_p = labels_p.sum(axis=1)
    pairs: list[tuple[int, int]] = []
    for i in range(len(labels_p)):
        if i % 256 == 0 and budget.expired():
            break
        wanted = need[i]
        if counts_p[i] == m:
            pairs.extend((i, j) for j in by_labels.get(wanted.tobytes(), ()))
            pool = degenerate_q
        else:
            pool = np.arange(len(labels_q))
        if len(pool):
            hit = ((packed_q[pool] & wanted) == wanted).all(axis=1)
            pairs.extend((i, int(j)) for j in pool[hit])
    return pairs


def vertex_enumeration(
    game: Game,
    *,
    exact: bool = True,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SolverResult:
    """All extreme Nash equilibria of a two-player game, also when it is degenerate.

    Parameters
    ----------
    game : Game
        A two-player game.
    exact : bool, optional
        Pivot in exact rational arithmetic (default). Each payoff is read
        as the number it was typed as: a simple fraction (0.333... is 1/3)
        or its shortest decimal (0.1 is 1/10). ``False`` pivots in floating
        point on the normalized game: many times faster on payoffs computed
        by a model (17-digit decimals, whose exact pivots carry integers of
        hundreds of digits; about 45 times on a random 30x30 game), and
        reported complete only when no vertex was degenerate, no pivot was a
        near tie and the number of equilibria is odd.
    tol : float, optional
        Relative regret tolerance for verification (a fraction of each
        player's payoff range).
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`);
        None for no limit. When they run out, the equilibria among the
        vertices found so far are returned and the result is flagged
        incomplete.

    Returns
    -------
    SolverResult
        ``method="vertex-enumeration"``. In exact mode, run to the end, the
        set of extreme equilibria is complete and each equilibrium carries
        exact fractions; in floating point, see ``exact``. If the game is
        degenerate, a note says that equilibria form connected sets whose
        extreme points are those listed.

    Notes
    -----
    The number of vertices, and so the running time, grows exponentially
    with the size of the game: random 20x20 games take seconds, 40x40 games
    far longer than any budget. :func:`~tradegame.solvers.solve.solve` with
    ``method="auto"`` switches to Lemke-Howson from every starting label
    when enumeration does not finish.

    Examples
    --------
    >>> import tradegame as tg
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> result = tg.vertex_enumeration(pennies)
    >>> result.equilibria[0].exact
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    check_game(game, "vertex-enumeration", two_players=True)
    exact = check_flag("exact", exact)
    tol = check_tol(tol)
    budget = Budget("vertex-enumeration", time_limit)
    walking = budget.part(_WALK_SHARE)  # the rest pairs up and verifies what was found
    a, b = game.exact_payoffs if exact and game.exact_payoffs is not None else game.payoffs
    m, n = game.shape
    parameters = {"exact": exact, "tol": tol, "time_limit": budget.time_limit}
    # P = {x >= 0: B^T x <= 1}: variables x_i carry label i, slacks carry label m + j.
    # Q = {y >= 0: A y <= 1}: variables y_j carry label m + j, slacks carry label i.
    polytopes = None
    if (problem := tableau_problem(m, n, exact)) is not None:
        budget.stop(f"stopped before starting: {problem}")
    else:
        polytopes = [
            polytope_matrix(b.T, exact, walking, tol),
            polytope_matrix(a, exact, walking, tol),
        ]
    if polytopes is None or None in polytopes:
        budget.stop(walking.stopped or "")
        empty = [np.zeros((0, m)), np.zeros((0, n))]
        return verified_result(
            game,
            "vertex-enumeration",
            parameters,
            empty,
            tol=tol,
            complete=False,
            stopped=budget.stopped,
        )
    near_ties: list[int] = []
    walks = [
        _walk(p, exact=exact, budget=walking, max_vertices=limits.MAX_VERTICES, near_ties=near_ties)
        for p in polytopes
    ]
    found: list[list[tuple[tuple, np.ndarray]]] = [[], []]
    active = [0, 1]
    while active:  # alternate, so that both polytopes progress if time runs out
        for side in list(active):
            vertex = next(walks[side], None)
            if vertex is None:
                active.remove(side)
            else:
                found[side].append(vertex)
        budget.report(lambda: f"{len(found[0]):,} + {len(found[1]):,} vertices")
    xs = [p for p, _ in found[0]]
    ys = [p for p, _ in found[1]]
    labels_p = np.array([z for _, z in found[0]], dtype=bool).reshape(len(xs), m + n)
    zero_q = np.array([z for _, z in found[1]], dtype=bool).reshape(len(ys), n + m)
    labels_q = np.concatenate([zero_q[:, n:], zero_q[:, :n]], axis=1)
    # pair what the walks found, in the time left, also when the walks were cut short
    pairs = _complementary_pairs(labels_p, labels_q, m, budget)
    cap = limits.equilibria_cap(game.shape)
    if len(pairs) > cap:
        budget.stop(f"stopped after {cap:,} equilibria (tradegame.limits.MAX_EQUILIBRIA)")
        pairs = pairs[:cap]
    exact_profiles = []
    candidates: list[list[np.ndarray]] = [[], []]
    for count, (i, j) in enumerate(pairs):
        if count % 256 == 0 and budget.expired():
            break
        profile, x, y = probabilities(xs[i], ys[j], exact)
        exact_profiles.append(profile)
        candidates[0].append(x)
        candidates[1].append(y)
    stacked = [
        np.array(c).reshape(len(c), size) for c, size in zip(candidates, (m, n), strict=True)
    ]
    degenerate = bool((labels_p.sum(axis=1) > m).any() or (labels_q.sum(axis=1) > n).any())
    notes = []
    if degenerate:
        notes.append(
            "the game is degenerate: equilibria may form connected sets; "
            "the extreme equilibria listed are their vertices"
        )
    result = verified_result(
        game,
        "vertex-enumeration",
        parameters,
        stacked,
        tol=tol,
        complete=True,  # exact arithmetic; floating point is judged below
        notes=notes,
        exact=exact_profiles if exact else None,
        stopped=walking.stopped or budget.stopped,
    )
    if exact:
        return result
    return _judged(result, degenerate=degenerate, ties=sum(near_ties))


def _judged(result: SolverResult, *, degenerate: bool, ties: int) -> SolverResult:
    """A floating-point result, complete only where rounding cannot have changed a decision.

    That is: no degenerate vertex, no pivot decided by a margin under 1e-8, and
    an odd number of equilibria, as every nondegenerate game has (Shapley 1974).
    """
    exact = "--exact" if on_command_line() else "exact=True"
    count = len(result)
    if degenerate or ties:
        why = "the game is degenerate" if degenerate else f"{ties} pivots were near ties"
        note = (
            f"floating-point pivoting: {why}, so rounding may have missed equilibria "
            f"({exact} is complete when it finishes)"
        )
    elif not result.complete:  # stopped early or a candidate failed verification: said already
        return result
    elif count % 2 == 0:
        note = (
            f"floating-point pivoting found {count} equilibria, an even number, so rounding "
            f"missed at least one (a nondegenerate game has an odd number; {exact} is "
            "complete when it finishes)"
        )
    else:
        return replace(
            result,
            notes=(
                *result.notes,
                "floating-point pivoting, checked: no near ties and an odd number of "
                "equilibria, so the list is complete",
            ),
        )
    return replace(result, complete=False, notes=(*result.notes, note))
